/// Records every operation of one computation so reverse-mode autodiff can walk it backwards.
///
/// One tape per computation (a chapter's block, a grading check, a training step); it is not
/// shared across threads. Gradients are correct for any graph shape: a value used twice gets
/// both contributions summed.
///
/// Two representations share one tape. Scalars (shape `[]`, the source material's worked
/// examples) are stored as a bare `Double` with their local partial derivatives, so a scalar
/// forward + backward allocates nothing per operation. Tensors record an op code (or, through
/// `record(_:inputs:pullback:)`, any closure) and are differentiated a tensor at a time.
public final class Tape {
    /// Maps the gradient of a node's output to the gradients of its inputs, in input order.
    public typealias Pullback = (Tensor) -> [Tensor]

    /// How a node's gradient flows to its inputs.
    enum Backward {
        /// A leaf: nothing flows further.
        case leaf
        /// A result the gradient does not flow through (comparisons).
        case detached
        /// A scalar result: upstream × partial0 to input0, upstream × partial1 to input1.
        case partials
        case add
        case subtract
        case multiply
        case divide
        /// upstream × a stored derivative of the same shape (every elementwise function).
        case scale(Tensor)
        case matmul
        /// Sum of all elements: the upstream scalar spreads to every element.
        case sumAll
        case custom(Pullback)
    }

    struct Node {
        /// The value of a tensor node; `Tape.placeholder` for a scalar node.
        var tensor: Tensor
        /// The value of a scalar node.
        var scalar: Double
        var isScalar: Bool
        /// First two inputs inline (-1 when absent); `moreInputs` holds all of them when there
        /// are more than two, so the common case allocates no array.
        var input0: Int
        var input1: Int
        var moreInputs: [Int]
        var backward: Backward
        /// False for `data` leaves and everything computed only from them: the backward sweep
        /// skips such nodes, so a training batch's inputs cost no gradient work.
        var needsGradient: Bool
        /// Local derivatives of a `.partials` node with respect to input0 and input1.
        var partial0: Double = 0
        var partial1: Double = 0

        /// Scalar nodes and tensor nodes of shape `[]` keep their gradient as a bare Double.
        var hasScalarShape: Bool { isScalar || tensor.shape.isEmpty }

        var inputs: [Int] {
            if !moreInputs.isEmpty { return moreInputs }
            if input0 < 0 { return [] }
            if input1 < 0 { return [input0] }
            return [input0, input1]
        }
    }

    static let placeholder = Tensor(shape: [0], scalars: [])

    private(set) var nodes: [Node] = []

    public init() {}

    /// How many values the tape holds; training loops use `truncate(to:)` to keep memory flat.
    public var count: Int { nodes.count }

    private func leaf(_ value: Tensor, needsGradient: Bool) -> Variable {
        if value.shape.isEmpty {
            return leaf(value.scalars[0], needsGradient: needsGradient)
        }
        nodes.append(
            Node(tensor: value, scalar: 0, isScalar: false, input0: -1, input1: -1, moreInputs: [],
                 backward: .leaf, needsGradient: needsGradient))
        return Variable(tape: self, index: nodes.count - 1)
    }

    private func leaf(_ value: Double, needsGradient: Bool) -> Variable {
        nodes.append(
            Node(tensor: Tape.placeholder, scalar: value, isScalar: true, input0: -1, input1: -1, moreInputs: [],
                 backward: .leaf, needsGradient: needsGradient))
        return Variable(tape: self, index: nodes.count - 1)
    }

    /// A value gradients are not taken through... but may still be asked for (it is a leaf).
    public func constant(_ value: Tensor) -> Variable { leaf(value, needsGradient: true) }

    public func constant(_ value: Double) -> Variable { leaf(value, needsGradient: true) }

    /// A leaf whose gradient the caller wants (a weight, an input of a derivative check).
    public func parameter(_ value: Tensor) -> Variable { leaf(value, needsGradient: true) }

    public func parameter(_ value: Double) -> Variable { leaf(value, needsGradient: true) }

    /// A leaf whose gradient is never wanted (a training batch, targets): the backward sweep does
    /// no work for it or for values computed from data alone, and `Gradients` reports zeros there.
    public func data(_ value: Tensor) -> Variable { leaf(value, needsGradient: false) }

