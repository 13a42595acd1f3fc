import Foundation
import TextEscaping

/// Zenn's containers, which Zenn articles and notes imported from them use:
///
/// ```markdown
/// :::message            → <aside class="message">…</aside>
/// :::message alert      → <aside class="message alert">…</aside>
/// :::details タイトル    → <details><summary>タイトル</summary>…</details>
/// :::
/// ```
///
/// Nested containers open with more colons (`::::details`). Only the HTML rendering reads them:
/// each marker line becomes an HTML block with blank lines around it, so what lies between
/// stays Markdown, and line and code-block order do not change (the GFM rendition keeps the
/// markers as written). Marker lines inside fenced code, and a `:::` with nothing open, stay text.
enum ZennContainers {
    static func html(_ text: [UInt8]) -> [UInt8] {
        guard text.count >= 3, containsMarker(text) else { return text }
        var output: [UInt8] = []
        var open: [String] = []  // the closing tag of each open container
        var fence: (character: Character, length: Int)?
        // Byte lines: a `\r` of CRLF stays on its line (a Swift `String` would fuse `\r\n`).
        for (index, bytes) in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if index > 0 { output.append(UInt8(ascii: "\n")) }
            let line = Substring(String(decoding: bytes, as: UTF8.self))
            if let marker = Self.fence(line) {
                if let open = fence {
                    if marker.character == open.character, marker.length >= open.length,
                       line.drop(while: { $0 == " " }).drop(while: { $0 == marker.character }).allSatisfy(\.isWhitespace) {
                        fence = nil
                    }
                } else {
                    fence = marker
                }
            } else if fence == nil, let replacement = container(line, open: &open) {
                output += Array(replacement.utf8)
                continue
            }
            output += bytes
        }
        // An unclosed container ends with the document, not after the page around it.
        for close in open.reversed() { output += Array("\n\n\(close)\n".utf8) }
        return output
    }

    /// The HTML for a marker line, updating the open containers; nil for any other line.
    private static func container(_ line: Substring, open: inout [String]) -> String? {
        guard line.hasPrefix(":::") else { return nil }
        let rest = line.drop(while: { $0 == ":" }).trimmingCharacters(in: .whitespacesAndNewlines)
        if rest.isEmpty {
            guard let close = open.popLast() else { return nil }
            return "\n" + close + "\n"
        }
        let words = rest.split(separator: " ", maxSplits: 1)
        switch words[0] {
        case "message":
            let alert = words.count > 1 && words[1].trimmingCharacters(in: .whitespacesAndNewlines) == "alert"
            open.append("</aside>")
            return "<aside class=\"message\(alert ? " alert" : "")\">\n"
        case "details":
            let summary = words.count > 1 ? String(words[1]) : "details"
            open.append("</details>")
            return "<details><summary>\(Escape.html(summary))</summary>\n"
        default:
            return nil
        }
    }

    /// A fence line's character and length (up to three spaces of indent, as CommonMark allows).
    private static func fence(_ line: Substring) -> (character: Character, length: Int)? {
        let indent = line.prefix { $0 == " " }
        guard indent.count <= 3, let first = line.dropFirst(indent.count).first, first == "`" || first == "~" else {
            return nil
        }
        let length = line.dropFirst(indent.count).prefix { $0 == first }.count
        return length >= 3 ? (first, length) : nil
    }

    private static func containsMarker(_ text: [UInt8]) -> Bool {
        let colon = UInt8(ascii: ":"), newline = UInt8(ascii: "\n")
        for index in 0..<(text.count - 2) where (index == 0 || text[index - 1] == newline)
            && text[index] == colon && text[index + 1] == colon && text[index + 2] == colon {
            return true
        }
        return false
    }
}
