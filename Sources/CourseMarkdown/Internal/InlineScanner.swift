/// A `$…$` or `$$…$$` span found in the original source.
struct RawMath {
    /// Byte range of the whole span, delimiters included.
    var start: Int
    var end: Int
    var display: Bool
    /// Byte range of the TeX between the delimiters.
    var contentStart: Int
    var contentEnd: Int
}

/// A backtick code span found in the original source.
struct RawCodeSpan {
    /// Byte offset of the opening backtick run.
    var start: Int
    var runLength: Int
    /// Byte range of the content between the backtick runs.
    var contentStart: Int
    var contentEnd: Int
}

/// Finds math and code spans in the author's text before cmark sees it.
///
/// Runs left to right like an inline parser: a backslash escapes the next ASCII punctuation
/// (`\$` is a dollar), a backtick run opens a code span when a run of the same length closes it
/// (math inside it is code), and `$` opens math by pandoc's rule: the opening `$` is not followed
/// by whitespace, the next `$` closes it unless whitespace precedes it or a digit follows it, in
/// which case the opening `$` is a dollar.
/// `$$…$$` is display math. Nothing crosses a line cmark put into a code block or HTML block
/// (`excludedLines`, from a first parse), and inline spans stay within one paragraph, heading or
/// table row of that parse (`inlineBlock`); only display math whose `$$` begins a line crosses
/// blank lines and block boundaries, and when it does it closes only at the end of a line.
struct InlineScanner {
    let text: SourceText
    /// Per 1-based line (index 0 unused): true when the line belongs to a code or HTML block.
    let excludedLines: [Bool]
    let findMath: Bool

    private(set) var math: [RawMath] = []
    private(set) var codeSpans: [RawCodeSpan] = []

    /// Per 1-based line: which paragraph, heading or table row (from the first parse) holds it;
    /// 0 for none (blank lines, link reference definitions). An inline span may only continue onto a line of the same block.
    let inlineBlock: [Int]

    init(text: SourceText, excludedLines: [Bool], inlineBlock: [Int], findMath: Bool) {
        self.text = text
        self.excludedLines = excludedLines
        self.inlineBlock = inlineBlock
        self.findMath = findMath
    }

    private var bytes: [UInt8] { text.bytes }

    /// Steps over the line terminator at `index`; false when the span may not continue onto the
    /// next line: a line of another block (or of none, e.g. blank), or with `blankLinesAllowed`
    /// only a line in a code or HTML block.
    private func crossLine(_ index: inout Int, _ line: inout Int, blankLinesAllowed: Bool = false) -> Bool {
        if bytes[index] == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
            index += 2
        } else {
            index += 1
        }
        line += 1
        guard line <= text.lineCount, !excludedLines[line] else { return false }
        if blankLinesAllowed { return true }
        return inlineBlock[line] != 0 && inlineBlock[line] == inlineBlock[line - 1]
    }

    /// True when only spaces and tabs follow `offset` on its line.
    private func endsLine(_ offset: Int, line: Int) -> Bool {
        bytes[offset..<text.lineEnds[line - 1]].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// True when only spaces, tabs and `>` precede `offset` on its line (a `$$` opening a block).
    private func startsLine(_ offset: Int, line: Int) -> Bool {
        bytes[text.lineStarts[line - 1]..<offset].allSatisfy {
            $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ">")
        }
    }

    private static func isNewline(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }
    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || isNewline(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
            || (0x7B...0x7E).contains(byte)
    }

    mutating func run() {
        var index = 0
        var line = 1
        let count = bytes.count
        while index < count {
            if index == text.lineStarts[line - 1], excludedLines[line] {
                index = line < text.lineCount ? text.lineStarts[line] : count
                line += 1
                continue
            }
            let byte = bytes[index]
            if Self.isNewline(byte) {
                _ = crossLine(&index, &line)
            } else if byte == UInt8(ascii: "\\") {
                index += (index + 1 < count && Self.isASCIIPunctuation(bytes[index + 1])) ? 2 : 1
            } else if byte == UInt8(ascii: "`") {
                index = codeSpan(at: index, line: &line)
            } else if byte == UInt8(ascii: "$"), findMath {
                index = mathSpan(at: index, line: &line)
            } else {
                index += 1
            }
        }
    }

    /// Records the code span opening at `start` if a run of equal length closes it;
    /// returns where scanning continues.
    private mutating func codeSpan(at start: Int, line: inout Int) -> Int {
        var run = 0
        while start + run < bytes.count, bytes[start + run] == UInt8(ascii: "`") { run += 1 }
        var index = start + run
        var spanLine = line
        while index < bytes.count {
            let byte = bytes[index]
            if Self.isNewline(byte) {
                if !crossLine(&index, &spanLine) { return start + run }
            } else if byte == UInt8(ascii: "`") {
                var closing = 0
                while index + closing < bytes.count, bytes[index + closing] == UInt8(ascii: "`") { closing += 1 }
                if closing == run {
                    codeSpans.append(RawCodeSpan(start: start, runLength: run, contentStart: start + run, contentEnd: index))
                    line = spanLine
                    return index + closing
                }
                index += closing
            } else {
                index += 1
            }
        }
        return start + run
    }

    /// Records the math span opening at `start` if it closes; returns where scanning continues.
    private mutating func mathSpan(at start: Int, line: inout Int) -> Int {
        let count = bytes.count
        let display = start + 1 < count && bytes[start + 1] == UInt8(ascii: "$")
        let open = display ? 2 : 1
        if !display {
            guard start + 1 < count, !Self.isWhitespace(bytes[start + 1]) else { return start + 1 }
        }
        // A `$$` that begins its line opens a block, which may hold blank lines (as in Marp and
        // markdown-it-katex); anywhere else math ends at a blank line.
        let block = display && startsLine(start, line: line)
        var index = start + open
        var spanLine = line
        var afterEscape = false
        while index < count {
            let byte = bytes[index]
            defer { afterEscape = byte == UInt8(ascii: "\\") }
            if Self.isNewline(byte) {
                if !crossLine(&index, &spanLine, blankLinesAllowed: block) { break }
            } else if byte == UInt8(ascii: "\\") {
                index += (index + 1 < count && !Self.isNewline(bytes[index + 1])) ? 2 : 1
            } else if byte == UInt8(ascii: "$") {
                if display {
                    // A block that crossed into another paragraph closes only at a line's end.
                    if index + 1 < count, bytes[index + 1] == UInt8(ascii: "$"),
                       !block || inlineBlock[spanLine] == inlineBlock[line] || endsLine(index + 2, line: spanLine) {
                        let content = bytes[(start + 2)..<index]
                        if content.contains(where: { !Self.isWhitespace($0) }) {
                            math.append(RawMath(start: start, end: index + 2, display: true,
                                contentStart: start + 2, contentEnd: index))
                            line = spanLine
                            return index + 2
                        }
                        break
                    }
                    index += 1
                } else {
                    // Pandoc's rule: the first `$` after the opening one decides. After
                    // whitespace (unless escaped, `\ `) or before a digit, the opening `$` was
                    // not math, so it cannot pair with a later dollar (`$20 で $L$`).
                    let spaceBefore = Self.isWhitespace(bytes[index - 1]) && !afterEscape
                    guard !spaceBefore, !(index + 1 < count && Self.isDigit(bytes[index + 1])) else { break }
                    math.append(RawMath(start: start, end: index + 1, display: false,
                        contentStart: start + 1, contentEnd: index))
                    line = spanLine
                    return index + 1
                }
            } else {
                index += 1
            }
        }
        return start + open
    }
}
