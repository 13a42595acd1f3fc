import CourseMarkdown
import Foundation
import Testing

@Suite("Math")
struct MathTests {
    static func html(_ markdown: String) -> String {
        MarkdownDocument(parsing: markdown, file: "t.md").render(.html)
    }

    static func gfm(_ markdown: String) -> String {
        MarkdownDocument(parsing: markdown, file: "t.md").render(.gfm)
    }

    /// Formulas from the seed lecture notes that cmark alone mangles (see CMARK-NOTES).
    static let formulas = [
        #"$a_1 = w_1x$"#,
        #"$\hat{y}_i = w_{i}$"#,
        #"$2*x*y$"#,
        #"$\mathbf{x} = (x_1, x_2, \ldots, x_n)$"#,
        #"$w_{ij}^{(1)}$"#,
        #"$\sigma'(x) \approx 0$"#,
        #"$\epsilon > 0$"#,
        #"$a < b \;\&\; c$"#,
    ]

    @Test("inline math survives in GFM and is wrapped in HTML", arguments: formulas)
    func inlineFormula(_ formula: String) {
        let markdown = "前の文 \(formula) 後の文\n"
        #expect(Self.gfm(markdown) == markdown)
        let tex = String(formula.dropFirst().dropLast())
            .replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
        #expect(Self.html(markdown) == "<p>前の文 <span class=\"math inline\">\\(\(tex)\\)</span> 後の文</p>\n")
    }

