import CourseMarkdown
import Diagnostics
import ExerciseModel
import Foundation
import MathTypesetting
import TextEscaping

/// The typeset HTML of one chapter's formulas, looked up while its page is rendered.
struct ChapterMath {
    /// `$…$` and `$$…$$` of the chapter.
    var spans: [MathSpan: String] = [:]
    /// ```` ```math ```` fences, as GitHub and Qiita write display math.
    var blocks: [CodeBlock: String] = [:]
    /// Formulas of exercise prompts, by exercise id (a prompt is a document of its own).
    var prompts: [String: [MathSpan: String]] = [:]
    /// Formulas of plot titles and table captions an `nn` block wrote, by their `$…$` source.
    var captions: [String: String] = [:]
    /// Formulas of a title given in the front matter, by their `$…$` source (a title from the
    /// first heading has its formulas in `spans`).
    var title: [String: String] = [:]

    var isEmpty: Bool { spans.isEmpty && blocks.isEmpty && prompts.isEmpty && captions.isEmpty && title.isEmpty }

    /// The formulas of one line of text (a title, a caption), as `MarkdownDocument` finds them.
    static func formulas(in line: String) -> [MathSpan] {
        line.contains("$") ? MarkdownDocument(parsing: line, file: "").math : []
    }

    /// One line of text (a title, a caption) as HTML: escaped, each formula typeset as
    /// `math` has it (by its `$…$` source), else left as written.
    static func inlineHTML(_ line: String, math: [String: String]) -> String {
        var html = ""
        var rest = Substring(line)
        for span in formulas(in: line) {
            guard let range = rest.range(of: span.source) else { continue }
            html += Escape.html(String(rest[..<range.lowerBound]))
            if let typeset = math[span.source] {
                html += "<span class=\"math \(span.isDisplay ? "display" : "inline")\">\(typeset)</span>"
            } else {
                html += Escape.html(span.source)
            }
            rest = rest[range.upperBound...]
        }
        return html + Escape.html(String(rest))
    }

    /// The language of a fenced code block that holds display math.
    static let fenceLanguage = "math"

    /// True for a ```` ```math ```` fence (kept as written in the GFM rendition, typeset in pages).
    static func isMathFence(_ block: CodeBlock) -> Bool { block.isFenced && block.language == fenceLanguage }

