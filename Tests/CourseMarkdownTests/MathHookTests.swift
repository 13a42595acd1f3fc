import CourseMarkdown
import Diagnostics
import Testing

/// The `typesettingMath` hook: the builder's typeset HTML goes inside the math wrappers, GFM
/// keeps the formula as written.
@Suite("Math hook")
struct MathHookTests {
    static func typeset(_ markdown: String, _ format: OutputFormat) -> (output: String, seen: [MathSpan]) {
        let document = MarkdownDocument(parsing: markdown, file: "t.md")
        var seen: [MathSpan] = []
        let output = document.render(
            format,
            replacingCodeBlock: { (_: CodeBlock) throws(Never) -> String? in nil },
            replacingInlineCode: { (_: InlineCode) throws(Never) -> String? in nil },
            typesettingMath: { span in
                seen.append(span)
                return span.tex == "skip" ? nil : "<K:\(span.isDisplay ? "d" : "i"):\(span.tex)>"
            })
        return (output, seen)
    }

    @Test func typesetHTMLReplacesTheTeXInsideEachWrapper() {
        let markdown = "| $a<b$ | x |\n| --- | --- |\n\n## 式 $\\sigma$\n\n$$\nx^2\n$$\n\n文中 $$y$$ と $skip$\n"
        let (html, seen) = Self.typeset(markdown, .html)
        #expect(seen.map(\.tex) == ["a<b", "\\sigma", "\nx^2\n", "y", "skip"])
        #expect(html.contains(#"<th><span class="math inline"><K:i:a<b></span></th>"#))
        #expect(html.contains(#"<h2 id="式-sigma">式 <span class="math inline"><K:i:\sigma></span></h2>"#))
        #expect(html.contains("<div class=\"math display\"><K:d:\nx^2\n></div>"))
        #expect(html.contains(#"<p>文中 <span class="math display"><K:d:y></span> と <span class="math inline">\(skip\)</span></p>"#))
    }

    @Test func gfmNeverAsksAndKeepsTheSource() {
        let markdown = "文中 $a_1 = w_1x$ と\n\n$$\n\\frac{1}{2}\n$$\n"
        let (gfm, seen) = Self.typeset(markdown, .gfm)
        #expect(seen.isEmpty)
        #expect(gfm == markdown)
    }
}
