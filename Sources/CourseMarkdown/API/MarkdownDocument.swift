import Diagnostics

/// A parsed chapter: its code blocks, inline code, headings and math, and renderings of it.
///
/// Holds only Swift values (the source, the math-substituted source and what was found in it);
/// every cmark tree is parsed, used and freed inside one call. `render` parses again (cmark is
/// fast) so concurrent renders share nothing. Safe to use from any number of threads.
public struct MarkdownDocument: Sendable {
    /// The path used in every `SourceLocation`.
    public let file: String
    public let options: MarkdownOptions
    /// Fenced and indented code blocks, in document order.
    public let codeBlocks: [CodeBlock]
    /// Code spans, in document order.
    public let inlineCodes: [InlineCode]
    /// Headings, in document order, with unique anchors.
    public let headings: [Heading]
    /// `$…$` and `$$…$$` spans, in document order.
    public let math: [MathSpan]
    /// `@fig-…`, `@tbl-…`, `@eq-…` in prose, in document order.
    public let references: [CrossReference]
    /// Captions of GFM tables (`: caption {#tbl-x}` after a table), in document order.
    public let tableCaptions: [TableCaption]

    let layout: MathLayout
    let text: SourceText
    let placeholders: Placeholders

    /// A 1-based line of the source without its line break, for a diagnostic's excerpt; nil
    /// outside the file.
    public func sourceLine(_ number: Int) -> String? {
        number >= 1 && number <= text.lineCount ? text.line(number) : nil
    }

    /// The text of the first level-1 heading.
    public var title: String? { headings.first { $0.level == 1 }?.text }

    /// Parses a chapter.
    /// - Parameters:
    ///   - source: The Markdown text.
    ///   - file: The path to put into locations (as the author should see it).
    ///   - options: Extensions and features; `.course` unless running the GFM spec.
    public init(parsing source: String, file: String, options: MarkdownOptions = .course) {
        self.file = file
        self.options = options
        let text = SourceText(Array(source.utf8))
        self.text = text
        let placeholders = Placeholders(avoiding: text.bytes)
        self.placeholders = placeholders

        // First parse: which lines are code or HTML blocks (math and code spans never reach
        // into them), which paragraph, heading or table row holds each line (inline spans stay
        // inside one), and how deep in block quotes each line is.
        let firstTree = Cmark.parse(text.bytes, options: options)
        var excluded = [Bool](repeating: false, count: text.lineCount + 2)
        var quoteDepth = [Int](repeating: 0, count: text.lineCount + 2)
        var inlineBlock = [Int](repeating: 0, count: text.lineCount + 2)
        var blockNumber = 0
        for node in firstTree.nodes() {
            let kind = node.kind
            guard [.codeBlock, .htmlBlock, .blockQuote, .paragraph, .heading, .table].contains(kind) else { continue }
            let first = max(1, node.startLine)
            var last = min(text.lineCount, max(first, node.endLine))
            if kind == .codeBlock, node.isFenced { last = min(last, Self.fencedBlockEnd(node, text: text)) }
            guard first <= last else { continue }
            blockNumber += 1
            for line in first...last {
                switch kind {
                case .blockQuote: quoteDepth[line] += 1
                case .codeBlock, .htmlBlock: excluded[line] = true
                case .table: inlineBlock[line] = -line  // every row is a block of its own
                default: inlineBlock[line] = blockNumber
                }
            }
        }
        var scanner = InlineScanner(text: text, excludedLines: excluded, inlineBlock: inlineBlock,
                                    findMath: options.math)
        scanner.run()
        let layout = MathLayout(text: text, math: scanner.math, quoteDepth: quoteDepth,
                                tableRows: inlineBlock.map { $0 < 0 }, placeholders: placeholders)
        self.layout = layout
        var cursor = LocationCursor(text)
        self.math = layout.spans.map { span in
            let start = cursor.location(ofByte: span.raw.start)
            let label = span.raw.display ? ReferenceScanner.equationLabel(after: text.bytes[span.raw.end...])?.label : nil
            return MathSpan(isDisplay: span.raw.display, tex: span.tex, source: span.source,
                            location: SourceLocation(file: file, line: start.line, column: start.column), label: label)
        }

        // Second parse, of the substituted text, unless there was no math to hide.
        let tree = layout.spans.isEmpty ? firstTree : Cmark.parse(layout.substituted, options: options)
        var extractor = Extractor(file: file, text: text, layout: layout, placeholders: placeholders,
                                  codeSpans: scanner.codeSpans)
        extractor.run(tree)
        codeBlocks = extractor.codeBlocks
        inlineCodes = extractor.inlineCodes
        references = extractor.references
        tableCaptions = extractor.tableCaptions
        headings = Slugger.anchored(extractor.headings)
    }

    /// The last line of a fenced code block: its fence, its content lines, and its closing
    /// fence if it has one. A fence left open in a list item ends with the item, yet cmark gives
    /// it the end line of the line that closed the item, a paragraph's, whose code spans must
    /// not be taken for code (found by the chapter fuzzer).
    private static func fencedBlockEnd(_ node: CmarkNode, text: SourceText) -> Int {
        let literal = node.literal
        let contentLines = literal.isEmpty ? 0 : literal.utf8.count(where: { $0 == UInt8(ascii: "\n") })
        let closing = node.startLine + contentLines + 1
        guard closing <= text.lineCount else { return closing }
        let rest = text.line(closing).drop { $0 == " " || $0 == "\t" || $0 == ">" }
        return rest.hasPrefix("```") || rest.hasPrefix("~~~") ? closing : closing - 1
    }
}
