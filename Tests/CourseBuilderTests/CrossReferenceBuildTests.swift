import CourseBuilder
import Diagnostics
import Foundation
import Testing

/// Labelled plots, tables and equations, numbered per chapter and referenced from prose.
@Suite struct CrossReferenceBuildTests {
    typealias Workspace = CourseBuilderTests.Workspace

    static let chapter = """
        # 活性化

        @fig-sig と @tbl-sig、@eq-sig を見よ。

        ```nn hide-code #fig-sig
        plot "シグモイド" x in -2 .. 2: "σ": sigmoid(x)
        ```

        ```nn #tbl-sig
        table "値" x in {0}: "σ": sigmoid(x) | .2f
        ```

        $$
        \\sigma(x) = 1 / (1 + e^{-x})
        $$ {#eq-sig}

        """

    @Test func aChapterNumbersItsFiguresTablesAndEquationsAndLinksThem() throws {
        let rendered = try RenderedChapter(text: Self.chapter, file: "Content/01-a.md")
        #expect(rendered.html.contains(##"<p><a class="cross-reference" href="#fig-sig">Figure 1.1</a> と <a class="cross-reference" href="#tbl-sig">Table 1.1</a>、<a class="cross-reference" href="#eq-sig">Eq. (1.1)</a> を見よ。</p>"##))
        #expect(rendered.html.contains(#"<table class="nn-table" id="tbl-sig">"# + "\n" + #"<caption><span class="caption-number">Table 1.1</span> 値</caption>"#))
        #expect(rendered.html.contains(#"<div class="math display" id="eq-sig">"#))
        #expect(rendered.markdown.contains("Figure 1.1 と Table 1.1、Eq. (1.1) を見よ。"))
        #expect(rendered.markdown.contains("\n*Figure 1.1 シグモイド*\n"))
        #expect(rendered.markdown.contains("**Table 1.1 値**"))
    }

    @Test func aPlotsTitleIsItsAltTextAndCaption() throws {
        let rendered = try RenderedChapter(text: Self.chapter, file: "Content/01-a.md")
        let figure = try #require(rendered.html.firstRange(of: #"<figure class="nn-plot" id="fig-sig">"#))
        let rest = rendered.html[figure.upperBound...]
        #expect(rest.hasPrefix(#"<img src="plots/01-a/"#))
        #expect(rest.contains(#"alt="シグモイド"><figcaption><span class="caption-number">Figure 1.1</span> シグモイド</figcaption></figure>"#))
    }

    @Test func aJapaneseCourseNumbersInJapaneseAcrossChapters() throws {
        let workspace = try Workspace(chapters: [
            "01-a.md": "# A\n\n$$x$$ {#eq-x}\n\n$$y$$ {#eq-y}\n",
            "02-b.md": "# B\n\n$$z$$ {#eq-z}\n\n@eq-y と @eq-z。\n",
        ])
        defer { workspace.remove() }
        try workspace.write("Content/course.yml", "language: ja\n")
        _ = try workspace.build()
        let page = try workspace.read("02-b.html")
        #expect(page.contains(##"<p><a class="cross-reference" href="01-a.html#eq-y">式 (1.2)</a> と <a class="cross-reference" href="#eq-z">式 (2.1)</a>。</p>"##))
        #expect(page.contains(#"<span class="equation-number">(2.1)</span></div>"#))
        #expect(try workspace.read("markdown/02-b.md").contains("[式 (1.2)](01-a.md) と 式 (2.1)。"))
    }

    static func diagnostics(_ text: String) -> String {
        do {
            _ = try RenderedChapter(text: text, file: "Content/01-a.md")
            return ""
        } catch {
            return error.description
        }
    }

