import Foundation
import CourseMarkdown
import Diagnostics
import ExerciseModel
import NNLanguage

/// A chapter after its `nn` blocks and inline values ran: what replaces each block and span.
struct ExecutedChapter {
    var source: ChapterSource
    var document: MarkdownDocument
    /// Outputs of each `nn` block, and the exercises it declared.
    var blockResults: [CodeBlock: BlockResult]
    /// The computed text of each inline `{nn}` span.
    var inlineValues: [InlineCode: String]
    var exercises: [Exercise]
    /// Each varied exercise's `vary` clause, with its line of the chapter for the excerpt.
    var variationSites: [String: (location: SourceLocation, line: String)] = [:]
    /// Typeset formulas, filled in once the whole build's math is back from KaTeX.
    var math = ChapterMath()
    /// The chapter's YAML front matter, kept out of the page and verbatim in the GFM rendition.
    var frontMatter: FrontMatter? = nil

    /// The front matter's `title:`, else the first level-1 heading, else the file name.
    var title: String { frontMatter?.title ?? document.title ?? source.slug }

    /// The title as plain text (`<title>`, search results): each formula its bare TeX, since
    /// no formula is typeset there and a `$` delimiter is noise to a reader.
    var plainTitle: String { ChapterMath.plainText(title) }

    /// The page title as HTML: escaped, its formulas typeset (a title from the first heading
    /// has them among the chapter's own).
    var titleHTML: String {
        let typeset = frontMatter?.title != nil ? math.title
            : Dictionary(math.spans.map { ($0.key.source, $0.value) }) { first, _ in first }
        return ChapterMath.inlineHTML(title, math: typeset)
    }

    /// Plot titles and table captions the blocks wrote, in reading order, with their block.
    var captions: [(text: String, block: CodeBlock)] {
        blockResults.sorted { ($0.key.location.line, $0.key.location.column) < ($1.key.location.line, $1.key.location.column) }
            .flatMap { block, result in
                result.outputs.compactMap { output -> (text: String, block: CodeBlock)? in
                    switch output {
                    case .plot(let plot): plot.title.map { ($0, block) }
                    case .table(let table): table.caption.map { ($0, block) }
                    default: nil
                    }
                }
            }
    }

    /// Whether the page shows anything `nn` computed (its footer says so only then).
    var hasComputedValues: Bool { !blockResults.isEmpty || !inlineValues.isEmpty }
}

struct BlockResult {
    var outputs: [BlockOutput]
    var exercises: [Exercise]
}

/// Runs a chapter: every `nn` block and every inline `{nn}` value, in document order, with
/// state shared across the chapter, so prose quotes the value as it is at that point.
enum ChapterExecutor {
    /// The prefix that marks an inline code span as a computed value: `` `{nn} dL_dw1 | .3f` ``.
    static let inlinePrefix = "{nn} "

    static func isInlineValue(_ span: InlineCode) -> Bool { span.code.hasPrefix(inlinePrefix) }

    /// - Throws: every diagnostic of the chapter (execution continues past a failing block, so
    ///   an author sees all problems; later blocks may then report follow-on errors).
    static func execute(
        _ chapter: ChapterSource, text: String, budget: ExecutionBudget = .standard
    ) throws(DiagnosticList) -> ExecutedChapter {
        try execute(chapter, text: text, document: MarkdownDocument(parsing: text, file: chapter.displayPath), budget: budget)
    }

    /// Runs a chapter already parsed (the builder parses every chapter first, to send its math
    /// to KaTeX before any block runs).
    static func execute(
        _ chapter: ChapterSource, text: String, document: MarkdownDocument, budget: ExecutionBudget = .standard,
        progress: BuildProgress? = nil
    ) throws(DiagnosticList) -> ExecutedChapter {
        let session = ChapterSession(file: chapter.displayPath, budget: budget)
        let steps = steps(of: document)
        let lines = sourceLines(text)
        var diagnostics: [Diagnostic] = []
        var blockResults: [CodeBlock: BlockResult] = [:]
        var inlineValues: [InlineCode: String] = [:]
        for step in steps {
            switch step {
            case .block(let block):
                progress?.running(block.location)
                let exercisesBefore = session.exercises.count
                do throws(Diagnostic) { _ = try BlockDisplay(block) } catch { diagnostics.append(error) }
                do {
                    // Without its final line break, a block that ends mid-expression is
                    // reported at the end of its last line, not on the closing fence.
                    let code = block.code.hasSuffix("\n") ? String(block.code.dropLast()) : block.code
                    let outputs = try session.run(
                        block: code, firstLine: block.firstCodeLine, column: block.location.column)
                    blockResults[block] = BlockResult(
                        outputs: outputs, exercises: Array(session.exercises[exercisesBefore...]))
                } catch {
                    diagnostics += error.diagnostics
                }
            case .inline(let span):
                let (expression, format) = splitInline(span.code)
                var location = span.contentLocation
                location.column += span.code.distance(
                    from: span.code.startIndex,
                    to: span.code.range(of: expression)?.lowerBound ?? span.code.startIndex)
                do {
                    inlineValues[span] = try session.inline(expression, format: format, at: location)
                } catch {
                    diagnostics += error.diagnostics.map { relocated($0, in: span, lines: lines) }
                }
            }
        }
        if diagnostics.contains(where: { $0.severity == .error }) {
            let blocks = steps.compactMap { step -> CodeBlock? in if case .block(let block) = step { block } else { nil } }
            throw DiagnosticList(diagnostics.map {
                withSourceLine(onItsLine($0, blocks: blocks, lines: lines, file: chapter.displayPath),
                               lines: lines, file: chapter.displayPath)
            })
        }
        var executed = ExecutedChapter(
            source: chapter, document: document, blockResults: blockResults,
            inlineValues: inlineValues, exercises: session.exercises)
        for (id, location) in session.variationLocations where (1...lines.count).contains(location.line) {
            executed.variationSites[id] = (location, String(lines[location.line - 1]))
        }
        return executed
    }

