import Foundation

/// Escaping for text that lands in HTML (values, labels, feedback): nothing an author or a
/// student writes becomes markup by accident.
enum HTML {
    static func escape(_ text: String) -> String {
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
}

/// Escaping for text that lands in a GFM table cell or paragraph.
enum MarkdownText {
    static func escapeCell(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// Backslash-escapes the characters that would start Markdown syntax inline.
    static func escapeInline(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>#|~$".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
