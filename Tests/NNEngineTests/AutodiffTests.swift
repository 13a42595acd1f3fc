import NNEngine
import Testing

@Suite struct AutodiffTests {
    /// The source material's worked example (x=2, t=1, w1=w2=0.5, sigmoid, ½(y−t)²), checked
    /// against central differences rather than against any typed number.
    @Test func workedBackpropExampleMatchesFiniteDifferences() throws {
        func loss(_ w: Tensor) throws -> (Double, Tensor) {
            let tape = Tape()
            let weights = tape.parameter(w)
            let x = tape.constant(2), t = tape.constant(1), half = tape.constant(0.5)
            let w1 = try weights.matmul(tape.constant(Tensor(vector: [1, 0])))
            let w2 = try weights.matmul(tape.constant(Tensor(vector: [0, 1])))
            let sigmoid = Catalogue.function(named: "sigmoid")!
            let h1 = try sigmoid.apply([try w1 * x], [])
            let y = try sigmoid.apply([try w2 * h1], [])
            let d = try y - t
            let l = try half * d * d
            return (l.value.scalar!, tape.gradients(of: l)[weights])
        }
        let w = Tensor(vector: [0.5, 0.5])
        let (_, analytic) = try loss(w)
        let numeric = try GradientCheck.numericalGradient(at: w) { try loss($0).0 }
        for i in 0..<2 { #expect(abs(analytic.scalars[i] - numeric.scalars[i]) < 1e-8) }
    }

    @Test func valueUsedTwiceGetsBothContributions() throws {
        let tape = Tape()
        let x = tape.parameter(3)
        let y = try x * x + x  // dy/dx = 2x + 1 = 7
        #expect(tape.gradients(of: y)[x].scalar == 7)
    }

    @Test func broadcastBiasAddReducesGradient() throws {
        let tape = Tape()
        let w = tape.parameter(try Tensor(rows: [[1, 2], [3, 4]]))
        let b = tape.parameter(Tensor(vector: [0.5, -0.5]))
        let x = tape.constant(Tensor(vector: [1, 1]))
        let out = try (w.matmul(x) + b).sum()
        #expect(tape.gradients(of: out)[b] == Tensor(vector: [1, 1]))
        #expect(tape.gradients(of: out)[w] == (try Tensor(rows: [[1, 1], [1, 1]])))
    }

    @Test func shapeMismatchNamesBothShapes() throws {
        let tape = Tape()
        let a = tape.constant(Tensor(vector: [1, 2, 3]))
        let b = tape.constant(Tensor(vector: [1, 2]))
        #expect(throws: EngineError.shapeMismatch(operation: "+", lhs: [3], rhs: [2])) { try a + b }
        #expect(EngineError.shapeMismatch(operation: "+", lhs: [3], rhs: [2]).description
            == "shape mismatch in '+': vector[3] and vector[2]")
    }
}
