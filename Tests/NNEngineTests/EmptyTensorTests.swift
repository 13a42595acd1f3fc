import NNEngine
import Testing

/// Empty operands are legal tensors: every operation gives an empty result, never a crash.
@Suite struct EmptyTensorTests {
    static let shapes: [[Int]] = [[], [1], [0], [2, 0], [0, 3]]

    @Test(arguments: shapes, shapes) func broadcastingWithEmptyOperands(_ lhs: [Int], _ rhs: [Int]) throws {
        let tape = Tape()
        let a = tape.parameter(Tensor(repeating: 1, shape: lhs))
        let b = tape.parameter(Tensor(repeating: 2, shape: rhs))
        guard let product = try? a * b else { return }  // shapes that cannot broadcast throw
        let gradients = tape.gradients(of: product.sum())
        #expect(gradients[a].shape == lhs)
        #expect(gradients[b].shape == rhs)
    }
}