    /// Records the result of an operation on `inputs`, with the pullback that differentiates it.
    public func record(_ value: Tensor, inputs: [Variable], pullback: @escaping Pullback) -> Variable {
        for input in inputs { precondition(input.tape === self, "variables from different tapes") }
        let indices = inputs.map(\.index)
        let node = Node(
            tensor: value, scalar: 0, isScalar: false,
            input0: indices.count > 0 ? indices[0] : -1,
            input1: indices.count > 1 ? indices[1] : -1,
            moreInputs: indices.count > 2 ? indices : [],
            backward: .custom(pullback),
            needsGradient: indices.contains { nodes[$0].needsGradient })
        nodes.append(node)
        return Variable(tape: self, index: nodes.count - 1)
    }

    /// Records a tensor node with a built-in backward rule (no closure allocated).
    func record(_ value: Tensor, _ backward: Backward, _ a: Variable, _ b: Variable? = nil) -> Variable {
        precondition(a.tape === self && (b == nil || b!.tape === self), "variables from different tapes")
        let needs = nodes[a.index].needsGradient || (b.map { nodes[$0.index].needsGradient } ?? false)
        nodes.append(
            Node(tensor: value, scalar: 0, isScalar: false, input0: a.index, input1: b?.index ?? -1, moreInputs: [],
                 backward: backward, needsGradient: needs))
        return Variable(tape: self, index: nodes.count - 1)
    }

    /// Records a scalar result with its partial derivatives with respect to one or two scalar inputs.
    func recordScalar(_ value: Double, _ a: Int, _ partialA: Double, _ b: Int = -1, _ partialB: Double = 0) -> Variable {
        let needs = nodes[a].needsGradient || (b >= 0 && nodes[b].needsGradient)
        nodes.append(
            Node(tensor: Tape.placeholder, scalar: value, isScalar: true, input0: a, input1: b, moreInputs: [],
                 backward: .partials, needsGradient: needs, partial0: partialA, partial1: partialB))
        return Variable(tape: self, index: nodes.count - 1)
    }

    /// The value at `index` as a bare Double when it has shape `[]`, else nil: the scalar fast path.
    func scalarValue(at index: Int) -> Double? {
        let node = nodes[index]
        if node.isScalar { return node.scalar }
        return node.tensor.shape.isEmpty ? node.tensor.scalars[0] : nil
    }

    func value(at index: Int) -> Tensor {
        let node = nodes[index]
        return node.isScalar ? Tensor(node.scalar) : node.tensor
    }

    func shape(at index: Int) -> [Int] {
        let node = nodes[index]
        return node.isScalar ? [] : node.tensor.shape
    }

    /// Drops every value recorded after the first `count`, so a loop that reuses the tape for
    /// step after step keeps its memory flat. Variables past `count` must not be used afterwards.
    public func truncate(to count: Int) {
        nodes.removeSubrange(count...)
    }

