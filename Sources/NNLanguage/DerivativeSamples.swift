import Diagnostics

/// The reference derivative at the points an expression answer is checked at, with the points
/// next to a kink of the reference left out (there the derivative is a matter of convention:
/// ReLU′(0) may be 0 or 1, so `x > 0 ? 1 : 0` and `x >= 0 ? 1 : 0` must both pass).
///
/// The one rule: the grader checks answers at these points, and `coursegen build` checks the
/// examples an exercise card would show at them (an example that passes is not shown).
public struct DerivativeSamples: Sendable {
    /// The interval checked when the exercise gives none.
    public static let defaultDomain: [Double] = [-5, 5]
    /// How many grid points the grader takes by default (`GradingLimits.samplePoints`).
    public static let defaultCount = 200

    public var points: [Double]
    public var expected: [Double]
    /// How many grid points were left out as kinks or outside the reference's domain.
    public var skipped: Int

    /// Why no samples could be taken: the derivative failed at `x`, or too few points remain.
    public enum Failure: Error {
        case derivative(at: Double, Diagnostic)
        case tooFewPoints(kept: Int, of: Int)
    }

    /// Evenly spaced cell midpoints of `domain` (an even count over a symmetric interval never
    /// lands on 0); a point is kept when `derivative` is finite there and agrees with itself a
    /// hair to the left and right (no jump of f′ within that distance).
    public init(domain: [Double], count: Int, derivative: (Double) throws(Diagnostic) -> Double) throws(Failure) {
        let low = domain[0], high = domain[1]
        let n = max(count, 1)
        let hair = max((high - low) * 1e-6, 1e-9)
        var points: [Double] = [], expected: [Double] = []
        var skipped = 0
        points.reserveCapacity(n)
        expected.reserveCapacity(n)
        for k in 0..<n {
            // Weighted form, so symmetric domains give exact midpoints (0.025, not 0.025000000000000355).
            let x = (low * Double(2 * n - 2 * k - 1) + high * Double(2 * k + 1)) / Double(2 * n)
            let centre: Double, left: Double, right: Double
            do {
                centre = try derivative(x)
                left = try derivative(x - hair)
                right = try derivative(x + hair)
            } catch {
                throw .derivative(at: x, error)
            }
            let scale = max(1, abs(centre))
            guard centre.isFinite, left.isFinite, right.isFinite,
                abs(left - centre) <= 1e-3 * scale, abs(right - centre) <= 1e-3 * scale
            else {
                skipped += 1
                continue
            }
            points.append(x)
            expected.append(centre)
        }
        guard points.count >= max(1, n / 2) else { throw .tooFewPoints(kept: points.count, of: n) }
        self.points = points
        self.expected = expected
        self.skipped = skipped
    }
}
