import TextEscaping
import CourseMarkdown
import Foundation
import ExerciseModel
import NNLanguage

/// Turns the results of an `nn` block into HTML for the site and into GFM for the Markdown
/// rendition: one place, so both renditions always show the same numbers.
struct OutputRenderer {
    /// Where plot files go, relative to a chapter page (HTML) and to a Markdown rendition.
    var plotPathFromPage: (Plot) -> String
    var plotPathFromMarkdown: (Plot) -> String
    /// Typeset formulas of exercise prompts, by exercise id.
    var promptMath: [String: [MathSpan: String]] = [:]
    /// Numbers and anchors of labelled plots and tables.
    var references = CrossReferences()
    /// Typeset formulas of plot titles and table captions, by their `$…$` source.
    var captionMath: [String: String] = [:]
    /// The site's words (exercise cards), in the course's language.
    var labels = SiteLabels(language: "en")
    /// What each exercise's card may show (its problem number, page and form), by id.
    var publicExercises: [String: PublicExercise] = [:]

    /// The site's layout: a chapter's plots are `plots/<slug>/<name>.svg`, a folder per chapter
    /// (a flat `<slug>-<name>` let chapter `a` plot `b-c` and chapter `a-b` plot `c` share one
    /// file), linked with each segment percent-encoded (a chapter named `a#b.md` still works).
    static func site(slug: String, promptMath: [String: [MathSpan: String]] = [:],
                     captionMath: [String: String] = [:],
                     references: CrossReferences = CrossReferences(), labels: SiteLabels = SiteLabels(language: "en"),
                     publicExercises: [String: PublicExercise] = [:]) -> OutputRenderer {
        let link = { (plot: Plot) in
            "\(Escape.urlPathSegment(slug))/\(Escape.urlPathSegment(plotFileName(plot)))"
        }
        return OutputRenderer(
            plotPathFromPage: { "plots/\(link($0))" }, plotPathFromMarkdown: { "../plots/\(link($0))" },
            promptMath: promptMath, references: references, captionMath: captionMath,
            labels: labels, publicExercises: publicExercises)
    }

    /// The plot's path under `plots/`.
    static func plotPath(slug: String, _ plot: Plot) -> String { "\(slug)/\(plotFileName(plot))" }

    private static func plotFileName(_ plot: Plot) -> String { "\(plot.name).svg" }

    // MARK: HTML

    /// A block that declares an exercise never shows its code (it holds the answer): its
    /// outputs are shown as under `hide-code`, then the exercise cards (`docs/nn-language.md`).
    static func display(of block: CodeBlock, result: BlockResult) -> BlockDisplay {
        let display = (try? BlockDisplay(block)) ?? .full
        return result.exercises.isEmpty || display == .hide ? display : .hideCode
    }

    func html(block: CodeBlock, result: BlockResult) -> String {
        let display = Self.display(of: block, result: result)
        if !result.exercises.isEmpty, display == .hideCode {
            // The cards stand on their own, not inside the block's frame (full width on a phone).
            let outputs = result.outputs.isEmpty ? "" : "<div class=\"nn-block code-hidden\">\n"
                + outputsHTML(BlockResult(outputs: result.outputs, exercises: []), of: block)
            return outputs + result.exercises.map(html).joined()
        }
        let source = "<pre class=\"nn-source\"><code class=\"language-nn\">\(Escape.html(block.code))</code></pre>\n"
        switch display {
        case .hide:
            return result.exercises.map(html).joined()
        case .full:
            return "<div class=\"nn-block\">\n" + source + outputsHTML(result, of: block)
        case .fold:
            return "<div class=\"nn-block\">\n<details class=\"nn-code\"><summary>nn</summary>\n" + source + "</details>\n" + outputsHTML(result, of: block)
        case .hideCode:
            return "<div class=\"nn-block code-hidden\">\n" + outputsHTML(result, of: block)
        }
    }

    /// The block's outputs, each with the number its caption shows: the first plot of a block
    /// labelled `#fig-…`, the first table of one labelled `#tbl-…`.
    private func numbered(_ outputs: [BlockOutput], of block: CodeBlock) -> [(BlockOutput, (label: String, name: String)?)] {
        var figure = references.caption(of: block, kind: .figure)
        var table = references.caption(of: block, kind: .table)
        return outputs.map { output in
            switch output {
            case .plot: defer { figure = nil }; return (output, figure)
            case .table: defer { table = nil }; return (output, table)
            default: return (output, nil)
            }
        }
    }

