/// Pandoc's table caption: a paragraph right after a table whose text starts with `:` or
/// `Table:`, optionally ending in `{#label}`. One rule for finding (`Extractor`) and for
/// rendering (`MarkdownDocument.render`), which read the same cmark tree shape.
enum TableCaptionSyntax {
    /// True for a paragraph that captions the table before it.
    static func isCaption(_ node: CmarkNode) -> Bool {
        guard node.kind == .paragraph, node.previous?.kind == .table,
              let first = node.children.first, first.kind == .text else { return false }
        return markerLength(first.literal) != nil
    }

    /// Bytes of `:` or `Table:` and the spaces after it at the start of `text`; nil without one.
    /// A space must follow, so a Zenn container's `:::message` is no caption.
    static func markerLength(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        var length: Int
        if bytes.starts(with: ":".utf8) {
            length = 1
        } else if bytes.starts(with: "Table:".utf8) {
            length = 6
        } else {
            return nil
        }
        let start = length
        while length < bytes.count, bytes[length] == UInt8(ascii: " ") || bytes[length] == UInt8(ascii: "\t") { length += 1 }
        return length > start ? length : nil
    }

    /// `{#name}` at the end of `text` (spaces around it allowed): the name and the byte offset
    /// where the spaces before `{` start.
    static func label(atEndOf text: String) -> (label: String, start: Int, brace: Int)? {
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == 0x0A || last == 0x0D {
            bytes.removeLast()
        }
        guard bytes.last == UInt8(ascii: "}"),
              let open = bytes.lastIndex(of: UInt8(ascii: "{")), open + 2 < bytes.count - 1,
              bytes[open + 1] == UInt8(ascii: "#") else { return nil }
        let name = bytes[(open + 2)..<(bytes.count - 1)]
        guard name.allSatisfy({ byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }) else { return nil }
        var start = open
        while start > 0, bytes[start - 1] == UInt8(ascii: " ") || bytes[start - 1] == UInt8(ascii: "\t") { start -= 1 }
        return (String(decoding: name, as: UTF8.self), start, open)
    }
}
