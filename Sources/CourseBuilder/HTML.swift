import CourseMarkdown
import Foundation

/// Escaping for text that lands in a GFM table cell or paragraph.
enum MarkdownText {
    static func escapeCell(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// `escapeInline` around each `$…$` formula, which stays as written, so a math-aware
    /// reader of the Markdown (GitHub) typesets it: for plot titles and table captions.
    static func escapeInlineKeepingMath(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        for span in ChapterMath.formulas(in: text) {
            guard let range = rest.range(of: span.source) else { continue }
            out += escapeInline(String(rest[..<range.lowerBound])) + span.source
            rest = rest[range.upperBound...]
        }
        return out + escapeInline(String(rest))
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
