/// Records every operation of one computation so reverse-mode autodiff can walk it backwards.
///
/// One tape per computation (a chapter's block, a grading check, a training step); it is not
/// shared across threads. Gradients are correct for any graph shape: a value used twice gets
/// both contributions summed.
///
/// The common operations (arithmetic, elementwise functions, matmul, sums) are recorded as
/// plain op codes rather than closures, so a scalar forward + backward allocates almost nothing
/// beyond the values themselves; `record(_:inputs:pullback:)` stays open for anything else.
public final class Tape {
    /// Maps the gradient of a node's output to the gradients of its inputs, in input order.
    public typealias Pullback = (Tensor) -> [Tensor]

    /// How a node's gradient flows to its inputs.
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
        /// Sum of all elements: the upstream scalar spreads to every element.
        case sumAll
        case custom(Pullback)
    }

    struct Node {
        var value: Tensor
        /// First two inputs inline (-1 when absent); `moreInputs` holds all of them when there
        /// are more than two, so the common case allocates no array.
        var input0: Int
        var input1: Int
        var moreInputs: [Int]
        var backward: Backward

        var inputs: [Int] {
            if !moreInputs.isEmpty { return moreInputs }
            if input0 < 0 { return [] }
            if input1 < 0 { return [input0] }
            return [input0, input1]
        }
    }

    private(set) var nodes: [Node] = []

    public init() {}

    /// How many values the tape holds; training loops use `truncate(to:)` to keep memory flat.
    public var count: Int { nodes.count }

    /// A value gradients are not taken through... but may still be asked for (it is a leaf).
    public func constant(_ value: Tensor) -> Variable {
        nodes.append(Node(value: value, input0: -1, input1: -1, moreInputs: [], backward: .leaf))
        return Variable(tape: self, index: nodes.count - 1)
    }

    public func constant(_ value: Double) -> Variable { constant(Tensor(value)) }

    /// A leaf whose gradient the caller wants (a weight, an input of a derivative check).
    public func parameter(_ value: Tensor) -> Variable { constant(value) }

    public func parameter(_ value: Double) -> Variable { constant(Tensor(value)) }

    /// Records the result of an operation on `inputs`, with the pullback that differentiates it.
    public func record(_ value: Tensor, inputs: [Variable], pullback: @escaping Pullback) -> Variable {
        for input in inputs { precondition(input.tape === self, "variables from different tapes") }
        let indices = inputs.map(\.index)
        let node = Node(
            value: value,
            input0: indices.count > 0 ? indices[0] : -1,
            input1: indices.count > 1 ? indices[1] : -1,
            moreInputs: indices.count > 2 ? indices : [],
            backward: .custom(pullback))
        nodes.append(node)
        return Variable(tape: self, index: nodes.count - 1)
    }

    /// Records a node with a built-in backward rule (no closure allocated).
    func record(_ value: Tensor, _ backward: Backward, _ a: Variable, _ b: Variable? = nil) -> Variable {
        precondition(a.tape === self && (b == nil || b!.tape === self), "variables from different tapes")
        nodes.append(Node(value: value, input0: a.index, input1: b?.index ?? -1, moreInputs: [], backward: backward))
        return Variable(tape: self, index: nodes.count - 1)
    }

    func value(at index: Int) -> Tensor { nodes[index].value }

    /// Drops every value recorded after the first `count`, so a loop that reuses the tape for
    /// step after step keeps its memory flat. Variables past `count` must not be used afterwards.
    public func truncate(to count: Int) {
        nodes.removeSubrange(count...)
    }

    /// d`output`/d(every earlier value), by one reverse sweep. A non-scalar output is seeded with
    /// ones (the gradient of its sum).
    public func gradients(of output: Variable) -> Gradients {
        precondition(output.tape === self, "variable from another tape")
        var adjoints = [Tensor?](repeating: nil, count: output.index + 1)
        adjoints[output.index] = Tensor(repeating: 1, shape: output.value.shape)

        /// Adds `gradient` into an input's adjoint, in place when the storage is not shared.
        func accumulate(_ gradient: Tensor, into index: Int) {
            guard var existing = adjoints[index] else {
                adjoints[index] = gradient
                return
            }
            adjoints[index] = nil
            existing.addInPlace(gradient)
            adjoints[index] = existing
        }

        for index in stride(from: output.index, through: 0, by: -1) {
            guard let upstream = adjoints[index] else { continue }
            let node = nodes[index]
            switch node.backward {
            case .leaf, .detached:
                continue
            case .add:
                let l = nodes[node.input0].value.shape, r = nodes[node.input1].value.shape
                accumulate(Broadcast.reduce(upstream, to: l), into: node.input0)
                accumulate(Broadcast.reduce(upstream, to: r), into: node.input1)
            case .subtract:
                let l = nodes[node.input0].value.shape, r = nodes[node.input1].value.shape
                accumulate(Broadcast.reduce(upstream, to: l), into: node.input0)
                accumulate(Broadcast.reduce(upstream.map { -$0 }, to: r), into: node.input1)
            case .multiply:
                let l = nodes[node.input0].value, r = nodes[node.input1].value
                if node.input0 == node.input1 {  // x * x: one fused term, 2·x·upstream
                    accumulate(Broadcast.unchecked(upstream, l) { 2 * $0 * $1 }, into: node.input0)
                    continue
                }
                accumulate(Broadcast.reduce(Broadcast.unchecked(upstream, r, *), to: l.shape), into: node.input0)
                accumulate(Broadcast.reduce(Broadcast.unchecked(upstream, l, *), to: r.shape), into: node.input1)
            case .divide:
                let l = nodes[node.input0].value, r = nodes[node.input1].value
                let dl = Broadcast.unchecked(upstream, r, /)
                accumulate(Broadcast.reduce(dl, to: l.shape), into: node.input0)
                // d(l/r)/dr = −(l/r)/r: upstream/r (that is, dl) times −out.
                let dr = Broadcast.unchecked(dl, node.value) { -$0 * $1 }
                accumulate(Broadcast.reduce(dr, to: r.shape), into: node.input1)
            case .scale(let derivative):
                var gradient = upstream
                gradient.multiplyInPlace(derivative)
                accumulate(gradient, into: node.input0)
            case .matmul:
                let (da, db) = Kernels.matmulBackward(
                    upstream, nodes[node.input0].value, nodes[node.input1].value)
                accumulate(da, into: node.input0)
                accumulate(db, into: node.input1)
            case .sumAll:
                accumulate(
                    Tensor(repeating: upstream.scalars[0], shape: nodes[node.input0].value.shape),
                    into: node.input0)
            case .custom(let pullback):
                let inputGradients = pullback(upstream)
                for (input, gradient) in zip(node.inputs, inputGradients) {
                    accumulate(gradient, into: input)
                }
            }
        }
        return Gradients(adjoints: adjoints)
    }
}

/// The gradients from one backward sweep; a value the output does not depend on has gradient zero.
public struct Gradients: Sendable {
    let adjoints: [Tensor?]

    public subscript(variable: Variable) -> Tensor {
        guard variable.index < adjoints.count, let adjoint = adjoints[variable.index] else {
            return .zeros(variable.value.shape)
        }
        return adjoint
    }
}

/// A value on a tape. Arithmetic on variables records onto their tape.
public struct Variable {
    public let tape: Tape
    public let index: Int

    public var value: Tensor { tape.value(at: index) }
    public var shape: [Int] { value.shape }
}
