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
        // The renderer writes every level-2 heading as `<h2 id="ANCHOR">…</h2>`.
        var searchFrom = html.startIndex
        while let open = html.range(of: "<h2 id=\"", range: searchFrom..<html.endIndex),
              let idEnd = html.range(of: "\">", range: open.upperBound..<html.endIndex),
              let close = html.range(of: "</h2>", range: idEnd.upperBound..<html.endIndex) {
            flush(upTo: open.lowerBound)
            anchor = String(html[open.upperBound..<idEnd.lowerBound])
            title = Self.plainText(html[idEnd.upperBound..<close.lowerBound])
            start = close.upperBound
            searchFrom = close.upperBound
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
        var text = ""
        var inTag = false
        for scalar in html.unicodeScalars {
            if inTag {
                if scalar == ">" { inTag = false; text.unicodeScalars.append(" ") }
            } else if scalar == "<" {
                inTag = true
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        let decoded = text
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        return decoded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
