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

    /// How a tensor node's gradient flows to its inputs.
    enum Backward {
        /// A leaf: nothing flows further.
        case leaf
        /// A result the gradient does not flow through (comparisons).
        case detached
        case add
        case subtract
        case multiply
        case divide
        /// upstream × a stored derivative of the same shape (every elementwise function).
        case scale(Tensor)
        case matmul
        /// x·W + b (inputs x, W, b in `moreInputs`): a dense layer in one node.
        case linear
        /// Sum of all elements: the upstream scalar spreads to every element.
        case sumAll
        case custom(Pullback)
    }

    /// One recorded value: plain data only (no references), so recording and truncating a scalar
    /// node copies a few words and touches no reference counts.
    struct Node {
        /// The value of a scalar node.
        var scalar: Double
        /// Local derivatives of a scalar node with respect to input0 and input1.
        var partial0: Double
        var partial1: Double
        var input0: Int32
        var input1: Int32
        /// Index into `heavies` for a tensor node; -1 for a scalar node.
        var heavy: Int32
        /// False for `data` leaves and everything computed only from them: the backward sweep
        /// skips such nodes, so a training batch's inputs cost no gradient work.
        var needsGradient: Bool
        /// A tensor node whose shape is `[]`: its gradient is kept as a bare Double too.
        var scalarShaped: Bool

        var isScalar: Bool { heavy < 0 }
        var hasScalarShape: Bool { heavy < 0 || scalarShaped }
    }

    /// What only tensor nodes carry.
    struct Heavy {
        var tensor: Tensor
        var backward: Backward
        /// Every input when there are more than two (concatenation, select); else empty.
        var moreInputs: [Int]
    }

    /// The node arrays live behind a pointer held in a `let`: a class's stored `var` would be
    /// checked for exclusive access at run time on every read and append, which cost more than
    /// the arithmetic of a scalar operation. A tape is confined to one thread, so nothing is lost.
    private struct Storage {
        var nodes: [Node] = []
        var heavies: [Heavy] = []
    }

    private let storage: UnsafeMutablePointer<Storage>

    private var nodes: [Node] {
        _read { yield storage.pointee.nodes }
        _modify { yield &storage.pointee.nodes }
    }

    private var heavies: [Heavy] {
        _read { yield storage.pointee.heavies }
        _modify { yield &storage.pointee.heavies }
    }

    public init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage())
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// How many values the tape holds; training loops use `truncate(to:)` to keep memory flat.
    public var count: Int { nodes.count }

    private func appendTensor(_ value: Tensor, _ backward: Backward, _ a: Int, _ b: Int, more: [Int] = [], needs: Bool) -> Variable {
        heavies.append(Heavy(tensor: value, backward: backward, moreInputs: more))
        nodes.append(
            Node(scalar: 0, partial0: 0, partial1: 0, input0: Int32(a), input1: Int32(b),
                 heavy: Int32(heavies.count - 1), needsGradient: needs, scalarShaped: value.shape.isEmpty))
        return Variable(tape: self, index: nodes.count - 1)
    }

    private func leaf(_ value: Tensor, needsGradient: Bool) -> Variable {
        if value.shape.isEmpty { return leaf(value.scalars[0], needsGradient: needsGradient) }
        return appendTensor(value, .leaf, -1, -1, needs: needsGradient)
    }

    private func leaf(_ value: Double, needsGradient: Bool) -> Variable {
        nodes.append(
            Node(scalar: value, partial0: 0, partial1: 0, input0: -1, input1: -1, heavy: -1,
                 needsGradient: needsGradient, scalarShaped: true))
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
        return appendTensor(
            value, .custom(pullback), indices.count > 0 ? indices[0] : -1, indices.count > 1 ? indices[1] : -1,
            more: indices.count > 2 ? indices : [], needs: indices.contains { nodes[$0].needsGradient })
    }

    /// Records a tensor node with a built-in backward rule (no closure allocated).
    func record(_ value: Tensor, _ backward: Backward, _ a: Variable, _ b: Variable? = nil) -> Variable {
        precondition(a.tape === self && (b == nil || b!.tape === self), "variables from different tapes")
        let needs = nodes[a.index].needsGradient || (b.map { nodes[$0.index].needsGradient } ?? false)
        return appendTensor(value, backward, a.index, b?.index ?? -1, needs: needs)
    }

    /// Records a tensor node with a built-in rule over more than two inputs.
    func record(_ value: Tensor, _ backward: Backward, inputs: [Variable]) -> Variable {
        for input in inputs { precondition(input.tape === self, "variables from different tapes") }
        let indices = inputs.map(\.index)
        return appendTensor(
            value, backward, indices[0], indices[1], more: indices, needs: indices.contains { nodes[$0].needsGradient })
    }

    /// Records a scalar result with its partial derivatives with respect to one or two scalar inputs.
    func recordScalar(_ value: Double, _ a: Int, _ partialA: Double, _ b: Int = -1, _ partialB: Double = 0) -> Variable {
        let needs = nodes[a].needsGradient || (b >= 0 && nodes[b].needsGradient)
        nodes.append(
            Node(scalar: value, partial0: partialA, partial1: partialB, input0: Int32(a), input1: Int32(b),
                 heavy: -1, needsGradient: needs, scalarShaped: true))
        return Variable(tape: self, index: nodes.count - 1)
    }

    /// The value at `index` as a bare Double when it has shape `[]`, else nil: the scalar fast path.
    func scalarValue(at index: Int) -> Double? {
        let node = nodes[index]
        if node.heavy < 0 { return node.scalar }
        return node.scalarShaped ? heavies[Int(node.heavy)].tensor.scalars[0] : nil
    }

    func value(at index: Int) -> Tensor {
        let node = nodes[index]
        return node.heavy < 0 ? Tensor(node.scalar) : heavies[Int(node.heavy)].tensor
    }

    func shape(at index: Int) -> [Int] {
        let node = nodes[index]
        return node.heavy < 0 ? [] : heavies[Int(node.heavy)].tensor.shape
    }

    /// Index of `index`'s tensor data in a `Gradients`' tensor adjoints, or nil for a scalar node
    /// (or one no longer on the tape).
    func heavyIndex(of index: Int) -> Int? {
        guard index < nodes.count, nodes[index].heavy >= 0 else { return nil }
        return Int(nodes[index].heavy)
    }

    /// Drops every value recorded after the first `count`, so a loop that reuses the tape for
    /// step after step keeps its memory flat. Variables past `count` must not be used afterwards.
    public func truncate(to count: Int) {
        var keptHeavies = 0
        var i = count - 1
        while i >= 0 {
            if nodes[i].heavy >= 0 {
                keptHeavies = Int(nodes[i].heavy) + 1
                break
            }
            i -= 1
        }
        nodes.removeSubrange(count...)
        heavies.removeSubrange(keptHeavies...)
    }

    /// d`output`/d(every earlier value), by one reverse sweep. A non-scalar output is seeded with
    /// ones (the gradient of its sum).
    public func gradients(of output: Variable) -> Gradients {
        precondition(output.tape === self, "variable from another tape")
        let count = output.index + 1
        var scalarAdjoints = [Double](repeating: 0, count: count)
        var heavyCount = 0
        for i in stride(from: count - 1, through: 0, by: -1) where nodes[i].heavy >= 0 {
            heavyCount = Int(nodes[i].heavy) + 1
            break
        }
        var adjoints = [Tensor?](repeating: nil, count: heavyCount)
        if nodes[output.index].hasScalarShape {
            scalarAdjoints[output.index] = 1
        } else {
            adjoints[Int(nodes[output.index].heavy)] = Tensor(repeating: 1, shape: shape(at: output.index))
        }

        scalarAdjoints.withUnsafeMutableBufferPointer { scalarAdjoints in
        adjoints.withUnsafeMutableBufferPointer { adjoints in
        nodes.withUnsafeBufferPointer { nodes in
            heavies.withUnsafeBufferPointer { heavies in
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
                    let h = Int(node.heavy)
                    guard var existing = adjoints[h] else {
                        adjoints[h] = gradient
                        return
                    }
                    adjoints[h] = nil
                    existing.addInPlace(gradient)
                    adjoints[h] = existing
                }

                func value(_ index: Int) -> Tensor {
                    let node = nodes[index]
                    return node.heavy < 0 ? Tensor(node.scalar) : heavies[Int(node.heavy)].tensor
                }

                func needs(_ index: Int32) -> Bool { nodes[Int(index)].needsGradient }

                for index in stride(from: output.index, through: 0, by: -1) {
                    let node = nodes[index]
                    guard node.needsGradient else { continue }
                    if node.heavy < 0 {
                        let g = scalarAdjoints[index]
                        guard g != 0, node.input0 >= 0 else { continue }
                        if needs(node.input0) { scalarAdjoints[Int(node.input0)] += g * node.partial0 }
                        if node.input1 >= 0 && needs(node.input1) { scalarAdjoints[Int(node.input1)] += g * node.partial1 }
                        continue
                    }
                    let heavy = heavies[Int(node.heavy)]
                    let upstream: Tensor
                    if node.scalarShaped {
                        let g = scalarAdjoints[index]
                        if g == 0 { continue }
                        upstream = Tensor(g)
                    } else {
                        guard let u = adjoints[Int(node.heavy)] else { continue }
                        upstream = u
                    }
                    let in0 = Int(node.input0), in1 = Int(node.input1)
                    switch heavy.backward {
                    case .leaf, .detached:
                        continue
                    case .add:
                        accumulate(Broadcast.reduce(upstream, to: value(in0).shape), into: in0)
                        accumulate(Broadcast.reduce(upstream, to: value(in1).shape), into: in1)
                    case .subtract:
                        accumulate(Broadcast.reduce(upstream, to: value(in0).shape), into: in0)
                        if needs(node.input1) {
                            accumulate(Broadcast.reduce(upstream.map { -$0 }, to: value(in1).shape), into: in1)
                        }
                    case .multiply:
                        let l = value(in0), r = value(in1)
                        if needs(node.input0) {
                            accumulate(Broadcast.reduce(Broadcast.unchecked(upstream, r, *), to: l.shape), into: in0)
                        }
                        if needs(node.input1) {
                            accumulate(Broadcast.reduce(Broadcast.unchecked(upstream, l, *), to: r.shape), into: in1)
                        }
                    case .divide:
                        let l = value(in0), r = value(in1)
                        let dl = Broadcast.unchecked(upstream, r, /)
                        accumulate(Broadcast.reduce(dl, to: l.shape), into: in0)
                        if needs(node.input1) {
                            // d(l/r)/dr = −(l/r)/r: upstream/r (that is, dl) times −out.
                            let dr = Broadcast.unchecked(dl, heavy.tensor) { -$0 * $1 }
                            accumulate(Broadcast.reduce(dr, to: r.shape), into: in1)
                        }
                    case .scale(let derivative):
                        // A new product, not `upstream` mutated: `adjoints` still holds upstream
                        // (grad(v) reads it), so mutating it would first copy it (copy-on-write).
                        accumulate(upstream.product(derivative), into: in0)
                    case .matmul:
                        let a = value(in0), b = value(in1)
                        if needs(node.input0) { accumulate(Kernels.matmulGradientLeft(upstream, a, b), into: in0) }
                        if needs(node.input1) { accumulate(Kernels.matmulGradientRight(upstream, a, b), into: in1) }
                    case .linear:
                        let x = value(in0), w = value(in1), b = heavy.moreInputs[2]
                        if needs(node.input0) { accumulate(Kernels.matmulGradientLeft(upstream, x, w), into: in0) }
                        if needs(node.input1) { accumulate(Kernels.matmulGradientRight(upstream, x, w), into: in1) }
                        if nodes[b].needsGradient {
                            accumulate(Broadcast.reduce(upstream, to: value(b).shape), into: b)
                        }
                    case .sumAll:
                        accumulate(Tensor(repeating: upstream.scalars[0], shape: value(in0).shape), into: in0)
                    case .custom(let pullback):
                        let inputs: [Int] =
                            !heavy.moreInputs.isEmpty ? heavy.moreInputs
                            : in0 < 0 ? [] : in1 < 0 ? [in0] : [in0, in1]
                        let inputGradients = pullback(upstream)
                        for (input, gradient) in zip(inputs, inputGradients) {
                            accumulate(gradient, into: input)
                        }
                    }
                }
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
        let shape = variable.shape
        guard index < scalarAdjoints.count else { return .zeros(shape) }
        if shape.isEmpty { return Tensor(scalarAdjoints[index]) }
        if let h = variable.tape.heavyIndex(of: index), h < adjoints.count, let adjoint = adjoints[h] { return adjoint }
        return .zeros(shape)
    }

    /// The gradient of a scalar variable as a bare number (0 when the output does not depend on it).
    public func scalar(_ variable: Variable) -> Double {
        let index = variable.index
        guard index < scalarAdjoints.count else { return 0 }
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

extension Tensor {
    /// self · other elementwise (same element count) into new storage, in one pass.
    func product(_ other: Tensor) -> Tensor {
        let n = count
        let out = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { b in
                    for i in 0..<n { buffer[i] = a[i] * b[i] }
                }
            }
            initialized = n
        }
        return Tensor(shape: shape, scalars: out)
    }
}
