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
/// - `exercises/<chapter>.json` — `ExerciseSheet`s for `coursegen grade`.
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

    /// - Returns: warnings (links to missing files under `missing-links: warn`).
    @discardableResult
    func assemble(into tree: inout OutputTree) throws(DiagnosticList) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        let site = siteContext()
        let navigation: [[String: Any]] = chapters.enumerated().map { index, chapter in
            // Mustache HTML-escapes `{{href}}`; the page's file name is percent-encoded first.
            // Plain titles: the index page and pages without math have no KaTeX stylesheet.
            ["title": chapter.plainTitle, "href": "\(Escape.urlPathSegment(chapter.source.slug)).html", "number": index + 1]
        }
        var search = SearchIndex()
        let labels = SiteLabels(language: course.language ?? "en")
        let published = publicExercises()
        let byID = Dictionary(published.map { ($0.id, $0) }) { first, _ in first }
        let references = try CrossReferences(
            chapters.enumerated().map { CrossReferences.Chapter($0.offset + 1, $0.element) },
            labels: SiteLabels(language: course.language ?? "en"))
        for (index, chapter) in chapters.enumerated() {
            let slug = chapter.source.slug
            let renderer = OutputRenderer.site(
                slug: slug, promptMath: chapter.math.prompts, references: references, labels: labels, publicExercises: byID)
            for result in chapter.blockResults.values {
                for case .plot(let plot) in result.outputs {
                    tree.add("plots/" + OutputRenderer.plotPath(slug: slug, plot), plot.svg)
                }
            }
            let page = "\(Escape.urlPathSegment(slug)).html"
            search.add(chapter: chapter.plainTitle, page: page, body: chapter.htmlBody(renderer, typesetMath: false))
            var context = site.merging(pageContext(index, navigation: navigation)) { $1 }
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
            tree.add("markdown/\(slug).md", chapter.markdown(renderer))
            do { try addExercises(of: chapter, number: index + 1, into: &tree) } catch { throw DiagnosticList([error]) }
        }
        for page in Self.sitePages {
            tree.add("\(page).html", templates.render(page, site.merging(["chapters": navigation]) { $1 }))
        }
        tree.add("assets/search-index.js", search.script())
        if !published.isEmpty {
            do { tree.add("assets/exercise-data.js", try ExerciseData.script(published, course: course.title ?? fallbackTitle, language: course.language ?? "en", labels: labels)) } catch {
                throw DiagnosticList([Diagnostic(at: nil, "cannot encode the exercises' page data: \(error)")])
            }
        }
        for (name, data) in templates.assets { tree.add("assets/\(name)", data: data) }
        for asset in mathAssets { tree.add("assets/katex/\(asset.path)", data: asset.data) }
        return warnings
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

    private func addExercises(of chapter: ExecutedChapter, number: Int, into tree: inout OutputTree) throws(Diagnostic) {
        guard !chapter.exercises.isEmpty else { return }
        let sheet = ExerciseSheet(
            chapter: chapter.source.name, chapterTitle: chapter.title,
            chapterNumber: number, language: course.language,
            exercises: chapter.exercises.map { Self.published($0, of: chapter.source) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            tree.add("exercises/\(chapter.source.slug).json", data: try encoder.encode(sheet))
        } catch {
            throw Diagnostic(at: nil, "cannot encode exercises of '\(chapter.source.displayPath)': \(error)")
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
