import TextEscaping
import CourseMarkdown
import Diagnostics
import ExerciseModel
import Foundation
import NNLanguage

/// Lays out the output folder:
/// - `index.html`, `<chapter>.html` — the site (templates `index`, `page`), `assets/` its static files;
/// - `markdown/<chapter>.md` — the GFM rendition with results in place of the blocks' output;
/// - `plots/<chapter>/<name>.svg` — plots, shared by both renditions;
/// The exercises' `ExerciseSheet`s (the grading key) are not part of the site: `GradingKey`
/// writes them to a folder of their own.
struct SiteAssembler {
    /// The site's own pages (`index.html`, `search.html`), each from the template of that name:
    /// no chapter may be named like one.
    static let sitePages = ["index", "search"]

    var chapters: [ExecutedChapter]
    var templates: SiteTemplates
    var course = CourseFile()
    /// The content folder's name: the course's title when the course file gives none.
    var fallbackTitle = "Course"
    /// Resolves links to chapters and copies the files pages link to; nil: links stay as written.
    var links: LocalLinks? = nil
    /// KaTeX's stylesheet and fonts (paths relative to `assets/katex/`); empty when no page has math.
    var mathAssets: [(path: String, data: Data)] = []

    /// What the site needs besides its pages, none of it typeset math: the labels numbered,
    /// the Markdown renditions, plots, exercise files and the search index. The builder makes
    /// it while node typesets the formulas.
    struct Prepared {
        var references: CrossReferences
        /// What each exercise's card may show, by id.
        var publicExercises: [String: PublicExercise]
        var tree = OutputTree()
    }

    /// - Throws: a label defined twice or a reference to no label (`CrossReferences`).
    func prepare() throws(DiagnosticList) -> Prepared {
        let labels = SiteLabels(language: course.language ?? "en")
        let published = publicExercises()
        var prepared = Prepared(
            references: try CrossReferences(
                chapters.enumerated().map { CrossReferences.Chapter($0.offset + 1, $0.element) }, labels: labels),
            publicExercises: Dictionary(published.map { ($0.id, $0) }) { first, _ in first })
        var search = SearchIndex()
        for chapter in chapters {
            let slug = chapter.source.slug
            // Math in the search text is bare TeX, in prompts as in the body (`htmlBody`).
            let renderer = OutputRenderer.site(
                slug: slug, promptMath: Self.bareTeX(chapter.exercises), references: prepared.references,
                labels: labels, publicExercises: prepared.publicExercises)
            for result in chapter.blockResults.values {
                for case .plot(let plot) in result.outputs {
                    prepared.tree.add("plots/" + OutputRenderer.plotPath(slug: slug, plot), plot.svg)
                }
            }
            search.add(chapter: chapter.plainTitle, page: "\(Escape.urlPathSegment(slug)).html",
                       body: chapter.htmlBody(renderer, typesetMath: false))
            prepared.tree.add("markdown/\(slug).md", chapter.markdown(renderer))
        }
        prepared.tree.add("assets/search-index.js", search.script())
        if !published.isEmpty {
            do {
                prepared.tree.add("assets/exercise-data.js", try ExerciseData.script(
                    published, course: course.title ?? fallbackTitle, language: course.language ?? "en", labels: labels))
            } catch {
                throw DiagnosticList([Diagnostic(at: nil, "cannot encode the exercises' page data: \(error)")])
            }
        }
        return prepared
    }

