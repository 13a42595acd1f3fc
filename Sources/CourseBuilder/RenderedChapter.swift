import TextEscaping
import CourseMarkdown
import Diagnostics
import ExerciseModel
import Foundation
import NNLanguage

/// One chapter run and rendered in memory, as `build` does for each chapter, without reading or
/// writing any file: for tests and the fuzzer (`Fuzz/FuzzChapter.swift`), which feed it any text.
public struct RenderedChapter: Sendable {
    /// The page body (without the site template) and the Markdown rendition.
    public var html: String
    public var markdown: String
    public var exercises: [Exercise]
    /// The SVG of each plot, by the file name `build` gives it.
    public var plots: [String: String]

    /// Runs every `nn` block and inline value of `text` and renders the result.
    /// - Parameters:
    ///   - text: The chapter's Markdown.
    ///   - file: The path diagnostics name; its last component without `.md` is the chapter's slug.
    ///   - budget: For each block and inline value; `.standard` is what `build` allows.
    /// - Throws: Every diagnostic of the chapter, located in `file`, as `build` reports them.
    public init(text: String, file: String, budget: ExecutionBudget = .standard) throws(DiagnosticList) {
        let name = (file as NSString).lastPathComponent
        let slug = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        let source = ChapterSource(displayPath: file, name: name, url: URL(fileURLWithPath: file), slug: slug)
        let (frontMatter, body): (FrontMatter?, String)
        do { (frontMatter, body) = try FrontMatter.split(text, file: file) } catch { throw DiagnosticList([error]) }
        var chapter = try ChapterExecutor.execute(source, text: body, budget: budget)
        chapter.frontMatter = frontMatter
        let references = try CrossReferences([CrossReferences.Chapter(1, chapter)], labels: SiteLabels(language: "en"))
        let sheet = ExerciseSheet(chapter: name, chapterNumber: 1, exercises: chapter.exercises)
        let published = chapter.exercises.enumerated().map { position, exercise in
            (exercise.id, PublicExercise(exercise, number: sheet.problemNumber(ofExerciseAt: position), page: "\(Escape.urlPathSegment(slug)).html"))
        }
        let renderer = OutputRenderer.site(
            slug: slug, references: references, publicExercises: Dictionary(published) { first, _ in first })
        html = chapter.htmlBody(renderer)
        markdown = chapter.markdown(renderer)
        exercises = chapter.exercises.map { SiteAssembler.published($0, of: source) }
        var plots: [String: String] = [:]
        for result in chapter.blockResults.values {
            for case .plot(let plot) in result.outputs { plots[OutputRenderer.plotPath(slug: slug, plot)] = plot.svg }
        }
        self.plots = plots
    }
}

extension ExecutedChapter {
    /// The page body: each `nn` block replaced by its source and outputs, each inline value by
    /// its text.
    /// Without `typesetMath` (the search index's text) inline formulas are their bare TeX, so
    /// the sentence around them reads whole, and display formulas are left out.
    func htmlBody(_ renderer: OutputRenderer, typesetMath: Bool = true) -> String {
        document.render(
            .html,
            replacingCodeBlock: { (block: CodeBlock) throws(Never) -> String? in
                if !typesetMath, ChapterMath.isMathFence(block) { return "<div class=\"math display\"></div>\n" }
                if let math = math.blocks[block] {
                    let label = renderer.references.label(of: block)
                    let id = label.map { " id=\"\(Escape.html($0))\"" } ?? ""
                    return "<div class=\"math display\"\(id)>\(math)\(renderer.references.equationNumber(label: label))</div>\n"
                }
                return blockResults[block].map { renderer.html(block: block, result: $0) }
            },
            replacingInlineCode: { (span: InlineCode) throws(Never) -> String? in
                inlineValues[span].map { "<span class=\"nn-inline\">\(Escape.html($0))</span>" }
            },
            typesettingMath: { span in
                guard typesetMath else { return span.isDisplay ? "" : Escape.html(span.tex) }
                return math.spans[span].map { $0 + renderer.references.equationNumber(span) }
            },
            replacingReference: { renderer.references.html($0, inChapter: source.name) },
            numberingTable: { renderer.references.captionNumber($0) })
    }

    /// The Markdown rendition, with results in place of the blocks.
    func markdown(_ renderer: OutputRenderer) -> String {
        (frontMatter?.raw ?? "") + document.render(
            .gfm,
            replacingCodeBlock: { (block: CodeBlock) throws(Never) -> String? in
                if ChapterMath.isMathFence(block) { return renderer.gfm(mathBlock: block) }
                return blockResults[block].map { renderer.gfm(block: block, result: $0) }
            },
            replacingInlineCode: { (span: InlineCode) throws(Never) -> String? in
                inlineValues[span].map(MarkdownText.escapeInline)
            },
            typesettingMath: { _ in nil },
            replacingReference: { renderer.references.gfm($0, inChapter: source.name) })
    }
}
