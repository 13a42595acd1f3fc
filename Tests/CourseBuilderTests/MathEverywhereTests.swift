import CourseBuilder
import Diagnostics
import Foundation
import MathTypesetting
import Testing

/// Math wherever the site shows text: plot and table captions, chapter titles in the sidebar,
/// the pager and the index; plain TeX (no `$`) where no formula can be typeset.
@Suite(.enabled(if: KaTeX.debian.isInstalled, "node or KaTeX is not installed here: run scripts/setup.sh"))
struct MathEverywhereTests {
    typealias Workspace = CourseBuilderTests.Workspace

    static let first = #"""
        # シグモイド $\sigma(x)$ の性質

        式 @eq-sigmoid と表 @tbl-values。

        ```math {#eq-sigmoid}
        \sigma(x) = \frac{1}{1 + e^{-x}}
        ```

        | $x$ | $\sigma(x)$ |
        | --- | --- |
        | 0 | 0.5 |

        : $\sigma$ の値 {#tbl-values}

        ```nn hide-code
        plot "$\tanh(x)$ のグラフ" x in -2 .. 2: "tanh": tanh(x)
        table "$\sigma(0)$ の値" x in {0}: "σ": sigmoid(x) | .2f
        ```

        """#

    static let second = #"""
        ---
        title: "損失 $L$ の勾配"
        ---

        本文。

        """#

    static func built() throws -> Workspace {
        let workspace = try Workspace(chapters: ["01-a.md": first, "02-b.md": second])
        _ = try workspace.build()
        return workspace
    }

    /// The TeX of each typeset formula in `html`, in order.
    static func typeset(_ html: some StringProtocol) -> [String] {
        String(html).matches(of: /<annotation encoding="application\/x-tex">(.*?)<\/annotation>/).map { String($0.output.1) }
    }

    @Test func plotAndTableCaptionsTypesetTheirMathAndAltTextIsBareTeX() throws {
        let workspace = try Self.built()
        defer { workspace.remove() }
        let page = try workspace.read("01-a.html")
        let figure = try #require(page.firstMatch(of: /<figure class="nn-plot"><img src="[^"]*" alt="([^"]*)"><figcaption>(.*?)<\/figcaption>/))
        #expect(figure.output.1 == #"\tanh(x) のグラフ"#)
        #expect(Self.typeset(figure.output.2) == [#"\tanh(x)"#])
        #expect(figure.output.2.hasSuffix("</span> のグラフ"))
        let caption = try #require(page.firstMatch(of: /<table class="nn-table">\n<caption>(.*?)<\/caption>/))
        #expect(Self.typeset(caption.output.1) == [#"\sigma(0)"#])
        let markdown = try workspace.read("markdown/01-a.md")
        #expect(markdown.contains(#"![\\tanh(x) のグラフ](../plots/01-a/tanh-x.svg)"#), "\(markdown)")
        #expect(markdown.contains(#"**$\sigma(0)$ の値**"#), "the Markdown rendition keeps the caption's math: \(markdown)")
    }

    @Test func aCaptionedTableAndALabelledMathFenceAreNumberedAndTypeset() throws {
        let workspace = try Self.built()
        defer { workspace.remove() }
        let page = try workspace.read("01-a.html")
        #expect(page.contains(##"<a class="cross-reference" href="#eq-sigmoid">Eq. (1.1)</a> と表 <a class="cross-reference" href="#tbl-values">Table 1.1</a>"##))
        let fence = try #require(page.firstMatch(of: /<div class="math display" id="eq-sigmoid">(.*?)<\/div>\n/))
        #expect(Self.typeset(fence.output.1) == [#"\sigma(x) = \frac{1}{1 + e^{-x}}"#])
        #expect(fence.output.1.hasSuffix(#"<span class="equation-number">(1.1)</span>"#))
        let table = try #require(page.firstMatch(of: /<table id="tbl-values">\n<caption><span class="caption-number">Table 1.1<\/span> (.*?)<\/caption>/))
        #expect(Self.typeset(table.output.1) == [#"\sigma"#])
        #expect(table.output.1.hasSuffix("</span> の値"))
    }

    @Test func chapterTitlesTypesetInNavigationAndPlainInTitlesAndSearch() throws {
        let workspace = try Self.built()
        defer { workspace.remove() }
        let first = try workspace.read("01-a.html"), second = try workspace.read("02-b.html")
        let index = try workspace.read("index.html")
        #expect(first.contains("<title>シグモイド \\sigma(x) の性質 — Content</title>"))
        #expect(second.contains("<title>損失 L の勾配 — Content</title>"))
        for page in [first, second, index] {
            #expect(page.contains(#"<link rel="stylesheet" href="assets/katex/katex.min.css">"#))
            let list = try #require(page.firstMatch(of: /<ol class="chapter-list">(.*?)<\/ol>/.dotMatchesNewlines()))
            #expect(Self.typeset(list.output.1) == [#"\sigma(x)"#, "L"])
            #expect(!list.output.1.contains("$"))
        }
        let next = try #require(first.firstMatch(of: /rel="next" href="02-b.html">(.*?)<\/a>/))
        #expect(Self.typeset(next.output.1) == ["L"])
        let previous = try #require(second.firstMatch(of: /rel="prev" href="01-a.html">(.*?)<\/a>/))
        #expect(Self.typeset(previous.output.1) == [#"\sigma(x)"#])
        let search = try workspace.read("assets/search-index.js")
        #expect(search.contains(#""chapter":"シグモイド \\sigma(x) の性質""#))
        #expect(search.contains(#""chapter":"損失 L の勾配""#))
    }

    @Test func aTeXMistakeInAFrontMatterTitleIsLocatedOnItsLine() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "---\nid: 3\ntitle: 勾配 $\\frc{1}$ の章\n---\n\n本文。\n"])
        defer { workspace.remove() }
        let error = try #require(throws: DiagnosticList.self) { try workspace.build() }
        #expect(error.description == #"""
            Content/01-a.md:3:12: error: cannot typeset math: Undefined control sequence: \frc
            3 | title: 勾配 $\frc{1}$ の章
              |              ^
            note: build with --math-errors warn to publish the page with this formula's TeX marked as an error
            """#)
    }

    @Test func aCourseWithoutMathBuildsWithoutNode() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# 章\n\n式はありません。\n"])
        defer { workspace.remove() }
        var options = CourseBuilder.Options(
            contentDirectory: workspace.content, outputDirectory: workspace.out, contentDisplayPath: "Content",
            katex: KaTeX(nodeModules: workspace.root, distribution: workspace.root))
        options.mathErrors = .error
        _ = try CourseBuilder(options: options).build()
        #expect(try workspace.read("01-a.html").contains("式はありません。"))
    }

    /// Formulas known only after the blocks ran (a plot title) are the first to need node: a
    /// missing KaTeX is reported once.
    @Test func aMissingKaTeXFoundByACaptionIsReportedOnce() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# 章\n\n```nn\nplot \"$x$\" x in 0 .. 1: \"x\": x\n```\n"])
        defer { workspace.remove() }
        let options = CourseBuilder.Options(
            contentDirectory: workspace.content, outputDirectory: workspace.out, contentDisplayPath: "Content",
            katex: KaTeX(nodeModules: workspace.root, distribution: workspace.root))
        let error = try #require(throws: DiagnosticList.self) { try CourseBuilder(options: options).build() }
        #expect(error.diagnostics.map(\.message) == [
            "cannot typeset math: KaTeX's node module is not installed (no '\(workspace.root.path)/katex')"])
    }
}
