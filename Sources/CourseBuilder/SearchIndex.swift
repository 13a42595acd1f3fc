import Foundation

/// The site's full-text search index, built at build time and loaded by `search.html` as a
/// script (`assets/search-index.js`, not fetched, so search works from `file://`).
///
/// Each chapter is cut into sections at its level-2 headings. The index maps every character
/// bigram of a section's text (lower-cased, whitespace dropped) to the sections holding it:
/// bigrams need no word segmentation, so Japanese works as well as English. The client
/// intersects the bigrams of a query, then checks the candidates' text for the whole query.
struct SearchIndex {
    struct Section: Encodable {
        var chapter: String
        var title: String
        var href: String
        var text: String
    }

    private(set) var sections: [Section] = []

    /// Adds a chapter's sections, from its page body rendered without typeset math.
    mutating func add(chapter: String, page: String, body html: String) {
        var title = chapter, anchor = "", start = html.startIndex
        func flush(upTo end: String.Index) {
            let text = Self.plainText(html[start..<end])
            if !text.isEmpty || anchor != "" {
                sections.append(Section(chapter: chapter, title: title, href: anchor.isEmpty ? page : "\(page)#\(anchor)", text: text))
            }
        }
        let heading = /<h2 id="([^"]*)">(.*?)<\/h2>/
        for match in html.matches(of: heading) {
            flush(upTo: match.range.lowerBound)
            anchor = String(match.output.1)
            title = Self.plainText(match.output.2[...])
            start = match.range.upperBound
        }
        flush(upTo: html.endIndex)
    }

    /// `window.courseSearchIndex = {...};`
    func script() -> String {
        var grams: [String: [Int]] = [:]
        for (index, section) in sections.enumerated() {
            for gram in Self.bigrams(section.title + " " + section.text) {
                grams[gram, default: []].append(index)
            }
        }
        struct Payload: Encodable { var sections: [Section]; var grams: [String: [Int]] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(Payload(sections: sections, grams: grams))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "window.courseSearchIndex = \(json);\n"
    }

    /// Distinct bigrams of the lower-cased text, whitespace removed (search.js does the same).
    static func bigrams(_ text: String) -> Set<String> {
        let characters = Array(text.lowercased().filter { !$0.isWhitespace })
        guard characters.count > 1 else { return [] }
        return Set((0..<characters.count - 1).map { String(characters[$0]) + String(characters[$0 + 1]) })
    }

    /// The text of an HTML fragment: tags dropped, the builder's few entities decoded, runs of
    /// whitespace made one space.
    static func plainText(_ html: Substring) -> String {
        let text = html.replacing(/<[^>]*>/, with: " ")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
