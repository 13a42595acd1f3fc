import Diagnostics
import Foundation

/// YAML front matter at the top of a chapter (`---` … `---`, as Zenn, Jekyll and Jupyter Book
/// write it): not part of the page; its `title:` names the chapter. Other keys belong to
/// other tools and are ignored.
struct FrontMatter: Sendable {
    /// The front matter exactly as written, fences and final line break included, for the
    /// GFM rendition.
    var raw: String
    var title: String?

    /// Splits a chapter into its front matter and the Markdown, in which the front matter's
    /// lines are left empty so every line keeps its number in diagnostics.
    /// - Throws: a YAML mistake in the front matter, at its line in the chapter.
    static func split(_ text: String, file: String) throws(Diagnostic) -> (FrontMatter?, String) {
        // A line break is one Character, "\n" or "\r\n".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        func isFence(_ line: Substring, closing: Bool) -> Bool {
            let word = line.trimmingCharacters(in: .whitespaces)
            return word == "---" || (closing && word == "...")
        }
        guard lines.count > 2, isFence(lines[0], closing: false),
              let end = lines.indices.dropFirst().first(where: { isFence(lines[$0], closing: true) })
        else { return (nil, text) }
        let yaml = lines[1..<end].joined(separator: "\n")
        let fields = try YAMLFields(parsing: yaml, file: file, lineOffset: 1)
        var title: String?
        for (key, _, node) in fields.values where key == "title" {
            title = try fields.string(node, key: key)
        }
        let afterFence = lines[end].endIndex
        let bodyStart = afterFence < text.endIndex ? text.index(after: afterFence) : afterFence
        let raw = String(text[..<bodyStart])
        let rest = String(repeating: "\n", count: end + 1) + text[bodyStart...]
        return (FrontMatter(raw: raw, title: title), rest)
    }
}