    /// The pages, with the chapters' typeset math, over what `prepare` made.
    /// - Returns: warnings (links to missing files under `missing-links: warn`).
    @discardableResult
    func assemble(_ prepared: Prepared, into tree: inout OutputTree) throws(DiagnosticList) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        tree = prepared.tree
        let site = siteContext()
        let navigation: [[String: Any]] = chapters.enumerated().map { index, chapter in
            // Mustache HTML-escapes `{{href}}`; the page's file name is percent-encoded first.
            // `title` is plain text (for `<title>` and custom templates), `titleHTML` typeset.
            ["title": chapter.plainTitle, "titleHTML": chapter.titleHTML,
             "href": "\(Escape.urlPathSegment(chapter.source.slug)).html", "number": index + 1]
        }
        // A formula in a chapter title shows on every page (sidebar, index), which then all
        // need KaTeX's stylesheet.
        let titleMath = chapters.contains { chapter in !ChapterMath.formulas(in: chapter.title).isEmpty }
        for (index, chapter) in chapters.enumerated() {
            let slug = chapter.source.slug
            let renderer = OutputRenderer.site(
                slug: slug, promptMath: chapter.math.prompts, captionMath: chapter.math.captions,
                references: prepared.references, labels: SiteLabels(language: course.language ?? "en"),
                publicExercises: prepared.publicExercises)
            var context = site.merging(pageContext(index, navigation: navigation)) { $1 }
            if titleMath { context["math"] = true }
            var body = chapter.htmlBody(renderer)
            if let links {
                let resolved = try links.resolve(body, of: chapter.source, existing: tree.files)
                body = resolved.html
                warnings += resolved.warnings
                // Beside the pages, and beside the Markdown rendition, whose links stay as written.
                for (path, data) in resolved.files {
                    tree.add(path, data: data)
                    tree.add("markdown/\(path)", data: data)
                }
            }
            context["body"] = body
            tree.add("\(slug).html", templates.render("page", context))
        }
        for page in Self.sitePages {
            tree.add("\(page).html", templates.render(page, site.merging(["chapters": navigation, "math": titleMath]) { $1 }))
        }
        for (name, data) in templates.assets { tree.add("assets/\(name)", data: data) }
        for asset in mathAssets { tree.add("assets/katex/\(asset.path)", data: asset.data) }
        return warnings
    }

    /// The whole site at once (math already filed in the chapters).
    @discardableResult
    func assemble(into tree: inout OutputTree) throws(DiagnosticList) -> [Diagnostic] {
        try assemble(prepare(), into: &tree)
    }

    /// Each exercise prompt's formulas as the search text has them: inline ones as their TeX,
    /// display ones left out.
    static func bareTeX(_ exercises: [Exercise]) -> [String: [MathSpan: String]] {
        var math: [String: [MathSpan: String]] = [:]
        for exercise in exercises {
            for span in OutputRenderer.promptDocument(exercise).math {
                math[exercise.id, default: [:]][span] = span.isDisplay ? "" : Escape.html(span.tex)
            }
        }
        return math
    }

    /// What every page shows: the course, its language and the site's words in it.
    private func siteContext() -> [String: Any] {
        let language = course.language ?? "en"
        var info: [String: Any] = ["title": course.title ?? fallbackTitle]
        if let description = course.description { info["description"] = description }
        if let author = course.author { info["author"] = author }
        return ["course": info, "lang": language, "labels": SiteLabels(language: language).values]
    }

    /// A chapter page's own context: its title and number, the sidebar, previous/next, footer.
    private func pageContext(_ index: Int, navigation: [[String: Any]]) -> [String: Any] {
        let chapter = chapters[index]
        let labels = SiteLabels(language: course.language ?? "en")
        let sections = chapter.document.headings.filter { $0.level == 2 }
        var context: [String: Any] = [
            "title": chapter.plainTitle,
            "number": index + 1,
            "chapterLabel": labels.chapter(index + 1),
            "chapters": navigation.enumerated().map { position, item in
                item.merging(["current": position == index]) { $1 }
            },
            "headings": sections.enumerated().map { position, heading in
                ["number": "\(index + 1).\(position + 1)", "anchor": heading.anchor,
                 "html": Self.headingHTML(heading.text, math: chapter.math.spans)]
            },
            "math": !chapter.math.isEmpty,
            "exercises": !chapter.exercises.isEmpty,
        ]
        if chapter.hasComputedValues { context["footer"] = labels.computedFooter(source: chapter.source.name) }
        if index > 0 { context["previous"] = navigation[index - 1] }
        if index + 1 < chapters.count { context["next"] = navigation[index + 1] }
        return context
    }

    /// Every exercise of the course as its page may publish it, numbered as the sheets number them.
    func publicExercises() -> [PublicExercise] {
        chapters.enumerated().flatMap { index, chapter in
            let sheet = ExerciseSheet(chapter: chapter.source.name, chapterNumber: index + 1, exercises: chapter.exercises)
            return chapter.exercises.enumerated().map { position, exercise in
                PublicExercise(exercise, number: sheet.problemNumber(ofExerciseAt: position),
                               page: "\(Escape.urlPathSegment(chapter.source.slug)).html")
            }
        }
    }

    /// A heading's text for the table of contents: escaped, with each of its formulas (kept as
    /// their `$…$` source in `Heading.text`) typeset as in the body.
    static func headingHTML(_ text: String, math: [MathSpan: String]) -> String {
        let formulas = math.filter { text.contains($0.key.source) }
            .sorted { $0.key.source.count > $1.key.source.count }
        guard !formulas.isEmpty else { return Escape.html(text) }
        var html = ""
        var plain = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            if let (span, typeset) = formulas.first(where: { rest.hasPrefix($0.key.source) }) {
                html += Escape.html(plain) + "<span class=\"math inline\">\(typeset)</span>"
                plain = ""
                rest = rest.dropFirst(span.source.count)
            } else {
                plain.append(rest.removeFirst())
            }
        }
        return html + Escape.html(plain)
    }

    /// The exercise as the site publishes it: its `source` (`Content/01-x.md:12:1`, as the
    /// author's diagnostics show it) relative to the content folder (`01-x.md:12:1`), so the
    /// exercise files never carry the build machine's folders.
    static func published(_ exercise: Exercise, of chapter: ChapterSource) -> Exercise {
        var published = exercise
        if let source = exercise.source, source.hasPrefix(chapter.displayPath + ":") {
            published.source = chapter.name + source.dropFirst(chapter.displayPath.count)
        }
        return published
    }
}