    @Test func displayMathWithCasesKeepsDoubleBackslashes() {
        let markdown = #"""
            ステップ関数：

            $$y = \begin{cases}
            1 & \text{if } \sum_{i=1}^{n} w_ix_i + b \geq 0 \\
            0 & \text{otherwise}
            \end{cases}$$

            終わり
            """# + "\n"
        #expect(Self.gfm(markdown) == markdown)
        #expect(Self.html(markdown) == #"""
            <p>ステップ関数：</p>
            <div class="math display">\[y = \begin{cases}
            1 &amp; \text{if } \sum_{i=1}^{n} w_ix_i + b \geq 0 \\
            0 &amp; \text{otherwise}
            \end{cases}\]</div>
            <p>終わり</p>
            """# + "\n")
    }

    @Test func absoluteValueInTableCellDoesNotSplitTheCell() {
        let markdown = "| $x$ | $|x|$ |\n| --- | --- |\n| $-2$ | $2*x*y$ |\n"
        #expect(Self.gfm(markdown) == markdown)
        let html = Self.html(markdown)
        #expect(html.contains(#"<th><span class="math inline">\(|x|\)</span></th>"#))
        #expect(html.contains(#"<td><span class="math inline">\(2*x*y\)</span></td>"#))
        #expect(html.components(separatedBy: "<td>").count == 3)
    }

    @Test func displayBlockMayHoldBlankLines() {
        let markdown = "更新式：\n\n$$\n\nW := W - \\alpha \\nabla W\n,\\quad\n\n$$\n\n* $\\alpha$：学習率\n"
        let document = MarkdownDocument(parsing: markdown, file: "t.md")
        #expect(document.math.map(\.isDisplay) == [true, false])
        #expect(document.render(.gfm).contains("$$\n\nW := W - \\alpha \\nabla W\n,\\quad\n\n$$"))
        #expect(document.render(.html).contains(
            "<div class=\"math display\">\\[\n\nW := W - \\alpha \\nabla W\n,\\quad\n\n\\]</div>"))
    }

    @Test func displayMathInsideRunningTextIsASpan() {
        #expect(Self.html("前 $$x^2$$ 後\n")
            == "<p>前 <span class=\"math display\">\\[x^2\\]</span> 後</p>\n")
    }

    @Test func blockQuoteMarkersAreNotTeX() {
        let markdown = "> $$\n> a \\\\\n> b\n> $$\n"
        let document = MarkdownDocument(parsing: markdown, file: "t.md")
        #expect(document.math.first?.tex == "\na \\\\\nb\n")
        #expect(document.render(.gfm) == markdown)
        #expect(document.render(.html) == "<blockquote>\n<div class=\"math display\">\\[\na \\\\\nb\n\\]</div>\n</blockquote>\n")
    }

    @Test func emphasisAroundMathClosesBeforeJapanese() {
        #expect(Self.html("**$x$**の値\n")
            == "<p><strong><span class=\"math inline\">\\(x\\)</span></strong>の値</p>\n")
    }

    @Test("a dollar that does not open math", arguments: [
        "costs $5 and $10 today",
        "a $ x$ b",
        "a $x $ b",
        "from $3 to $4",
        "price \\$x\\$ here",
    ])
    func loneDollar(_ text: String) {
        let document = MarkdownDocument(parsing: text + "\n", file: "t.md")
        #expect(document.math.isEmpty)
        #expect(!document.render(.html).contains("math"))
    }

    @Test func closingDollarFollowedByDigitDoesNotClose() {
        #expect(MarkdownDocument(parsing: "値 $x$5 です\n", file: "t.md").math.isEmpty)
        #expect(MarkdownDocument(parsing: "$a$5 と $b$\n", file: "t.md").math.map(\.source) == ["$b$"])
    }

    @Test func literalDollarsStayEscapedInGFM() {
        #expect(Self.gfm("costs \\$5, or $6\n") == "costs \\$5, or \\$6\n")
        #expect(Self.html("costs \\$5, or $6\n") == "<p>costs $5, or $6</p>\n")
    }

    @Test func mathInCodeIsCode() {
        let markdown = "`$a_1$` と $b_1$\n\n```\n$c_1$\n```\n\n    $d_1$\n"
        let document = MarkdownDocument(parsing: markdown, file: "t.md")
        #expect(document.math.map(\.source) == ["$b_1$"])
        #expect(document.inlineCodes.map(\.code) == ["$a_1$"])
        #expect(document.codeBlocks.map(\.code) == ["$c_1$\n", "$d_1$\n"])
        #expect(document.render(.html) == """
            <p><code>$a_1$</code> と <span class="math inline">\\(b_1\\)</span></p>
            <pre><code>$c_1$
            </code></pre>
            <pre><code>$d_1$
            </code></pre>

            """)
    }

    @Test func mathInLinkTextAndImageAlt() {
        let html = Self.html("[リンク $y_1$](http://example.com/a_b) ![図 $x_1$](f.png)\n")
        #expect(html == #"<p><a href="http://example.com/a_b">リンク <span class="math inline">\(y_1\)</span></a> "#
            + #"<img src="f.png" alt="図 $x_1$" /></p>"# + "\n")
    }

    /// Every formula of every seed chapter comes out of `.gfm` byte for byte, in order, and
    /// reading that Markdown again finds the same formulas.
    @Test func seedChaptersRoundTrip() throws {
        for (name, text) in try Fixtures.seeds() {
            let document = MarkdownDocument(parsing: text, file: name)
            #expect(document.math.count > 10, "\(name)")
            let gfm = document.render(.gfm)
            var rest = gfm[...]
            for span in document.math {
                guard let range = rest.range(of: span.source) else {
                    Issue.record("\(name): \(span.location) \(span.source) missing from GFM")
                    continue
                }
                rest = rest[range.upperBound...]
            }
            let again = MarkdownDocument(parsing: gfm, file: name)
            #expect(again.math.map(\.source) == document.math.map(\.source), "\(name)")
            #expect(again.render(.gfm) == gfm, "\(name): GFM rendering is not a fixed point")
        }
    }

    /// In HTML every formula is wrapped and no dollar is left outside math, code and raw HTML.
    @Test func seedChaptersInHTML() throws {
        for (name, text) in try Fixtures.seeds() {
            let document = MarkdownDocument(parsing: text, file: name)
            let html = document.render(.html)
            var rest = html[...]
            for span in document.math {
                let tex = span.tex.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
                let wrapped = span.isDisplay ? "\\[\(tex)\\]" : "\\(\(tex)\\)"
                guard let range = rest.range(of: wrapped) else {
                    Issue.record("\(name): \(span.location) \(span.source) not wrapped in HTML")
                    continue
                }
                rest = rest[range.upperBound...]
            }
            var stripped = html
            let patterns: [Regex<Substring>] = [#/<span class="math (?:inline|display)">.*?</span>/#.dotMatchesNewlines(),
                            #/<div class="math display">.*?</div>/#.dotMatchesNewlines(),
                            #/<code[^>]*>.*?</code>/#.dotMatchesNewlines()]
            for pattern in patterns {
                stripped = stripped.replacing(pattern, with: "")
            }
            #expect(!stripped.contains("$"), "\(name): a dollar outside math")
        }
    }

    /// The token prefix never occurs in the source, but an entity can spell it in the output.
    @Test func forgedTokensDoNotCrash() {
        let markdown = "$x$ CgM&#107;s7e CgM&#107;r3e\n"
        #expect(Self.html(markdown) == "<p><span class=\"math inline\">\\(x\\)</span> CgMks7e CgMkr3e</p>\n")
    }

    /// A code span cannot run from a paragraph into the list item that interrupts it.
    @Test func spansStayInsideOneBlock() {
        let document = MarkdownDocument(parsing: "前 `a\n- $y$` 後\n", file: "t.md")
        #expect(document.math.map(\.source) == ["$y$"])
        #expect(document.inlineCodes.isEmpty)
    }

    /// An ATX heading cannot hold a line break: a multi-line formula in a setext heading is
    /// written on one line in `.gfm`.
    @Test func multiLineMathInAHeading() {
        let document = MarkdownDocument(parsing: "$$a \\\\\nb$$\n---\n", file: "t.md")
        #expect(document.render(.gfm) == "## $$a \\\\ b$$\n")
        #expect(document.render(.html) == "<h2 id=\"a--b\"><span class=\"math display\">\\[a \\\\\nb\\]</span></h2>\n")
    }
}