    /// One thing a chapter runs: an `nn` block or an inline `{nn}` value.
    enum Step {
        case block(CodeBlock)
        case inline(InlineCode)
        var line: Int {
            switch self {
            case .block(let block): block.location.line
            case .inline(let span): span.location.line
            }
        }
        var column: Int {
            switch self {
            case .block(let block): block.location.column
            case .inline(let span): span.location.column
            }
        }
    }

    /// The chapter's `nn` blocks and inline values in the order they run (the reading order),
    /// the one list both execution and the build cache's key read.
    static func steps(of document: MarkdownDocument) -> [Step] {
        (document.codeBlocks.filter { $0.language == "nn" }.map(Step.block)
            + document.inlineCodes.filter(isInlineValue).map(Step.inline))
            .sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// A block's diagnostics count columns from its fence's column on every line, but inside a
    /// block quote or list each line has its own container prefix (`> ` on one line, `>` on the
    /// next, 48 `>` on another), so the column can miss the character or even the line. cmark
    /// strips only a prefix, so a code line is the end of its source line: the column is moved
    /// to where the code line really starts, and the excerpt becomes the real line (with its
    /// `>` markers). A line cmark changed otherwise (a tab split by a container) is left as is.
    static func onItsLine(_ diagnostic: Diagnostic, blocks: [CodeBlock], lines: [Substring], file: String) -> Diagnostic {
        guard let location = diagnostic.location, location.file == file,
              location.line >= 1, location.line <= lines.count,
              let block = blocks.first(where: { location.line >= $0.firstCodeLine && location.line < $0.firstCodeLine + codeLineCount($0) })
        else { return diagnostic }
        let codeLines = sourceLines(block.code)
        let codeLine = codeLines[location.line - block.firstCodeLine]
        let sourceLine = lines[location.line - 1]
        guard sourceLine.hasSuffix(codeLine) else { return diagnostic }
        let start = sourceLine.count - codeLine.count + 1
        var moved = diagnostic
        moved.location?.column = start + max(0, location.column - block.location.column)
        moved.sourceLine = String(sourceLine)
        return moved
    }

    /// Lines of a block's code (cmark keeps the final line break; it starts no line).
    private static func codeLineCount(_ block: CodeBlock) -> Int {
        guard !block.code.isEmpty else { return 0 }  // a fence with nothing inside has no code line
        let code = block.code.hasSuffix("\n") ? String(block.code.dropLast()) : block.code
        return sourceLines(code).count
    }

    /// Adds the quoted source line to a diagnostic that points into this chapter but lacks it,
    /// so every message shows the caret excerpt. Lines end as cmark ends them (`\n`, `\r\n` or a
    /// lone `\r`), so the line is the one the location counts.
    static func withSourceLine(_ diagnostic: Diagnostic, lines: [Substring], file: String) -> Diagnostic {
        guard diagnostic.sourceLine == nil, let location = diagnostic.location, location.file == file else {
            return diagnostic
        }
        guard location.line >= 1, location.line <= lines.count else { return diagnostic }
        var located = diagnostic
        located.sourceLine = String(lines[location.line - 1])
        return located
    }

    /// The chapter's lines, ended as cmark ends them (`\n`, `\r\n` or a lone `\r`).
    static func sourceLines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    }

    /// An inline value's diagnostic counts columns along the span's text from where it starts;
    /// a span that continues onto further lines reached them through a space (cmark joins its
    /// lines so, dropping the next line's indentation), so such a column is moved onto the line
    /// and column of the character it counts (before, it pointed past the end of the first line).
    static func relocated(_ diagnostic: Diagnostic, in span: InlineCode, lines: [Substring]) -> Diagnostic {
        let start = span.contentLocation
        guard let location = diagnostic.location, location.file == start.file, location.line == start.line,
              location.column >= start.column, start.line >= 1, start.line <= lines.count,
              location.column > lines[start.line - 1].count + 1
        else { return diagnostic }
        var line = start.line
        var characters = Array(lines[line - 1])
        var column = start.column  // 1-based, of the span character being matched
        for character in span.code.dropLast(max(0, span.code.count - (location.column - start.column))) {
            if column <= characters.count {
                column += characters[column - 1] == "\\" && character != "\\" ? 2 : 1
            } else if character == " ", line < lines.count {
                // The line break: the next line, without its indentation or block-quote markers.
                line += 1
                characters = Array(lines[line - 1])
                column = 1 + (characters.firstIndex { $0 != " " && $0 != "\t" && $0 != ">" } ?? characters.count)
            } else {
                break
            }
        }
        var moved = diagnostic
        moved.location = SourceLocation(file: start.file, line: line, column: min(column, characters.count + 1))
        moved.sourceLine = nil  // quoted again from the right line
        return moved
    }

    /// `{nn} expr | format` → ("expr", "format"); the format is optional.
    static func splitInline(_ code: String) -> (expression: String, format: String?) {
        let body = code.dropFirst(inlinePrefix.count)
        guard let bar = body.firstIndex(of: "|") else {
            return (body.trimmingCharacters(in: .whitespaces), nil)
        }
        let expression = body[..<bar].trimmingCharacters(in: .whitespaces)
        let format = body[body.index(after: bar)...].trimmingCharacters(in: .whitespaces)
        return (expression, format.isEmpty ? nil : format)
    }
}
