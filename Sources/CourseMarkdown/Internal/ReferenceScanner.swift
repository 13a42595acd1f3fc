/// Finds `@fig-…`, `@tbl-…`, `@eq-…` and `{#eq-…}` in text (the rule is documented on
/// `CrossReference`).
enum ReferenceScanner {
    /// Each reference in `text`: the range from `@` to the label's end, and the label.
    static func references(in text: String) -> [(range: Range<String.Index>, label: String)] {
        var found: [(Range<String.Index>, String)] = []
        var previous: Character? = nil
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            defer { previous = character }
            guard character == "@", !(previous.map(isWordCharacter) ?? false) else {
                index = text.index(after: index)
                continue
            }
            let start = text.index(after: index)
            let label = self.label(at: start, in: text)
            if let label {
                let end = text.index(start, offsetBy: label.count)
                found.append((index..<end, label))
                index = end
            } else {
                index = start
            }
        }
        return found
    }

    /// The label starting at `start` (a kind prefix, then label characters), if any.
    static func label(at start: String.Index, in text: String) -> String? {
        let rest = text[start...]
        guard CrossReference.prefixes.contains(where: { rest.hasPrefix($0) }) else { return nil }
        var label = String(rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        while label.last == "-" || label.last == "_" { label.removeLast() }
        return CrossReference.prefixes.contains(label) || !CrossReference.prefixes.contains(where: { label.hasPrefix($0) })
            ? nil : label
    }

    /// `{#eq-x}` after display math, spaces or tabs before it: the label and its length in bytes
    /// (spaces included).
    static func equationLabel(after bytes: ArraySlice<UInt8>) -> (label: String, length: Int)? {
        var index = bytes.startIndex
        while index < bytes.endIndex, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
        guard bytes[index...].starts(with: "{#eq-".utf8),
              let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else { return nil }
        let text = String(decoding: bytes[(index + 2)..<close], as: UTF8.self)
        guard label(at: text.startIndex, in: text) == text else { return nil }
        return (text, close + 1 - bytes.startIndex)
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "."
    }
}
