/// Central finite differences, the independent check every gradient in the engine is tested against.
public enum GradientCheck {
    /// d f / d x at `x` by (f(x+h) − f(x−h)) / 2h, elementwise for a tensor input.
    public static func numericalGradient<Failure: Error>(
        at x: Tensor, step h: Double = 1e-6, _ f: (Tensor) throws(Failure) -> Double
    ) throws(Failure) -> Tensor {
        var gradient = Tensor.zeros(x.shape)
        for i in 0..<x.count {
            var plus = x, minus = x
            plus.scalars[i] += h
            minus.scalars[i] -= h
            gradient.scalars[i] = (try f(plus) - f(minus)) / (2 * h)
        }
        return gradient
    }

    /// Analytic (tape) and numerical gradients of one computation, side by side.
    public struct Comparison: Sendable, CustomStringConvertible {
        public var analytic: [Tensor]
        public var numerical: [Tensor]

        /// Largest |analytic − numerical| / max(1, |analytic|, |numerical|) over every element of
        /// every input: relative for large gradients, absolute near zero, where finite differences
        /// carry absolute error only.
        public var maximumError: Double {
            var worst = 0.0
            for (a, n) in zip(analytic, numerical) {
                for (x, y) in zip(a.scalars, n.scalars) {
                    let scale = Swift.max(1, Swift.abs(x), Swift.abs(y))
                    worst = Swift.max(worst, Swift.abs(x - y) / scale)
                }
            }
            return worst
        }

        public func passes(tolerance: Double = 1e-6) -> Bool { maximumError <= tolerance }

        public var description: String {
            "analytic \(analytic) vs numerical \(numerical) (max error \(maximumError))"
        }
    }

    /// Compares the tape's gradients of `f` with central differences, for every input.
    ///
    /// A non-scalar output is reduced with fixed weights (1, −0.7, 0.4, …, all different) rather
    /// than summed, so an error that moves gradient between output elements cannot cancel out.
    /// - Parameters:
    ///   - inputs: the point to differentiate at, one tensor per input.
    ///   - step: the finite-difference step h; keep every input at least h away from a kink.
    ///   - f: builds the computation on a fresh tape from the input variables.
    public static func compare(
        at inputs: [Tensor], step: Double = 1e-6,
        _ f: (_ tape: Tape, _ inputs: [Variable]) throws(EngineError) -> Variable
    ) throws(EngineError) -> Comparison {
        func weighted(_ output: Variable, _ tape: Tape) throws(EngineError) -> Variable {
            let n = output.value.count
            var weights = [Double](repeating: 1, count: n)
            for i in 1..<Swift.max(n, 1) {
                let spread = Double((i * 7919) % 23 - 11)
                weights[i] = spread / 10 + 0.05
            }
            return try (output * tape.constant(Tensor(shape: output.shape, scalars: weights))).sum()
        }
        let tape = Tape()
        let variables = inputs.map { tape.parameter($0) }
        let loss = try weighted(try f(tape, variables), tape)
        let gradients = tape.gradients(of: loss)
        let analytic = variables.map { gradients[$0] }

        var numerical: [Tensor] = []
        for (k, input) in inputs.enumerated() {
            numerical.append(try numericalGradient(at: input, step: step) { (x: Tensor) throws(EngineError) -> Double in
                let tape = Tape()
                var values = inputs
                values[k] = x
                let out = try weighted(try f(tape, values.map { tape.parameter($0) }), tape)
                return out.value.scalars[0]
            })
        }
        return Comparison(analytic: analytic, numerical: numerical)
    }
}