    @Test func anUnknownLabelIsAnErrorWithTheClosestLabel() {
        #expect(Self.diagnostics(Self.chapter + "\n@fig-sgi と @eq-none\n") == """
            Content/01-a.md:17:1: error: no figure, table or equation is labelled 'fig-sgi'
            17 | @fig-sgi と @eq-none
               | ^
            note: did you mean 'fig-sig'?
            Content/01-a.md:17:12: error: no figure, table or equation is labelled 'eq-none'
            17 | @fig-sgi と @eq-none
               |             ^
            note: label a plot's block '```nn #fig-…', a table's '```nn #tbl-…' or its caption ': … {#tbl-…}', an equation '$$…$$ {#eq-…}' or '```math {#eq-…}'
            """)
    }

    @Test func aDuplicateLabelIsAnErrorAtTheSecondDefinition() {
        #expect(Self.diagnostics(Self.chapter + "\n$$y$$ {#eq-sig}\n") == """
            Content/01-a.md:17:1: error: the label 'eq-sig' is defined twice
            17 | $$y$$ {#eq-sig}
               | ^
            note: first defined at Content/01-a.md:13:1
            """)
    }

    @Test func aBlockLabelMustNameAPlotOrTableTheBlockShows() {
        #expect(Self.diagnostics("```nn #fig-none\nx = 1\n```\n") == """
            Content/01-a.md:1:7: error: the block labelled '#fig-none' shows no plot
            1 | ```nn #fig-none
              |       ^
            note: '#fig-…' labels the block's first plot, '#tbl-…' its first table
            """)
        #expect(Self.diagnostics("```nn hide #fig-x\nplot \"p\" x in 0 .. 1: \"x\": x\n```\n") == """
            Content/01-a.md:1:12: error: the block labelled '#fig-x' is hidden ('hide'), so the page has nothing to refer to
            1 | ```nn hide #fig-x
              |            ^
            note: show its results with 'hide-code'
            """)
        #expect(Self.diagnostics("```nn fold #eq-x\nx = 1\n```\n") == """
            Content/01-a.md:1:12: error: an nn block label is '#fig-…' (its plot) or '#tbl-…' (its table), not '#eq-x'
            1 | ```nn fold #eq-x
              |            ^
            """)
    }

    static let captionedTable = """
        # 表

        @tbl-sig の後に @tbl-loss。

        ```nn #tbl-sig
        table "値" x in {0}: "σ": sigmoid(x) | .2f
        ```

        | epoch | loss |
        | --- | --- |
        | 1 | 0.5 |

        : 損失 *推移* {#tbl-loss}

        """

    @Test func aGFMTableCaptionNumbersTheTableInReadingOrderAndBecomesItsCaption() throws {
        let rendered = try RenderedChapter(text: Self.captionedTable, file: "Content/01-a.md")
        #expect(rendered.html.contains(##"<a class="cross-reference" href="#tbl-sig">Table 1.1</a> の後に <a class="cross-reference" href="#tbl-loss">Table 1.2</a>"##))
        #expect(rendered.html.contains("""
            <table id="tbl-loss">
            <caption><span class="caption-number">Table 1.2</span> 損失 <em>推移</em></caption>
            <thead>
            """))
        #expect(rendered.html.hasSuffix("</tbody>\n</table>\n"), "the caption paragraph is gone: \(rendered.html.suffix(80))")
        #expect(!rendered.html.contains("{#tbl-loss}"))
        #expect(rendered.markdown.contains(": 損失 *推移* {\\#tbl-loss}\n") || rendered.markdown.contains(": 損失 *推移* {#tbl-loss}\n"),
                "the Markdown rendition keeps the caption: \(rendered.markdown)")
    }

    @Test func aCaptionWithoutLabelIsUnnumberedAndAParagraphAfterATableIsNoCaption() throws {
        let rendered = try RenderedChapter(text: "| a |\n| - |\n| 1 |\n\nTable: 値の表\n\n| b |\n| - |\n| 2 |\n\n本文: です\n", file: "Content/01-a.md")
        #expect(rendered.html.contains("<table>\n<caption>値の表</caption>\n<thead>"))
        #expect(rendered.html.contains("<p>本文: です</p>"))
    }

    @Test func tableAndMathFenceLabelsAreCheckedWhereTheyAreWritten() {
        #expect(Self.diagnostics("| a |\n| - |\n| 1 |\n\n: 値 {#fig-a}\n") == """
            Content/01-a.md:5:5: error: a table caption's label is '{#tbl-…}', not '{#fig-a}'
            5 | : 値 {#fig-a}
              |      ^
            """)
        #expect(Self.diagnostics("| a |\n| - |\n| 1 |\n\n: 値 {#tbl-a}\n\n$$x$$ {#tbl-a}\n\n```math {#eq-a}\nx\n```\n\n$$y$$ {#eq-a}\n") == """
            Content/01-a.md:13:1: error: the label 'eq-a' is defined twice
            13 | $$y$$ {#eq-a}
               | ^
            note: first defined at Content/01-a.md:9:9
            """)
        #expect(Self.diagnostics("```math {#tbl-x}\nx\n```\n") == """
            Content/01-a.md:1:9: error: a math fence's label is '{#eq-…}', not '{#tbl-x}'
            1 | ```math {#tbl-x}
              |         ^
            """)
        #expect(Self.diagnostics("| a |\n| - |\n| 1 |\n\n: 値 {#tbl-a}\n\n| b |\n| - |\n| 2 |\n\n: 他 {#tbl-a}\n") == """
            Content/01-a.md:11:5: error: the label 'tbl-a' is defined twice
            11 | : 他 {#tbl-a}
               |      ^
            note: first defined at Content/01-a.md:5:5
            """)
    }
}