    /// The block's outputs and exercises, and the end of its `div`.
    private func outputsHTML(_ result: BlockResult, of block: CodeBlock) -> String {
        var out = ""
        if !result.outputs.isEmpty {
            out += "<div class=\"nn-output\">\n"
            for (output, number) in numbered(result.outputs, of: block) { out += html(output, number: number) }
            out += "</div>\n"
        }
        for exercise in result.exercises { out += html(exercise) }
        out += "</div>\n"
        return out
    }

    /// - Parameter number: the label and name ("図 4.1") of a numbered plot or table.
    func html(_ output: BlockOutput, number: (label: String, name: String)? = nil) -> String {
        let id = number.map { " id=\"\(Escape.html($0.label))\"" } ?? ""
        let numberHTML = number.map { "<span class=\"caption-number\">\(Escape.html($0.name))</span>" }
        switch output {
        case .value(let label, let text):
            if let label {
                return "<p class=\"nn-value\"><span class=\"nn-label\">\(Escape.html(label))</span> = <span class=\"nn-number\">\(Escape.html(text))</span></p>\n"
            }
            return "<p class=\"nn-value\"><span class=\"nn-number\">\(Escape.html(text))</span></p>\n"
        case .text(let text):
            return "<p class=\"nn-text\">\(Escape.html(text))</p>\n"
        case .table(let table):
            var out = "<table class=\"nn-table\"\(id)>\n"
            let caption = [numberHTML, table.caption.map(captionHTML)].compactMap { $0 }.joined(separator: " ")
            if !caption.isEmpty { out += "<caption>\(caption)</caption>\n" }
            out += "<thead><tr>" + table.header.map { "<th>\(Escape.html($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for row in table.rows {
                out += "<tr>" + row.map { "<td>\(Escape.html($0))</td>" }.joined() + "</tr>\n"
            }
            return out + "</tbody>\n</table>\n"
        case .plot(let plot):
            let alt = Escape.html(Self.altText(plot))
            var out = "<figure class=\"nn-plot\"\(id)><img src=\"\(Escape.html(plotPathFromPage(plot)))\" alt=\"\(alt)\">"
            let caption = [numberHTML, plot.title.map(captionHTML)].compactMap { $0 }.joined(separator: " ")
            if !caption.isEmpty { out += "<figcaption>\(caption)</figcaption>" }
            return out + "</figure>\n"
        }
    }

    /// A plot title or table caption as HTML, its formulas typeset.
    func captionHTML(_ text: String) -> String { ChapterMath.inlineHTML(text, math: captionMath) }

    /// A plot's alt text: its title with each formula as its bare TeX (no `$`), else its name.
    static func altText(_ plot: Plot) -> String { ChapterMath.plainText(plot.title ?? plot.name) }

    func html(_ exercise: Exercise) -> String {
        let math = promptMath[exercise.id] ?? [:]
        let prompt = Self.promptDocument(exercise).render(
            .html, replacingCodeBlock: { (_: CodeBlock) throws(Never) -> String? in nil },
            replacingInlineCode: { (_: InlineCode) throws(Never) -> String? in nil },
            typesettingMath: { math[$0] })
        return ExerciseCard(exercise: publicExercise(exercise), prompt: prompt, labels: labels).html
    }

    /// The exercise's public part; outside a site build (one chapter in memory) numbered by id.
    func publicExercise(_ exercise: Exercise) -> PublicExercise {
        publicExercises[exercise.id] ?? PublicExercise(exercise, number: exercise.id, page: "")
    }

    // MARK: GFM

    func gfm(block: CodeBlock, result: BlockResult) -> String {
        let display = Self.display(of: block, result: result)
        var out = ""
        if display == .full || display == .fold {
            out = "```nn\n\(block.code)"
            if !block.code.hasSuffix("\n") { out += "\n" }
            out += "```\n"
            // GitHub folds a `details` element as the site does.
            if display == .fold { out = "<details><summary>nn</summary>\n\n\(out)\n</details>\n" }
        }
        if display == .hide { return result.exercises.map(gfm).joined() }
        for (output, number) in numbered(result.outputs, of: block) { out += "\n" + gfm(output, number: number?.name) }
        for exercise in result.exercises { out += gfm(exercise) }
        return out
    }

