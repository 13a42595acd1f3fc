import Foundation

/// How a number is written for a reader; the same mini-language serves `show y | .3f` and
/// inline prose values `{nn} y | .3f`, so a sentence and a code block print a value alike.
public enum NumberFormat: Sendable, Hashable {
    /// No format given: the shortest text that round-trips at 6 significant digits, with
    /// `×10ⁿ` for magnitudes below 10⁻⁴ or from 10⁶ up.
    case automatic
    /// `.3f`: fixed decimals.
    case fixed(Int)
    /// `.2e`: C-style exponent, `3.81e-06`.
    case exponent(Int)
    /// `.1x`: scientific with a superscript power of ten, `3.8×10⁻⁶`.
    case scientific(Int)
    /// `.4g`: significant digits, trailing zeros dropped, `×10ⁿ` for very small or large values.
    case significant(Int)
    /// `.1%`: the value times 100 with a percent sign.
    case percent(Int)
    /// `d`: rounded to the nearest integer.
    case integer

    /// Parses `.3f`, `.2e`, `.1x`, `.4g`, `.1%`, `d`; nil for anything else.
    public init?(_ text: String) {
        if text == "d" { self = .integer; return }
        guard text.first == ".", text.count >= 3, let code = text.last,
            let digits = Int(text.dropFirst().dropLast()), (0...17).contains(digits)
        else { return nil }
        switch code {
        case "f": self = .fixed(digits)
        case "e": self = .exponent(digits)
        case "x": self = .scientific(digits)
        case "g": self = digits == 0 ? .significant(1) : .significant(digits)
        case "%": self = .percent(digits)
        default: return nil
        }
    }

    /// The text for one number.
    public func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-∞" : "∞" }
        switch self {
        case .automatic: return NumberFormat.significantText(value, digits: 6)
        case .fixed(let d): return NumberFormat.clean(String(format: "%.\(d)f", value))
        case .exponent(let d): return String(format: "%.\(d)e", value)
        case .scientific(let d): return NumberFormat.timesTen(value, decimals: d, strip: false)
        case .significant(let d): return NumberFormat.significantText(value, digits: d)
        case .percent(let d): return NumberFormat.clean(String(format: "%.\(d)f", value * 100)) + "%"
        case .integer: return NumberFormat.clean(String(format: "%.0f", value.rounded()))
        }
    }

    /// `-0.000` reads as a sign error to a student; print it without the sign.
    static func clean(_ text: String) -> String {
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }

    static func significantText(_ value: Double, digits: Int) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude < 1e-4 || magnitude >= 1e6 {
            // Drop trailing zeros of the mantissa too.
            return timesTen(value, decimals: max(0, digits - 1), strip: true)
        }
        var text = String(format: "%.\(digits)g", value)
        if text.contains("e") {  // %g may still choose an exponent near the limits
            text = String(format: "%.\(max(0, digits - 1 - Int(floor(log10(magnitude)))))f", value)
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return clean(text)
    }

    static func timesTen(_ value: Double, decimals: Int, strip: Bool) -> String {
        if value == 0 { return "0" }
        let text = String(format: "%.\(decimals)e", value)  // e.g. 3.81e-06
        guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else { return text }
        var mantissa = String(text[..<e])
        if strip, mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        if exponent == 0 { return mantissa }
        return mantissa + "×10" + superscript(exponent)
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
            "-": "⁻",
        ]
        return String(String(n).map { digits[$0] ?? $0 })
    }
}
