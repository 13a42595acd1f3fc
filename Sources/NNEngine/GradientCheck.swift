/// Central finite differences, the independent check every gradient in the engine is tested against.
public enum GradientCheck {
    /// d f / d x at `x` by (f(x+h) − f(x−h)) / 2h, elementwise for a tensor input.
    public static func numericalGradient(
        at x: Tensor, step h: Double = 1e-6, _ f: (Tensor) throws -> Double
    ) rethrows -> Tensor {
        var gradient = Tensor.zeros(x.shape)
        for i in 0..<x.count {
            var plus = x, minus = x
            plus.scalars[i] += h
            minus.scalars[i] -= h
            gradient.scalars[i] = (try f(plus) - f(minus)) / (2 * h)
        }
        return gradient
    }
}
