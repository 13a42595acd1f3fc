import CourseBuilder
import Foundation
import MathTypesetting
import Testing

/// True where node and Debian's KaTeX are installed (`scripts/setup.sh`; CI runs it).
private let katexInstalled = KaTeX.debian.isInstalled

/// A handout page is one file: its math is MathML, which needs no stylesheet or font.
@Suite(.enabled(if: katexInstalled, "node or KaTeX is not installed here: run scripts/setup.sh"))
struct StandalonePageTests {
    @Test func formulasAreMathMLWithTheAuthorsTeX() throws {
        let markdown = "# 問題\n\n$\\sigma(x) = 1/(1+e^{-x})$ の導関数を答えなさい。\n\n$$\nL = \\frac{1}{2}(y - t)^2\n$$\n\n```math\n\\sum_i x_i\n```\n"
        let page = try StandalonePage.html(markdown: markdown, title: "演習シート: $s$", file: "sheet.html")
        #expect(MathBuildTests.annotations(page) == [#"\sigma(x) = 1/(1+e^{-x})"#, "\nL = \\frac{1}{2}(y - t)^2\n", #"\sum_i x_i"#])
        #expect(page.components(separatedBy: #"<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">"#).count == 3)
        #expect(!page.contains("katex-html") && !page.contains("<link") && !page.contains("<script"))
        #expect(page.contains("<title>演習シート: $s$</title>"))
    }

    @Test func aPageWithoutMathNeedsNoKaTeX() throws {
        let page = try StandalonePage.html(
            markdown: "# 問題\n\n月額 $20 です。\n", title: "t", file: "sheet.html",
            katex: .init(nodeModules: URL(fileURLWithPath: "/nonexistent"), distribution: URL(fileURLWithPath: "/nonexistent")))
        #expect(page.contains("<p>月額 $20 です。</p>"))
    }
}
