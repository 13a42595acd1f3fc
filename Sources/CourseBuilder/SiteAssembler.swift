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
    var chapters: [ExecutedChapter]
    var templates: SiteTemplates
    /// KaTeX's stylesheet and fonts (paths relative to `assets/katex/`); empty when no page has math.
    var mathAssets: [(path: String, data: Data)] = []

    func assemble(into tree: inout OutputTree) throws(Diagnostic) {
        let titles = chapters.map { $0.document.title ?? $0.source.slug }
        let navigation: [[String: Any]] = chapters.enumerated().map { index, chapter in
            // Mustache HTML-escapes `{{href}}`; the page's file name is percent-encoded first.
            ["title": titles[index], "href": "\(Escape.urlPathSegment(chapter.source.slug)).html", "number": index + 1]
        }
        for (index, chapter) in chapters.enumerated() {
            let slug = chapter.source.slug
            let renderer = OutputRenderer.site(slug: slug, promptMath: chapter.math.prompts)
            for result in chapter.blockResults.values {
                for case .plot(let plot) in result.outputs {
                    tree.add("plots/" + OutputRenderer.plotPath(slug: slug, plot), plot.svg)
                }
            }
            let body = chapter.htmlBody(renderer)
            var context: [String: Any] = [
                "title": titles[index],
                "body": body,
                "chapters": navigation.enumerated().map { position, item in
                    item.merging(["current": position == index]) { $1 }
                },
                "headings": chapter.document.headings.filter { $0.level == 2 }.map {
                    ["text": $0.text, "html": Self.headingHTML($0.text, math: chapter.math.spans), "anchor": $0.anchor]
                },
                "source": chapter.source.name,
                "math": !chapter.math.isEmpty,
            ]
            if index > 0 { context["previous"] = navigation[index - 1] }
            if index + 1 < chapters.count { context["next"] = navigation[index + 1] }
            tree.add("\(slug).html", templates.render("page", context))

            tree.add("markdown/\(slug).md", chapter.markdown(renderer))

            if !chapter.exercises.isEmpty {
                let sheet = ExerciseSheet(
                    chapter: chapter.source.name, chapterTitle: titles[index],
                    exercises: chapter.exercises.map { Self.published($0, of: chapter.source) })
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                do {
                    tree.add("exercises/\(slug).json", data: try encoder.encode(sheet))
                } catch {
                    throw Diagnostic(at: nil, "cannot encode exercises of '\(chapter.source.displayPath)': \(error)")
                }
            }
        }
        tree.add("index.html", templates.render("index", [
            "title": "ニューラルネットワーク入門",
            "chapters": navigation,
        ]))
        for asset in templates.assets {
            guard let data = FileManager.default.contents(atPath: asset.path) else {
                throw Diagnostic(at: nil, "cannot read template asset '\(asset.path)'")
            }
            tree.add("assets/\(asset.lastPathComponent)", data: data)
        }
        for asset in mathAssets { tree.add("assets/katex/\(asset.path)", data: asset.data) }
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
