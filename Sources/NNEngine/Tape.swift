/// Records every operation of one computation so reverse-mode autodiff can walk it backwards.
///
/// One tape per computation (a chapter's block, a grading check, a training step); it is not
/// shared across threads. Gradients are correct for any graph shape: a value used twice gets
/// both contributions summed.
public final class Tape {
    /// Maps the gradient of a node's output to the gradients of its inputs, in input order.
    public typealias Pullback = (Tensor) -> [Tensor]

    struct Node {
        var value: Tensor
        var inputs: [Int]
        var pullback: Pullback?
    }

    private(set) var nodes: [Node] = []

    public init() {}

    /// How many values the tape holds; training loops use `truncate(to:)` to keep memory flat.
    public var count: Int { nodes.count }

    /// A value gradients are not taken through... but may still be asked for (it is a leaf).
    public func constant(_ value: Tensor) -> Variable {
        nodes.append(Node(value: value, inputs: [], pullback: nil))
        return Variable(tape: self, index: nodes.count - 1)
    }

    public func constant(_ value: Double) -> Variable { constant(Tensor(value)) }

    /// A leaf whose gradient the caller wants (a weight, an input of a derivative check).
    public func parameter(_ value: Tensor) -> Variable { constant(value) }

    public func parameter(_ value: Double) -> Variable { constant(Tensor(value)) }

    /// Records the result of an operation on `inputs`, with the pullback that differentiates it.
    public func record(_ value: Tensor, inputs: [Variable], pullback: @escaping Pullback) -> Variable {
        for input in inputs { precondition(input.tape === self, "variables from different tapes") }
        nodes.append(Node(value: value, inputs: inputs.map(\.index), pullback: pullback))
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
        for index in stride(from: output.index, through: 0, by: -1) {
            guard let adjoint = adjoints[index], let pullback = nodes[index].pullback else { continue }
            let inputGradients = pullback(adjoint)
            for (input, gradient) in zip(nodes[index].inputs, inputGradients) {
                if let existing = adjoints[input] {
                    var sum = existing
                    for i in 0..<sum.count { sum.scalars[i] += gradient.scalars[i] }
                    adjoints[input] = sum
                } else {
                    adjoints[input] = gradient
                }
            }
        }
        return Gradients(adjoints: adjoints, shapes: nodes[0...output.index].map(\.value.shape))
    }
}

/// The gradients from one backward sweep; a value the output does not depend on has gradient zero.
public struct Gradients: Sendable {
    let adjoints: [Tensor?]
    let shapes: [[Int]]

    public subscript(variable: Variable) -> Tensor {
        guard variable.index < adjoints.count else { return .zeros(variable.value.shape) }
        return adjoints[variable.index] ?? .zeros(shapes[variable.index])
    }
}

/// A value on a tape. Arithmetic on variables records onto their tape.
public struct Variable {
    public let tape: Tape
    public let index: Int

    public var value: Tensor { tape.value(at: index) }
    public var shape: [Int] { value.shape }
}