    /// d`output`/d(every earlier value), by one reverse sweep. A non-scalar output is seeded with
    /// ones (the gradient of its sum).
    public func gradients(of output: Variable) -> Gradients {
        precondition(output.tape === self, "variable from another tape")
        let count = output.index + 1
        var adjoints = [Tensor?](repeating: nil, count: count)
        var scalarAdjoints = [Double](repeating: 0, count: count)
        if nodes[output.index].hasScalarShape {
            scalarAdjoints[output.index] = 1
        } else {
            adjoints[output.index] = Tensor(repeating: 1, shape: shape(at: output.index))
        }

        nodes.withUnsafeBufferPointer { nodes in
            /// Adds `gradient` into an input's adjoint, in place when the storage is not shared.
            func accumulate(_ gradient: Tensor, into index: Int) {
                let node = nodes[index]
                guard node.needsGradient else { return }
                if node.hasScalarShape {
                    var total = 0.0
                    for x in gradient.scalars { total += x }
                    scalarAdjoints[index] += total
                    return
                }
                guard var existing = adjoints[index] else {
                    adjoints[index] = gradient
                    return
                }
                adjoints[index] = nil
                existing.addInPlace(gradient)
                adjoints[index] = existing
            }

            func value(_ index: Int) -> Tensor {
                nodes[index].isScalar ? Tensor(nodes[index].scalar) : nodes[index].tensor
            }

            for index in stride(from: output.index, through: 0, by: -1) {
                let node = nodes[index]
                guard node.needsGradient else { continue }
                if case .partials = node.backward {
                    let g = scalarAdjoints[index]
                    if g == 0 { continue }
                    if nodes[node.input0].needsGradient { scalarAdjoints[node.input0] += g * node.partial0 }
                    if node.input1 >= 0 && nodes[node.input1].needsGradient {
                        scalarAdjoints[node.input1] += g * node.partial1
                    }
                    continue
                }
                let upstream: Tensor
                if node.hasScalarShape {
                    let g = scalarAdjoints[index]
                    if g == 0 { continue }
                    upstream = Tensor(g)
                } else {
                    guard let u = adjoints[index] else { continue }
                    upstream = u
                }
                switch node.backward {
                case .leaf, .detached, .partials:
                    continue
                case .add:
                    accumulate(Broadcast.reduce(upstream, to: value(node.input0).shape), into: node.input0)
                    accumulate(Broadcast.reduce(upstream, to: value(node.input1).shape), into: node.input1)
                case .subtract:
                    accumulate(Broadcast.reduce(upstream, to: value(node.input0).shape), into: node.input0)
                    if nodes[node.input1].needsGradient {
                        accumulate(Broadcast.reduce(upstream.map { -$0 }, to: value(node.input1).shape), into: node.input1)
                    }
                case .multiply:
                    let l = value(node.input0), r = value(node.input1)
                    if nodes[node.input0].needsGradient {
                        accumulate(Broadcast.reduce(Broadcast.unchecked(upstream, r, *), to: l.shape), into: node.input0)
                    }
                    if nodes[node.input1].needsGradient {
                        accumulate(Broadcast.reduce(Broadcast.unchecked(upstream, l, *), to: r.shape), into: node.input1)
                    }
                case .divide:
                    let l = value(node.input0), r = value(node.input1)
                    let dl = Broadcast.unchecked(upstream, r, /)
                    accumulate(Broadcast.reduce(dl, to: l.shape), into: node.input0)
                    if nodes[node.input1].needsGradient {
                        // d(l/r)/dr = −(l/r)/r: upstream/r (that is, dl) times −out.
                        let dr = Broadcast.unchecked(dl, node.tensor) { -$0 * $1 }
                        accumulate(Broadcast.reduce(dr, to: r.shape), into: node.input1)
                    }
                case .scale(let derivative):
                    var gradient = upstream
                    gradient.multiplyInPlace(derivative)
                    accumulate(gradient, into: node.input0)
                case .matmul:
                    let a = value(node.input0), b = value(node.input1)
                    if nodes[node.input0].needsGradient {
                        accumulate(Kernels.matmulGradientLeft(upstream, a, b), into: node.input0)
                    }
                    if nodes[node.input1].needsGradient {
                        accumulate(Kernels.matmulGradientRight(upstream, a, b), into: node.input1)
                    }
                case .sumAll:
                    let input = node.input0
                    if nodes[input].hasScalarShape {
                        if nodes[input].needsGradient { scalarAdjoints[input] += upstream.scalars[0] }
                    } else {
                        accumulate(Tensor(repeating: upstream.scalars[0], shape: value(input).shape), into: input)
                    }
                case .custom(let pullback):
                    let inputGradients = pullback(upstream)
                    for (input, gradient) in zip(node.inputs, inputGradients) {
                        accumulate(gradient, into: input)
                    }
                }
            }
        }
        return Gradients(adjoints: adjoints, scalarAdjoints: scalarAdjoints)
    }
}

/// The gradients from one backward sweep; a value the output does not depend on has gradient zero.
public struct Gradients: Sendable {
    let adjoints: [Tensor?]
    let scalarAdjoints: [Double]

    public subscript(variable: Variable) -> Tensor {
        let index = variable.index
        guard index < adjoints.count else { return .zeros(variable.shape) }
        if let adjoint = adjoints[index] { return adjoint }
        let shape = variable.shape
        if shape.isEmpty { return Tensor(scalarAdjoints[index]) }
        return .zeros(shape)
    }

    /// The gradient of a scalar variable as a bare number (0 when the output does not depend on it).
    public func scalar(_ variable: Variable) -> Double {
        let index = variable.index
        guard index < adjoints.count else { return 0 }
        if let adjoint = adjoints[index] { return adjoint.scalars.first ?? 0 }
        return scalarAdjoints[index]
    }
}

/// A value on a tape. Arithmetic on variables records onto their tape.
public struct Variable {
    public let tape: Tape
    public let index: Int

    public var value: Tensor { tape.value(at: index) }
    public var shape: [Int] { tape.shape(at: index) }
    /// The value as a bare number when it is a scalar (shape `[]`), without building a tensor.
    public var scalarValue: Double? { tape.scalarValue(at: index) }
}
