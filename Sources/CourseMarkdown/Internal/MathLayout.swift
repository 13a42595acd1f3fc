/// The source with every math span replaced by placeholder tokens, line for line.
///
/// A span covering lines a…b becomes b−a+1 tokens joined by `\n`, so every line number in the
/// substituted text is the line number in the author's file. Columns differ only after a span's
/// end on its last line; `originalByteColumn` undoes that shift.
struct MathLayout: Sendable {
    struct Span: Sendable {
        var raw: RawMath
        /// The span as written (delimiters included) and its TeX as a TeX reader should get it
        /// (`TeXReading`).
        var source: String
        var tex: String
        var startLine: Int
        var endLine: Int
    }

    let spans: [Span]
    let substituted: [UInt8]
    /// For each line holding the end of a span: (byte offset in the substituted line just past
    /// the token, byte offset in the original line just past the span), in line order.
    private let shifts: [Int: [(substituted: Int, original: Int)]]

    /// - Parameters:
    ///   - quoteDepth: Per 1-based line, how deep in block quotes it is.
    ///   - tableRows: Per 1-based line, true for a line of a GFM table.
    init(text: SourceText, math: [RawMath], quoteDepth: [Int], tableRows: [Bool], placeholders: Placeholders) {
        let bytes = text.bytes
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var outputLineStart = 0
        var cursor = 0
        var spans: [Span] = []
        var shifts: [Int: [(substituted: Int, original: Int)]] = [:]

        func appendSource(_ range: Range<Int>) {
            output.append(contentsOf: bytes[range])
            if let last = bytes[range].lastIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                outputLineStart = output.count - (range.upperBound - last - 1)
            }
        }

        for (index, raw) in math.enumerated() {
            appendSource(cursor..<raw.start)
            let startLine = text.lineNumber(ofByte: raw.start)
            let endLine = text.lineNumber(ofByte: raw.end - 1)
            if startLine == endLine {
                output += placeholders.token("s", index)
            } else {
                output += placeholders.token("b", index)
                for _ in (startLine + 1)..<endLine {
                    output.append(0x0A)
                    output += placeholders.token("c", index)
                }
                output.append(0x0A)
                outputLineStart = output.count
                output += placeholders.token("f", index)
            }
            shifts[endLine, default: []].append(
                (substituted: output.count - outputLineStart, original: raw.end - text.lineStarts[endLine - 1]))
            cursor = raw.end

            let source = String(decoding: bytes[raw.start..<raw.end], as: UTF8.self)
            let tex = TeXReading.tex(String(decoding: bytes[raw.contentStart..<raw.contentEnd], as: UTF8.self),
                                     quoteDepth: startLine != endLine ? quoteDepth[startLine] : 0,
                                     inTableRow: tableRows[startLine])
            spans.append(Span(raw: raw, source: source, tex: tex, startLine: startLine, endLine: endLine))
        }
        appendSource(cursor..<bytes.count)
        self.spans = spans
        self.substituted = output
        self.shifts = shifts
    }

    /// Puts each formula's source back where its tokens ended up in a string taken from the
    /// tree (code, raw HTML, link destinations, alt text, heading text).
    func restoringSource(_ string: String, placeholders: Placeholders) -> String {
        placeholders.expand(string) { found, output, _ in
            if case .math(let index, _) = found, index < spans.count { output += spans[index].source.utf8 }
            return 0
        }
    }

    /// The original 1-based byte column of a 1-based byte column in the substituted text.
    func originalByteColumn(line: Int, substitutedColumn column: Int) -> Int {
        guard let lineShifts = shifts[line] else { return column }
        // The last span ending at or before the column (binary search: a line may hold many).
        var low = 0
        var high = lineShifts.count
        while low < high {
            let mid = (low + high) / 2
            if lineShifts[mid].substituted <= column - 1 { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return column }
        let shift = lineShifts[low - 1]
        return column - 1 - shift.substituted + shift.original + 1
    }
}
