import Foundation
import TextEscaping

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

    /// `window.courseSearchIndex = {...};`: the JSON `JSONEncoder` would write with sorted keys
    /// and unescaped slashes (a test holds them equal), written directly, since the encoder
    /// took 15 ms for the bundled course's 150 KB.
    func script() -> String {
        var grams: [String: [Int]] = [:]
        for (index, section) in sections.enumerated() {
            for gram in Self.bigrams(section.title + " " + section.text) {
                grams[gram, default: []].append(index)
            }
        }
        return "window.courseSearchIndex = \(Self.json(sections: sections, grams: grams));\n"
    }

    /// `{"grams":{…},"sections":[…]}`, keys in byte order as `.sortedKeys` writes them.
    static func json(sections: [Section], grams: [String: [Int]]) -> String {
        var out = #"{"grams":{"#
        for (number, gram) in grams.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if number > 0 { out += "," }
            out += Escape.jsonString(gram) + ":[" + grams[gram, default: []].map(String.init).joined(separator: ",") + "]"
        }
        out += #"},"sections":["#
        for (number, section) in sections.enumerated() {
            if number > 0 { out += "," }
            out += #"{"chapter":"# + Escape.jsonString(section.chapter) + #","href":"# + Escape.jsonString(section.href)
                + #","text":"# + Escape.jsonString(section.text) + #","title":"# + Escape.jsonString(section.title) + "}"
        }
        return out + "]}"
    }

    /// Distinct bigrams of the lower-cased text, whitespace removed (search.js does the same).
    static func bigrams(_ text: String) -> Set<String> {
        let characters = Array(text.lowercased().filter { !$0.isWhitespace })
        guard characters.count > 1 else { return [] }
        return Set((0..<characters.count - 1).map { String(characters[$0]) + String(characters[$0 + 1]) })
    }

    /// The text of an HTML fragment: tags dropped (each leaves a space), the builder's few
    /// entities decoded, runs of whitespace made one space. Tags and entities in one pass over
    /// the UTF-8 bytes (Foundation's `replacingOccurrences`, five times a page, took 15 ms a build).
    static func plainText(_ html: Substring) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(html.utf8.count)
        var inTag = false
        var bytes = html.utf8[...]
        while let byte = bytes.first {
            bytes = bytes.dropFirst()
            if inTag {
                if byte == UInt8(ascii: ">") { inTag = false; text.append(UInt8(ascii: " ")) }
            } else if byte == UInt8(ascii: "<") {
                inTag = true
            } else if byte == UInt8(ascii: "&"), let (decoded, length) = entities.lazy.compactMap({ entity in
                bytes.starts(with: entity.name) ? (entity.character, entity.name.count) : nil
            }).first {
                text.append(decoded)
                bytes = bytes.dropFirst(length)
            } else {
                text.append(byte)
            }
        }
        return String(decoding: text, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// What follows `&` in the entities `Escape.html` writes, and the character each stands for.
    private static let entities: [(name: [UInt8], character: UInt8)] = [
        (Array("lt;".utf8), UInt8(ascii: "<")), (Array("gt;".utf8), UInt8(ascii: ">")),
        (Array("quot;".utf8), UInt8(ascii: "\"")), (Array("#39;".utf8), UInt8(ascii: "'")),
        (Array("amp;".utf8), UInt8(ascii: "&")),
    ]
}
