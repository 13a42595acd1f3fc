import CourseMarkdown
import Diagnostics
import Testing

/// `@fig-x` references in prose and `{#eq-x}` labels after display math (Quarto's syntax).
@Suite("Cross-references")
struct CrossReferenceTests {
    static func render(_ markdown: String, _ format: OutputFormat) -> String {
        MarkdownDocument(parsing: markdown, file: "t.md").render(
            format,
            replacingCodeBlock: { (_: CodeBlock) throws(Never) -> String? in nil },
            replacingInlineCode: { (_: InlineCode) throws(Never) -> String? in nil },
            typesettingMath: { _ in nil },
            replacingReference: { $0 == "fig-kept" ? nil : "<R:\($0)>" })
    }

    @Test func referencesAreFoundInProseWithTheirPositions() {
        let markdown = """
            # 図

            See @fig-a, then
            ＠ @tbl-b_2- and (@eq-c).
            Not a@fig-mail, `@fig-code`, [link @fig-link](x.md), ![@fig-alt](y.png), @figure, @eq-.

            ```
            @fig-block
            ```
            """
        let references = MarkdownDocument(parsing: markdown, file: "t.md").references
        #expect(references.map(\.label) == ["fig-a", "tbl-b_2", "eq-c"])
        #expect(references.map(\.location.description) == ["t.md:3:5", "t.md:4:3", "t.md:4:18"])
    }

    @Test func aLabelReferredToTwiceOnALineIsLocatedTwice() {
        let document = MarkdownDocument(parsing: "@eq-a と *@eq-a* と @eq-a\n", file: "t.md")
        #expect(document.references.map(\.location.column) == [1, 10, 19])
    }

    @Test func aReferenceInJapaneseProseEndsAtTheFirstNonASCIICharacter() {
        let document = MarkdownDocument(parsing: "@fig-xorを見よ。\n", file: "t.md")
        #expect(document.references.map(\.label) == ["fig-xor"])
        #expect(Self.render("@fig-xorを見よ。\n", .html) == "<p><R:fig-xor>を見よ。</p>\n")
    }

    @Test func theHookReplacesReferencesInHTMLAndGFMOrKeepsThem() {
        let markdown = "See @fig-a and @fig-kept, `@fig-a`, cost $5 @eq-b.\n"
        #expect(Self.render(markdown, .html)
            == "<p>See <R:fig-a> and @fig-kept, <code>@fig-a</code>, cost $5 <R:eq-b>.</p>\n")
        #expect(Self.render(markdown, .gfm) == "See <R:fig-a> and @fig-kept, `@fig-a`, cost \\$5 <R:eq-b>.\n")
    }

    @Test func anEquationLabelBecomesTheWrappersIDAndLeavesTheText() {
        let markdown = "$$\na = b\n$$ {#eq-ab}\n\nInline $$c$$ {#eq-c} here.\n\n$$d$$ {#fig-d}\n"
        let document = MarkdownDocument(parsing: markdown, file: "t.md")
        #expect(document.math.map(\.label) == ["eq-ab", "eq-c", nil])
        #expect(Self.render(markdown, .html) == """
            <div class="math display" id="eq-ab">\\[
            a = b
            \\]</div>
            <p>Inline <span class="math display" id="eq-c">\\[c\\]</span> here.</p>
            <p><span class="math display">\\[d\\]</span> {#fig-d}</p>

            """)
        #expect(Self.render(markdown, .gfm).hasPrefix("$$\na = b\n$$ {\\#eq-ab}\n"))
    }

    @Test func tableCaptionsAreFoundAfterTablesWithTheirLabelsAndPositions() {
        let markdown = """
            > | a |
            > | - |
            > | 1 |
            >
            > : 値 $x$ の表 {#tbl-a}

            | b |
            | - |
            | 2 |

            Table: 二つ目
            で終わる

            : not after a table {#tbl-c}

            | c |
            | - |
            | 3 |

            :::message
            not a caption
            :::
            """
        let document = MarkdownDocument(parsing: markdown, file: "t.md")
        #expect(document.tableCaptions == [
            TableCaption(text: "値 $x$ の表", label: "tbl-a", location: SourceLocation(file: "t.md", line: 5, column: 3),
                         labelLocation: SourceLocation(file: "t.md", line: 5, column: 14)),
            TableCaption(text: "二つ目 で終わる", label: nil, location: SourceLocation(file: "t.md", line: 11, column: 1),
                         labelLocation: nil),
        ])
        let html = document.render(.html)
        #expect(html.contains("<table id=\"tbl-a\">\n<caption>値 <span class=\"math inline\">\\(x\\)</span> の表</caption>\n<thead>"))
        #expect(html.contains("<table>\n<caption>二つ目\nで終わる</caption>\n<thead>"))
        #expect(html.contains("<p>: not after a table {#tbl-c}</p>"))
        #expect(!html.contains("CgMk"))
        #expect(html.contains("<aside class=\"message\">"))
        #expect(document.render(.gfm).contains("で終わる"))
    }
}
