/// The author's file as UTF-8 bytes split into lines the way cmark splits them
/// (`\n`, `\r\n` or a lone `\r` end a line), so cmark's 1-based line numbers and byte columns
/// can be turned into the character columns `SourceLocation` promises.
struct SourceText {
    let bytes: [UInt8]
    /// Byte offset of the first byte of each line.
    let lineStarts: [Int]
    /// Byte offset just past each line's content (before its line terminator).
    let lineEnds: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var ends: [Int] = []
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\n"):
                ends.append(index)
                index += 1
                starts.append(index)
            case UInt8(ascii: "\r"):
                ends.append(index)
                index += (index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n")) ? 2 : 1
                starts.append(index)
            default:
                index += 1
            }
        }
        ends.append(bytes.count)
        lineStarts = starts
        lineEnds = ends
    }

    var lineCount: Int { lineStarts.count }

    /// The text of a 1-based line without its terminator; "" outside the file.
    func line(_ number: Int) -> String {
        guard number >= 1, number <= lineCount else { return "" }
        return String(decoding: bytes[lineStarts[number - 1]..<lineEnds[number - 1]], as: UTF8.self)
    }

    /// The 1-based line holding a byte offset.
    func lineNumber(ofByte offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// Character (grapheme cluster) column of a 1-based byte column on a 1-based line.
    func characterColumn(line number: Int, byteColumn: Int) -> Int {
        guard number >= 1, number <= lineCount, byteColumn > 1 else { return max(byteColumn, 1) }
        let start = lineStarts[number - 1]
        let end = min(start + byteColumn - 1, lineEnds[number - 1])
        return String(decoding: bytes[start..<end], as: UTF8.self).count + 1 + max(0, start + byteColumn - 1 - end)
    }

    /// Character column of a byte offset on its own line.
    func location(ofByte offset: Int) -> (line: Int, column: Int) {
        let number = lineNumber(ofByte: offset)
        return (number, characterColumn(line: number, byteColumn: offset - lineStarts[number - 1] + 1))
    }
}

/// Locates byte offsets that come in increasing order (spans in document order) in time linear
/// in the text: each offset counts only the characters since the previous one on the same line,
/// where `SourceText.location(ofByte:)` counts from the line's start, which made a paragraph of
/// N spans on one line cost N² (40 000 `$x$` took seconds).
///
/// The count restarts from the last offset, so the offsets should start characters (every
/// caller's does: a `$`, a backtick, or the first byte after one).
struct LocationCursor {
    let text: SourceText
    private var line = 1
    private var offset = 0
    private var column = 1

    init(_ text: SourceText) { self.text = text }

    mutating func location(ofByte target: Int) -> (line: Int, column: Int) {
        let targetLine = text.lineNumber(ofByte: target)
        guard target <= text.lineEnds[targetLine - 1] else { return text.location(ofByte: target) }
        if targetLine != line || target < offset {
            line = targetLine
            offset = text.lineStarts[targetLine - 1]
            column = 1
        }
        column += String(decoding: text.bytes[offset..<target], as: UTF8.self).count
        offset = target
        return (line, column)
    }
}
