/// Seeded pseudo-random numbers that are bit-for-bit the same on every machine and every run, so
/// a course page that says "after 500 epochs the loss is 0.0412" says it everywhere.
///
/// Only integer arithmetic and IEEE-exact operations (+ − × ÷ √) are used: no platform `log`,
/// `sin` or `cos`, whose last bits differ between C libraries. Where a transcendental function is
/// needed (normal deviates, the spiral), `Deterministic` computes it with fixed polynomials.
public protocol SeededGenerator: RandomNumberGenerator, Sendable {
    init(seed: UInt64)
}

extension SeededGenerator {
    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in `range` (the upper end is reached only by rounding).
    public mutating func nextDouble(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextDouble()
    }

    /// Standard normal deviate by Marsaglia's polar method (deterministic log and √ only).
    public mutating func nextNormal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        while true {
            let u = 2 * nextDouble() - 1, v = 2 * nextDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return mean + standardDeviation * u * (-2 * Deterministic.log(s) / s).squareRoot()
            }
        }
    }

    /// A uniformly chosen order of 0..<count (Fisher–Yates), for shuffling mini-batches.
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        guard count > 1 else { return order }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny and fast; also seeds `Xoshiro256`.
public struct SplitMix64: SeededGenerator {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman, Vigna 2018): the engine's default generator for weights and data.
public struct Xoshiro256: SeededGenerator {
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    /// State filled from SplitMix64(seed), as the authors recommend.
    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        state = (seeder.next(), seeder.next(), seeder.next(), seeder.next())
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// log, sin and cos from IEEE-exact operations only, so every platform gets the same bits
/// (accurate to a few ulp, which is all data generation needs).
public enum Deterministic {
    /// Natural logarithm of a positive finite number.
    public static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "Deterministic.log needs a positive finite number")
        // x = m · 2^e with m in [√½, √2).
        var e = Double(x.exponent)
        var m = x.significand  // [1, 2)
        if m > 1.4142135623730951 {
            m /= 2
            e += 1
        }
        // log m = 2 atanh(z), z = (m − 1)/(m + 1), |z| < 0.1716
        let z = (m - 1) / (m + 1), z2 = z * z
        var term = z, total = 0.0
        var k = 1.0
        while k < 60 {
            total += term / k
            term *= z2
            k += 2
        }
        return 2 * total + e * 0.6931471805599453
    }

    /// sin x, by reduction to [−π/4, π/4] with a two-part π/2 and Taylor polynomials.
    public static func sin(_ x: Double) -> Double { sinCos(x).sin }

    public static func cos(_ x: Double) -> Double { sinCos(x).cos }

    static func sinCos(_ x: Double) -> (sin: Double, cos: Double) {
        let halfPiHigh = 1.5707963267341256, halfPiLow = 6.077100506506192e-11
        let quadrant = (x / 1.5707963267948966).rounded()
        let r = (x - quadrant * halfPiHigh) - quadrant * halfPiLow
        let r2 = r * r
        var s = 0.0, c = 0.0
        var sinTerm = r, cosTerm = 1.0
        var n = 1.0
        for _ in 0..<12 {
            s += sinTerm
            c += cosTerm
            sinTerm *= -r2 / ((n + 1) * (n + 2))
            cosTerm *= -r2 / (n * (n + 1))
            n += 2
        }
        switch Int(quadrant) & 3 {
        case 0: return (s, c)
        case 1: return (c, -s)
        case 2: return (-s, -c)
        default: return (-c, s)
        }
    }
}
