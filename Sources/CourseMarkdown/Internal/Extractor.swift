import Diagnostics

/// Turns a parsed (math-substituted) tree into code blocks, inline code and headings located in
/// the author's file.
struct Extractor {
    let file: String
    let text: SourceText
    let layout: MathLayout
    let placeholders: Placeholders
    /// Code spans the scanner found in the original text, in order, with their lines.
    private let spans: [RawCodeSpan]
    private let spansByLine: [Int: [Int]]
    private var used: [Bool]
    /// Per line, how many of its spans (from the front) are used: the next span cmark reports on
    /// a line is almost always the next unused one, so matching stays linear in the spans.
    private var usedPrefix: [Int: Int] = [:]
    private var lastMatched = -1
    private var cursor: LocationCursor

    private(set) var codeBlocks: [CodeBlock] = []
    private(set) var inlineCodes: [InlineCode] = []
    private(set) var headings: [(level: Int, text: String)] = []
    private(set) var references: [CrossReference] = []
    private(set) var tableCaptions: [TableCaption] = []
    /// Per line, the character column after the last reference found on it, so a label written
    /// twice on a line is located twice.
    private var referenceColumns: [Int: Int] = [:]

    init(file: String, text: SourceText, layout: MathLayout, placeholders: Placeholders, codeSpans: [RawCodeSpan]) {
        self.file = file
        self.text = text
        self.layout = layout
        self.placeholders = placeholders
        spans = codeSpans
        spansByLine = Dictionary(grouping: codeSpans.indices) { text.lineNumber(ofByte: codeSpans[$0].start) }
        used = Array(repeating: false, count: codeSpans.count)
        cursor = LocationCursor(text)
    }

    mutating func run(_ tree: CmarkTree) {
        for node in tree.nodes() {
            switch node.kind {
            case .codeBlock: addCodeBlock(node)
            case .code: addInlineCode(node)
            case .heading: headings.append((node.headingLevel, plainText(of: node)))
            case .paragraph where TableCaptionSyntax.isCaption(node): addTableCaption(node)
            case .text where !node.isInside(.link) && !node.isInside(.image) && node.literalContains([UInt8(ascii: "@")]):
                addReferences(node)
            default: break
            }
        }
    }

    func restoringMathSource(_ string: String) -> String {
        layout.restoringSource(string, placeholders: placeholders)
    }

    private func location(line: Int, substitutedByteColumn column: Int) -> SourceLocation {
        let byteColumn = layout.originalByteColumn(line: line, substitutedColumn: column)
        return SourceLocation(file: file, line: line, column: text.characterColumn(line: line, byteColumn: byteColumn))
    }

    /// A reference is located where `@label` next appears from the text node's line on (cmark's
    /// column of a text node is not always the column of its first character), else at the node.
    private mutating func addReferences(_ node: CmarkNode) {
        let literal = restoringMathSource(node.literal)
        for (_, label) in ReferenceScanner.references(in: literal) {
            var location = SourceLocation(file: file, line: max(1, node.startLine), column: max(1, node.startColumn))
            for line in location.line...max(location.line, min(text.lineCount, location.line + 20)) where line <= text.lineCount {
                let lineText = text.line(line)
                let from = referenceColumns[line, default: 0]
                guard from <= lineText.count,
                      let range = lineText[lineText.index(lineText.startIndex, offsetBy: from)...].firstRange(of: "@" + label)
                else { continue }
                let column = lineText.distance(from: lineText.startIndex, to: range.lowerBound) + 1
                location = SourceLocation(file: file, line: line, column: column)
                referenceColumns[line] = column + label.count
                break
            }
            references.append(CrossReference(label: label, location: location))
        }
    }

    /// A caption is located at its `:` on its first line, its label at the `{` on its last.
    private mutating func addTableCaption(_ node: CmarkNode) {
        var text = plainText(of: node)
        var label: String?
        if let found = TableCaptionSyntax.label(atEndOf: text) {
            label = found.label
            text = String(decoding: Array(text.utf8)[..<found.start], as: UTF8.self)
        }
        text = String(decoding: Array(text.utf8).dropFirst(TableCaptionSyntax.markerLength(text) ?? 0), as: UTF8.self)
        func located(_ line: Int, _ find: (String) -> String.Index?) -> SourceLocation {
            let lineText = self.text.line(line)
            let column = find(lineText).map { lineText.distance(from: lineText.startIndex, to: $0) + 1 } ?? 1
            return SourceLocation(file: file, line: line, column: column)
        }
        let location = located(node.startLine) { line in
            line.firstIndex { $0 != " " && $0 != "\t" && $0 != ">" }
        }
        let labelLocation = label.map { label in located(node.endLine) { $0.ranges(of: "{#" + label).last?.lowerBound } }
        tableCaptions.append(TableCaption(text: text, label: label, location: location, labelLocation: labelLocation))
    }

