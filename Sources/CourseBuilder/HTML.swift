import Foundation

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