    func gfm(_ exercise: Exercise) -> String {
        let prompt = Placeholder.substitute(in: exercise.prompt) { "*\($0)*" }
        return ExerciseCard(exercise: publicExercise(exercise), prompt: prompt, labels: labels).gfm
    }

    /// A `math` fence as GitHub and Qiita read it: `math` right after the fence (cmark would
    /// write ```` ``` math ````), the TeX untouched.
    func gfm(mathBlock block: CodeBlock) -> String {
        var longestRun = 0, run = 0
        for character in block.code {
            run = character == "`" ? run + 1 : 0
            longestRun = max(longestRun, run)
        }
        let fence = String(repeating: "`", count: max(3, longestRun + 1))
        return "\(fence)\(block.info)\n\(block.code)\(block.code.hasSuffix("\n") || block.code.isEmpty ? "" : "\n")\(fence)\n"
    }

    /// - Parameter number: the name ("図 4.1") of a numbered plot or table, put before its caption.
    func gfm(_ output: BlockOutput, number: String? = nil) -> String {
        switch output {
        case .value(let label, let text):
            if let label { return "**\(MarkdownText.escapeInline(label))** = `\(text)`\n" }
            return "`\(text)`\n"
        case .text(let text):
            return MarkdownText.escapeInline(text) + "\n"
        case .table(let table):
            var out = ""
            let caption = [number, table.caption].compactMap { $0 }.joined(separator: " ")
            if !caption.isEmpty { out += "**\(MarkdownText.escapeInlineKeepingMath(caption))**\n\n" }
            out += "| " + table.header.map(MarkdownText.escapeCell).joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: " --- |", count: table.header.count) + "\n"
            for row in table.rows {
                out += "| " + row.map(MarkdownText.escapeCell).joined(separator: " | ") + " |\n"
            }
            return out
        case .plot(let plot):
            let image = "![\(MarkdownText.escapeInline(Self.altText(plot)))](\(plotPathFromMarkdown(plot)))\n"
            guard let number else { return image }
            // The caption below the image, as the site shows it.
            return image + "\n*\(MarkdownText.escapeInlineKeepingMath([number, plot.title].compactMap { $0 }.joined(separator: " ")))*\n"
        }
    }

    /// The prompt as the chapter page shows it, parsed (its formulas are typeset with the chapter's).
    static func promptDocument(_ exercise: Exercise) -> MarkdownDocument {
        MarkdownDocument(parsing: pagePrompt(exercise), file: exercise.source ?? exercise.id)
    }

    /// The prompt as the chapter page shows it: each placeholder (`{{x}}`) an element
    /// `data-param="x"` showing the name, which the page's script fills with the student's value
    /// (the same value as their handout, `coursegen handout`).
    /// Inside a formula, where HTML cannot go, a placeholder is its name in TeX; the card's note
    /// lists the student's values.
    static func pagePrompt(_ exercise: Exercise) -> String {
        guard !exercise.parameters.isEmpty else { return exercise.prompt }
        var prompt = exercise.prompt
        for span in MarkdownDocument(parsing: prompt, file: exercise.id).math where !Placeholder.names(in: span.source).isEmpty {
            let tex = Placeholder.substitute(in: span.source) { "\\mathit{\($0.replacingOccurrences(of: "_", with: "\\_"))}" }
            prompt = prompt.replacingOccurrences(of: span.source, with: tex)
        }
        return Placeholder.substitute(in: prompt) {
            "<span class=\"param\" data-param=\"\($0)\"><var>\($0)</var></span>"
        }
    }

    static func points(_ points: Double) -> String {
        points == points.rounded() ? String(Int(points)) : String(points)
    }
}

extension MarkdownDocument {
    /// HTML with no replacements, for small pieces such as exercise prompts.
    func renderedHTML() -> String {
        render(.html, replacingCodeBlock: { (_: CodeBlock) throws(Never) -> String? in nil },
               replacingInlineCode: { (_: InlineCode) throws(Never) -> String? in nil })
    }
}
