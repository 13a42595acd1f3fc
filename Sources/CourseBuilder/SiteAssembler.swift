import TextEscaping
import CourseMarkdown
import Diagnostics
import ExerciseModel
import Foundation
import NNLanguage

/// Lays out the output folder:
/// - `index.html`, `<chapter>.html` — the site (templates `index`, `page`), `assets/` its static files;
/// - `markdown/<chapter>.md` — the GFM rendition with results in place of the blocks' output;
/// - `plots/<chapter>-<name>.svg` — plots, shared by both renditions;
/// - `exercises/<chapter>.json` — `ExerciseSheet`s for `coursegen grade`.
struct SiteAssembler {
    var chapters: [ExecutedChapter]
    var templates: SiteTemplates

    func assemble(into tree: inout OutputTree) throws(Diagnostic) {
        let titles = chapters.map { $0.document.title ?? $0.source.slug }
        let navigation: [[String: Any]] = chapters.enumerated().map { index, chapter in
            ["title": titles[index], "href": "\(chapter.source.slug).html", "number": index + 1]
        }
        for (index, chapter) in chapters.enumerated() {
            let slug = chapter.source.slug
            let renderer = OutputRenderer(
                plotPathFromPage: { "plots/\(slug)-\($0.name).svg" },
                plotPathFromMarkdown: { "../plots/\(slug)-\($0.name).svg" })
            for result in chapter.blockResults.values {
                for case .plot(let plot) in result.outputs {
                    tree.add("plots/\(slug)-\(plot.name).svg", plot.svg)
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
                    ["text": $0.text, "anchor": $0.anchor]
                },
                "source": chapter.source.displayPath,
            ]
            if index > 0 { context["previous"] = navigation[index - 1] }
            if index + 1 < chapters.count { context["next"] = navigation[index + 1] }
            tree.add("\(slug).html", templates.render("page", context))

            tree.add("markdown/\(slug).md", chapter.markdown(renderer))

            if !chapter.exercises.isEmpty {
                let sheet = ExerciseSheet(
                    chapter: chapter.source.displayPath, chapterTitle: titles[index], exercises: chapter.exercises)
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
    }
}
