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
    ///
    /// Front matter opens with `---` on the first line and closes at the next `---`, `...` or
    /// longer run of dashes (a formatter sometimes stretches the fence to the line above's
    /// width). A block that does not parse as YAML is front matter with a mistake when its
    /// first line reads `key:`, and otherwise Markdown (a thematic break, then text).
    /// - Throws: a YAML mistake in the front matter, at its line in the chapter.
    static func split(_ text: String, file: String) throws(Diagnostic) -> (FrontMatter?, String) {
        // A line break is one Character, "\n" or "\r\n".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        func word(_ line: Substring) -> String { line.trimmingCharacters(in: .whitespaces) }
        func closes(_ line: Substring) -> Bool {
            let word = word(line)
            return word == "..." || (word.count >= 3 && word.allSatisfy { $0 == "-" })
        }
        guard lines.count > 2, word(lines[0]) == "---",
              let end = lines.indices.dropFirst().first(where: { closes(lines[$0]) })
        else { return (nil, text) }
        let yaml = lines[1..<end].joined(separator: "\n")
        let fields: YAMLFields
        do {
            fields = try YAMLFields(parsing: yaml, file: file, lineOffset: 1)
        } catch {
            let first = lines[1..<end].first { !word($0).isEmpty }.map(word) ?? ""
            if first.firstMatch(of: /^[A-Za-z_][A-Za-z0-9_-]*:/) != nil { throw error }
            return (nil, text)
        }
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
