/// Answers as students type them, read as the `nn` language writes them: a student with a
/// Japanese keyboard writes `０．５`, one copying from a textbook `σ(x)·(1 − σ(x))` or
/// `3.8×10⁻⁶`. The rewrite only changes spelling, never meaning, and leaves ASCII text alone
/// (nearly every answer: no cost).
enum AnswerSpelling {
    /// `source` with full-width characters, superscript powers and the names below in ASCII:
    /// `σ` → `sigmoid`, `√` → `sqrt`, `x²` → `x^(2)`, `10⁻⁶` → `10^(-6)`, `′`/`’` → `'` (so
    /// `relu′` is refused like `relu'`).
    static func normalized(_ source: String) -> String {
        guard !source.utf8.allSatisfy({ $0 < 0x80 }) else { return source }
        var out = ""
        var power = ""
        func closePower() {
            guard !power.isEmpty else { return }
            out += "^(" + power + ")"
            power = ""
        }
        for scalar in source.unicodeScalars {
            let folded = narrow(scalar)
            if let digit = superscripts[folded] {
                power.append(digit)
                continue
            }
            closePower()
            if let spelled = spellings[folded] {
                out += spelled
            } else {
                out.unicodeScalars.append(folded)
            }
        }
        closePower()
        return out
    }

    /// Full-width ASCII (U+FF01–FF5E) and the ideographic space as their ASCII forms.
    static func narrow(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar
        case 0x3000: return " "
        default: return scalar
        }
    }

    /// An option as compared: full-width letters narrowed (`ｂ` is `b`).
    static func narrowed(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: text.unicodeScalars.map(narrow))
        return String(out)
    }

    private static let superscripts: [Unicode.Scalar: Character] = [
        "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
        "⁻": "-", "⁺": "+", "ˣ": "x", "⁽": "(", "⁾": ")",
    ]

    /// Names and primes; operators (`×`, `·`, `−`, `≤`, …) are the language's own aliases
    /// (`Lexer.aliases`), read in chapters and answers alike.
    private static let spellings: [Unicode.Scalar: String] = ["σ": "sigmoid", "√": "sqrt", "′": "'", "’": "'"]
}
