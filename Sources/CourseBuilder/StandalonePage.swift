import CourseMarkdown
import Diagnostics
import MathTypesetting
import TextEscaping

/// A single self-contained HTML page from Markdown (a student's handout): no site, no assets,
/// so it can be mailed or printed as one file. Its formulas are typeset as MathML alone,
/// which browsers draw without KaTeX's stylesheet and fonts.
public enum StandalonePage {
    /// - Parameters:
    ///   - file: where the page is written, for the diagnostics' locations.
    ///   - katex: the KaTeX that typesets the page's formulas (only run when it has some).
    ///   - language: the page's `lang` (BCP 47).
    /// - Throws: a diagnostic when the page has math and node or KaTeX is missing.
    public static func html(markdown: String, title: String, file: String, katex: KaTeX = .debian, language: String = "ja")
        throws(Diagnostic) -> String
    {
        let document = MarkdownDocument(parsing: markdown, file: file)
        let math = try typeset(document, lines: MathCollection.lines(of: markdown), katex: katex)
        let body = document.render(
            .html,
            replacingCodeBlock: { (block: CodeBlock) throws(Never) -> String? in
                math.blocks[block].map { "<div class=\"math display\">\($0)</div>\n" }
            },
            replacingInlineCode: { (_: InlineCode) throws(Never) -> String? in nil },
            typesettingMath: { math.spans[$0] })
        return """
            <!DOCTYPE html>
            <html lang="\(Escape.html(language))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Escape.html(title))</title>
            <style>
            body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", sans-serif;
                   line-height: 1.8; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d2433; }
            code, pre { font-family: "DejaVu Sans Mono", monospace; background: #f1f3f7; border-radius: 3px; }
            pre { padding: 0.8rem; overflow-x: auto; }
            blockquote { border-left: 4px solid #d9dee7; margin: 0; padding-left: 1rem; color: #5b6475; }
            math[display="block"] { margin: 0.8rem 0; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    /// MathML for every formula of the page. A TeX mistake was reported where the author wrote
    /// it when the course was built; here the formula shows its TeX marked as an error.
    private static func typeset(_ document: MarkdownDocument, lines: [Substring], katex: KaTeX) throws(Diagnostic)
        -> ChapterMath
    {
        var collection = MathCollection()
        collection.add(chapter: 0, document: document, lines: lines)
        guard !collection.isEmpty else { return ChapterMath() }
        let typesetter = MathTypesetter(katex: katex, policy: .warn, output: .mathML)
        try typesetter.submit(collection.takePending())
        return collection.filed(try typesetter.finish().html, chapterCount: 1)[0]
    }
}