    private mutating func addCodeBlock(_ node: CmarkNode) {
        let info = restoringMathSource(node.fenceInfo)
        let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
        let fenced = node.isFenced
        codeBlocks.append(CodeBlock(
            language: language, info: info, code: restoringMathSource(node.literal),
            location: location(line: node.startLine, substitutedByteColumn: node.startColumn),
            firstCodeLine: fenced ? node.startLine + 1 : node.startLine, isFenced: fenced))
    }

    /// cmark's line for a code span is right but its column is not (continuation lines of a
    /// paragraph are off by their indentation), so the span is looked up among those the scanner
    /// found: on that line with the same content, else the first on that line, else the next one
    /// in document order with the same content.
    private mutating func addInlineCode(_ node: CmarkNode) {
        let code = restoringMathSource(node.literal)
        let line = node.startLine
        func matches(_ index: Int) -> Bool {
            let content = normalized(spans[index])
            return content == code || (content.contains("\\|") && content.replacing("\\|", with: "|") == code)
        }
        let onLine = lineSpans(line)
        let match = onLine.first(where: { !used[$0] && matches($0) }) ?? onLine.first(where: { !used[$0] })
            ?? spans.indices.dropFirst(lastMatched + 1).first { !used[$0] && matches($0) }
        if let index = match {
            used[index] = true
            lastMatched = index
            let span = spans[index]
            let start = cursor.location(ofByte: span.start)
            var contentStart = span.contentStart
            if strips(span) { contentStart += 1 }
            let content = cursor.location(ofByte: contentStart)
            inlineCodes.append(InlineCode(
                code: code, location: SourceLocation(file: file, line: start.line, column: start.column),
                contentLocation: SourceLocation(file: file, line: content.line, column: content.column)))
        } else {
            // No scanner span on that line (cmark saw code the scanner did not): cmark's column,
            // which points at the content.
            let contentLocation = location(line: line, substitutedByteColumn: node.startColumn)
            inlineCodes.append(InlineCode(code: code, location: contentLocation, contentLocation: contentLocation))
        }
    }

    /// The spans the scanner found on `line`, in order, without the used ones in front (skipped
    /// once and for all).
    private mutating func lineSpans(_ line: Int) -> ArraySlice<Int> {
        let all = spansByLine[line] ?? []
        var first = usedPrefix[line] ?? 0
        while first < all.count, used[all[first]] { first += 1 }
        usedPrefix[line] = first
        return all[first...]
    }

    private func rawContent(_ span: RawCodeSpan) -> String {
        let bytes = text.bytes[span.contentStart..<span.contentEnd]
        guard bytes.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes, as: UTF8.self)
            .replacing("\r\n", with: " ").replacing("\n", with: " ").replacing("\r", with: " ")
    }

    /// CommonMark strips one space from each side when both are spaces and the content is not all spaces.
    private func strips(_ span: RawCodeSpan) -> Bool {
        let content = rawContent(span)
        return content.count >= 2 && content.first == " " && content.last == " " && content.contains { $0 != " " }
    }

    private func normalized(_ span: RawCodeSpan) -> String {
        let content = rawContent(span)
        return strips(span) ? String(content.dropFirst().dropLast()) : content
    }

    /// A heading's text without markup; math tokens become their `$…$` source again.
    private func plainText(of node: CmarkNode) -> String {
        var result = ""
        func collect(_ node: CmarkNode) {
            for child in node.children {
                switch child.kind {
                case .text, .code: result += child.literal
                case .softBreak, .lineBreak: result += " "
                case .htmlInline: break
                default: collect(child)
                }
            }
        }
        collect(node)
        // A heading is one line: line breaks of a multi-line formula become spaces.
        return String(restoringMathSource(result).map { $0.isNewline ? " " : $0 })
    }
}

/// GitHub-like heading anchors (github-slugger): lower-cased; letters, marks, numbers, `-` and `_`
/// kept (Japanese text stays as it is); spaces become `-`; everything else (punctuation,
/// symbols, emoji) dropped; repeats get `-1`, `-2`, … An empty slug becomes `section`.
enum Slugger {
    static func slug(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value
                if value == 0x20 {
                    result += "-"
                } else if (0x30...0x39).contains(value) || (0x61...0x7A).contains(value) || value == 0x2D || value == 0x5F {
                    result.unicodeScalars.append(scalar)
                }
            } else if scalar == " " {
                result += "-"
            } else if scalar == "-" || scalar == "_" {
                result.unicodeScalars.append(scalar)
            } else {
                switch scalar.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                    .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
                    result.unicodeScalars.append(scalar)
                default:
                    break
                }
            }
        }
        return result.isEmpty ? "section" : result
    }

    static func anchored(_ headings: [(level: Int, text: String)]) -> [Heading] {
        var used: Set<String> = []
        var counts: [String: Int] = [:]
        return headings.map { heading in
            let base = slug(heading.text)
            var anchor = base
            while used.contains(anchor) {
                let count = (counts[base] ?? 0) + 1
                counts[base] = count
                anchor = "\(base)-\(count)"
            }
            used.insert(anchor)
            return Heading(level: heading.level, text: heading.text, anchor: anchor)
        }
    }
}
