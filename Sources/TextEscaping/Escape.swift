/// Escaping for text a student wrote that ends up in HTML, Markdown or CSV.
///
/// Feedback quotes answers back ("your answer `x > 1 ? 1 : 0` differs at…"); an answer such as
/// `<script>` or `=HYPERLINK(…)` must show as text wherever the feedback is rendered.
public enum Escape {
    /// `&`, `<`, `>`, `"`, `'` as entities: safe in HTML text and attribute values.
    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Backslash before every ASCII punctuation character Markdown could read as syntax, and
    /// `<`/`>`/`&` as entities so no raw HTML gets through; line breaks become spaces so text
    /// cannot start a heading or a list.
    public static func markdown(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\r\n": out += " "
            case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "-", ".", "!", "|", "~", "$", "\"", "'", "=", ":":
                out.append("\\")
                out.append(character)
            default: out.append(character)
            }
        }
        return out
    }

    /// One CSV field (RFC 4180): quoted when needed, and prefixed with `'` when a spreadsheet
    /// would read it as a formula (`=`, `+`, `-`, `@`, tab, CR) — a student id is untrusted.
    public static func csvField(_ text: String) -> String {
        var field = visible(text, keepingLineBreaks: true)
        if let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            field = "'" + field
        }
        if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
        }
        return field
    }

    /// A student's text for a one-line message: control characters shown as `\u{…}` (the
    /// `visible` rule, line breaks included), cut to `limit` characters so a megabyte answer does
    /// not become a megabyte of feedback.
    public static func quotedSnippet(_ text: String, limit: Int = 80) -> String {
        var out = ""
        var count = 0
        for character in text {
            if count == limit {
                out += "…"
                break
            }
            appendVisible(character.unicodeScalars, to: &out, keepingLineBreaks: false)
            count += 1
        }
        return out
    }

    /// The one rule for text from a student's file that reaches a report, a terminal or a
    /// spreadsheet: every control (`Cc`: ESC, BEL, NUL, CR, C1) and invisible format character
    /// (`Cf`: bidirectional overrides, zero-width marks) is written as `\u{…}` with its hex code,
    /// so it can neither drive a terminal nor reorder or hide text. Escaped text has none left,
    /// so applying the rule twice changes nothing.
    /// - Parameter keepingLineBreaks: keep `\n` and tab, for text whose lines are laid out by
    ///   the caller (multi-line feedback); everything else is still escaped.
    public static func visible(_ text: String, keepingLineBreaks: Bool = false) -> String {
        // Fast path: printable ASCII (with line feed and tab when kept) needs nothing.
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || (keepingLineBreaks && ($0 == 0x0A || $0 == 0x09)) }) {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        appendVisible(text.unicodeScalars, to: &out, keepingLineBreaks: keepingLineBreaks)
        return out
    }

    /// Whether `scalar` is written as `\u{…}` by `visible`.
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        // Reports are written by the ten thousand: decide the common blocks without a lookup.
        // (No control or format character in Latin-1 after U+00AD, in U+2070..U+2FFF (arrows,
        // marks such as ✓ and ∞) or in U+3000..U+D7FF (CJK, kana, Hangul).)
        case 0..<0x20, 0x7F..<0xA0: return true
        case 0x20..<0x7F, 0xA0..<0xAD, 0xAE..<0x600, 0x2070..<0xD800: return false
        default:
            switch scalar.properties.generalCategory {
            case .control, .format: return true
            default: return false
            }
        }
    }

    private static func appendVisible(
        _ scalars: some Sequence<Unicode.Scalar>, to out: inout String, keepingLineBreaks: Bool
    ) {
        for scalar in scalars {
            if keepingLineBreaks, scalar == "\n" || scalar == "\t" {
                out.unicodeScalars.append(scalar)
            } else if isInvisible(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
}

extension String {
    /// Replaces every occurrence of `target` (Foundation-free, so the module needs only the stdlib).
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        out += rest
        return out
    }
}
