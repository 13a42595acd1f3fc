#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ExerciseModel

/// How numbers read in feedback, reports and handouts.
enum Format {
    /// Integers without ".0", others in Swift's shortest round-tripping form up to 15 significant
    /// digits; nan/inf spelled out.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+∞" : "−∞" }
        if value == value.rounded(), abs(value) < 1e15 {
            return value == 0 ? "0" : String(Int64(value))
        }
        let shortest = "\(value)"
        // 15 significant digits hide binary noise a student never wrote: "3.8×10⁻⁶" is 3.8e-06,
        // not 3.7999999999999996e-06 (Double has 15.9, so nothing a student typed is lost).
        guard shortest.count > 17 else { return shortest }
        var buffer = [CChar](repeating: 0, count: 32)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.15g", $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A score: up to 4 decimals, trailing zeros dropped.
    /// A count with thousands separators (1,000,000), as step limits are written.
    static func grouped(_ n: Int) -> String {
        var out = ""
        for (i, c) in String(n).reversed().enumerated() {
            if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func score(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return number(rounded)
    }
}