    /// One line of text (a title) with each formula's `$…$` source replaced by its TeX:
    /// `式 $\sigma$ の章` → `式 \sigma の章`.
    static func plainText(_ line: String) -> String {
        guard line.contains("$") else { return line }
        var plain = line
        for span in formulas(in: line).reversed() {
            if let range = plain.range(of: span.source, options: .backwards) {
                plain.replaceSubrange(range, with: span.tex.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        return plain
    }
}

/// Every formula of a build in submission order, each with the place its HTML goes, so one
/// `MathTypesetter` batch serves the whole course.
struct MathCollection {
    private enum Destination {
        case span(chapter: Int, MathSpan)
        case block(chapter: Int, CodeBlock)
        case prompt(chapter: Int, exercise: String, MathSpan)
        case caption(chapter: Int, source: String)
        case title(chapter: Int, source: String)
    }

    private var destinations: [Destination] = []
    private var pending: [Formula] = []

    var isEmpty: Bool { destinations.isEmpty }

    /// Hands out the formulas added since the last call.
    mutating func takePending() -> [Formula] {
        defer { pending = [] }
        return pending
    }

    /// The chapter's `$` math and `math` fences.
    mutating func add(chapter: Int, document: MarkdownDocument, lines: [Substring]) {
        for span in document.math {
            let delimiter = span.isDisplay && span.source.hasPrefix("$$") ? 2 : 1
            var start = span.location
            start.column += delimiter
            add(.span(chapter: chapter, span), tex: span.tex, display: span.isDisplay, start: start, lines: lines)
        }
        for block in document.codeBlocks where ChapterMath.isMathFence(block) {
            let tex = block.code.hasSuffix("\n") ? String(block.code.dropLast()) : block.code
            let firstLine = Self.line(block.firstCodeLine, of: lines)
            let texFirstLine = tex.split(omittingEmptySubsequences: false, whereSeparator: Self.isLineBreak).first ?? ""
            let indent = firstLine.hasSuffix(texFirstLine) ? firstLine.count - texFirstLine.count : 0
            let start = SourceLocation(file: block.location.file, line: block.firstCodeLine, column: indent + 1)
            add(.block(chapter: chapter, block), tex: tex, display: true, start: start, lines: lines)
        }
    }

    /// The formulas of exercise prompts. A prompt is written inside an `nn` block; a formula is
    /// located at its first appearance in the chapter from the exercise's line on, else at the
    /// exercise itself.
    mutating func add(chapter: Int, prompts exercises: [Exercise], lines: [Substring], file: String) {
        for exercise in exercises {
            let prompt = OutputRenderer.promptDocument(exercise)
            guard !prompt.math.isEmpty else { continue }
            let declared = Self.line(ofSource: exercise.source, in: file) ?? 1
            for span in prompt.math {
                var start = SourceLocation(file: file, line: declared, column: 1)
                let delimiter = span.isDisplay && span.source.hasPrefix("$$") ? 2 : 1
                if let found = Self.find(span.source, in: lines, from: declared) {
                    start = SourceLocation(file: file, line: found.line, column: found.column + delimiter)
                }
                add(.prompt(chapter: chapter, exercise: exercise.id, span), tex: span.tex, display: span.isDisplay,
                    start: start, lines: lines)
            }
        }
    }

    /// The formulas of plot titles and table captions, which exist once the blocks ran: each
    /// located where its `$…$` first appears in the chapter from its block's line on (the title
    /// is a string in the block), else at the block.
    mutating func add(chapter: Int, captions: [(text: String, block: CodeBlock)], lines: [Substring]) {
        for (text, block) in captions {
            for span in ChapterMath.formulas(in: text) {
                add(.caption(chapter: chapter, source: span.source), span: span, near: block.location, lines: lines)
            }
        }
    }

    /// The formulas of a title given in the front matter, located in it.
    mutating func add(chapter: Int, frontMatterTitle title: String, frontMatter: String, file: String) {
        let lines = Self.lines(of: frontMatter)
        // At the `title:` line when the formula is not there as written (a YAML escape in it).
        let titleLine = (lines.firstIndex { $0.hasPrefix("title:") } ?? 0) + 1
        for span in ChapterMath.formulas(in: title) {
            add(.title(chapter: chapter, source: span.source), span: span,
                near: SourceLocation(file: file, line: titleLine, column: 1), lines: lines)
        }
    }

    /// A formula of a piece of text the chapter's source holds somewhere from `near` on.
    private mutating func add(_ destination: Destination, span: MathSpan, near: SourceLocation, lines: [Substring]) {
        var start = near
        let delimiter = span.isDisplay && span.source.hasPrefix("$$") ? 2 : 1
        if let found = Self.find(span.source, in: lines, from: near.line) {
            start = SourceLocation(file: near.file, line: found.line, column: found.column + delimiter)
        }
        add(destination, tex: span.tex, display: span.isDisplay, start: start, lines: lines)
    }

    /// Files each formula's HTML under its chapter; `html` is in submission order.
    func filed(_ html: [String], chapterCount: Int) -> [ChapterMath] {
        var chapters = [ChapterMath](repeating: ChapterMath(), count: chapterCount)
        for (destination, html) in zip(destinations, html) {
            switch destination {
            case .span(let chapter, let span): chapters[chapter].spans[span] = html
            case .block(let chapter, let block): chapters[chapter].blocks[block] = html
            case .prompt(let chapter, let exercise, let span): chapters[chapter].prompts[exercise, default: [:]][span] = html
            case .caption(let chapter, let source): chapters[chapter].captions[source] = html
            case .title(let chapter, let source): chapters[chapter].title[source] = html
            }
        }
        return chapters
    }

    private mutating func add(_ destination: Destination, tex: String, display: Bool, start: SourceLocation,
                              lines: [Substring]) {
        let count = tex.split(omittingEmptySubsequences: false, whereSeparator: Self.isLineBreak).count
        let first = max(start.line - 1, 0)
        let sourceLines = Array(lines[min(first, lines.count)..<min(first + count, lines.count)])
        destinations.append(destination)
        pending.append(Formula(tex: tex, isDisplay: display, start: start, sourceLines: sourceLines))
    }

    /// A chapter's lines, split where cmark splits them (`\n`, `\r\n`, `\r`).
    static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: isLineBreak)
    }

    static func isLineBreak(_ character: Character) -> Bool {
        character == "\n" || character == "\r\n" || character == "\r"
    }

    private static func line(_ number: Int, of lines: [Substring]) -> Substring {
        number >= 1 && number <= lines.count ? lines[number - 1] : ""
    }

    /// The line of `file:line:column`.
    private static func line(ofSource source: String?, in file: String) -> Int? {
        guard let source, source.hasPrefix(file + ":") else { return nil }
        return source.dropFirst(file.count + 1).split(separator: ":").first.flatMap { Int($0) }
    }

    /// Line and character column of the first occurrence of `text` on one line, from line `from` on.
    private static func find(_ text: String, in lines: [Substring], from: Int) -> (line: Int, column: Int)? {
        guard !text.isEmpty, from >= 1 else { return nil }
        for number in from...max(from, lines.count) where number <= lines.count {
            let line = lines[number - 1]
            if let range = line.range(of: text) {
                return (number, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        return nil
    }
}
