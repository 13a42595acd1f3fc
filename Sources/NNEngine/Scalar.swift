#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numerically careful scalar formulas shared by values and derivatives.
///
/// Each is written so that it neither overflows nor cancels anywhere on the real line: the
/// course shows values at x = ±800 as readily as at x = 0.5, and a student who sees `nan` or a
/// derivative of exactly 0 where the true one is 1e-300 has been shown a wrong number.
public enum Scalar {
    /// Stable on the whole real line: never computes e^x for large positive x.
    public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    /// σ′(x) = σ(x)σ(−x): no 1 − σ(x) that cancels to 0 for large x.
    public static func sigmoidDerivative(_ x: Double) -> Double {
        let e = exp(-Swift.abs(x))
        return e / ((1 + e) * (1 + e))
    }

    /// log(1 + e^x) without overflow (x large) or loss of the tiny value (x very negative).
    public static func softplus(_ x: Double) -> Double {
        x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
    }

    /// sech²(x) = tanh′(x) = 4e^{−2|x|}/(1 + e^{−2|x|})²: keeps its digits where 1 − tanh²(x)
    /// would cancel (|x| beyond a few units).
    public static func sech2(_ x: Double) -> Double {
        let e = exp(-2 * Swift.abs(x))
        return 4 * e / ((1 + e) * (1 + e))
    }

    /// x − tanh(x), by its Taylor series near 0 where the subtraction would lose the leading digits.
    public static func tanhshrink(_ x: Double) -> Double {
        guard Swift.abs(x) < 0.05 else { return x - tanh(x) }
        let x2 = x * x
        // x³/3 − 2x⁵/15 + 17x⁷/315 − 62x⁹/2835 + 1382x¹¹/155925 − 21844x¹³/6081075
        var series = -21844.0 / 6081075
        series = series * x2 + 1382.0 / 155925
        series = series * x2 - 62.0 / 2835
        series = series * x2 + 17.0 / 315
        series = series * x2 - 2.0 / 15
        series = series * x2 + 1.0 / 3
        return series * x2 * x
    }

    /// Φ(x), the standard normal CDF, through erfc so the far left keeps relative precision.
    public static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x * 0.70710678118654752440)
    }

    /// φ(x) = e^{−x²/2}/√(2π), with x² split exactly (fma) so large |x| keeps its digits.
    public static func normalPDF(_ x: Double) -> Double {
        if Swift.abs(x) > 40 { return 0 }  // e^{−800} is below the smallest Double
        let square = x * x
        let error = fma(x, x, -square)  // x·x = square + error exactly
        return exp(-0.5 * square) * exp(-0.5 * error) * 0.39894228040143267794
    }

    /// √(x² + 1) − 1 without cancellation near 0 or overflow far out.
    static func hypotMinusOne(_ x: Double) -> Double {
        let r = hypot(x, 1)
        return Swift.abs(x) < 1 ? x * x / (r + 1) : r - 1
    }
}
