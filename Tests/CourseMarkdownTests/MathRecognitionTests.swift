import CourseMarkdown
import Testing

/// What is and is not math (docs/markdown.md, "What is math"): cases found by building real
/// Japanese articles and lecture notes (issue 9).
@Suite("Math recognition")
struct MathRecognitionTests {
    static func document(_ markdown: String) -> MarkdownDocument {
        MarkdownDocument(parsing: markdown, file: "t.md")
    }

    // MARK: Dollars (pandoc's rule)

    /// A space before the closing `$` means the opening `$` was not math: it must not pair with
    /// a later dollar (here the first `$` of a `$$` line), which used to swallow the display
    /// formula and garble the rest of the document.
    @Test func spaceBeforeClosingDollarIsNotMathAndDoesNotReachTheNextDisplay() {
        let markdown = "条件 $0 < m < n $ のとき\n$$\nm^2 < n^2\n$$\nより $m$ は小さい。\n"
        let document = Self.document(markdown)
        #expect(document.math.map(\.source) == ["$$\nm^2 < n^2\n$$", "$m$"])
        #expect(document.render(.html).hasPrefix("<p>条件 $0 &lt; m &lt; n $ のとき\n"))
    }

    @Test func priceBeforeFormulaStaysText() {
        let document = Self.document("月額 $20 で、損失 $L$ を減らす。\n")
        #expect(document.math.map(\.tex) == ["L"])
        #expect(document.render(.html)
            == "<p>月額 $20 で、損失 <span class=\"math inline\">\\(L\\)</span> を減らす。</p>\n")
        #expect(document.render(.gfm) == "月額 \\$20 で、損失 $L$ を減らす。\n")
    }

    /// A closing `$` followed by a digit ends the attempt: the dollar is not math, and the
    /// scan goes on after it.
    @Test func digitAfterClosingDollarEndsTheAttempt() {
        #expect(Self.document("$5 から $x$ へ\n").math.map(\.source) == ["$x$"])
    }

    /// An escaped space is TeX, not the space before a closing `$` (as in pandoc).
    @Test func escapedSpaceBeforeClosingDollarCloses() {
        #expect(Self.document("間隔 $a\\ $ です\n").math.map(\.tex) == ["a\\ "])
    }

    // MARK: Table cells

    /// GFM unescapes `\|` in table cells before anything else reads them, so `$\|x\|$` in a
    /// cell is `|x|` (as on GitHub); outside tables `\|` is TeX's double bar.
    @Test func escapedPipeInTableCellIsAPipe() {
        let markdown = "| 式 | 意味 |\n| --- | --- |\n| $\\|x\\|$ | 絶対値 |\n\nノルム $\\|x\\|$\n"
        let document = Self.document(markdown)
        #expect(document.math.map(\.tex) == ["|x|", "\\|x\\|"])
        #expect(document.math.map(\.source) == ["$\\|x\\|$", "$\\|x\\|$"])
        #expect(document.render(.html).contains("<td><span class=\"math inline\">\\(|x|\\)</span></td>"))
        #expect(document.render(.gfm) == markdown)
    }

    // MARK: Block quotes

    @Test(arguments: ["\r\n", "\r", "\n"])
    func displayMathInBlockQuoteHasNoMarkersWhateverTheLineEndings(_ newline: String) {
        let markdown = ["> 定義：", "> $$", "> a \\\\", ">  b", "> $$", ""].joined(separator: newline)
        let document = Self.document(markdown)
        #expect(document.math.map(\.tex) == [newline + "a \\\\" + newline + " b" + newline])
        #expect(!document.render(.html).contains("&gt;"))
        #expect(document.render(.gfm).contains("$$"))
    }

    // MARK: Markdown escapes inside math

    /// Authors writing for renderers that apply Markdown's escapes inside math write `\[`,
    /// `\*`; they are not TeX there, so they are read as the punctuation meant.
    @Test(arguments: [
        (#"$W^{\[1]}$"#, "W^{[1]}"),
        (#"$x^\*$"#, "x^*"),
        (#"$a\*b$"#, "a*b"),
        (#"$f\(x\) \< 1$"#, "f(x) < 1"),
        (#"$a \+ b \- c$"#, "a + b - c"),
        (#"$x\?$"#, "x?"),
        (#"$$W^{\[2]} = x^\*$$"#, "W^{[2]} = x^*"),
    ])
    func markdownEscapesThatAreNotTeXAreRead(_ source: String, _ tex: String) {
        let document = Self.document("式 \(source) です\n")
        #expect(document.math.map(\.tex) == [tex])
        #expect(document.math.map(\.source) == [source])
        #expect(document.render(.gfm) == "式 \(source) です\n")
    }

    /// Escapes that are TeX stay TeX: `\_` `\{` `\}` `\|` `\,` `\!` `\;` `\:` `\>` `\\` `\#`
    /// `\$` `\%` `\&`, the accents `\'` `\^` … (TeX inside `\text{}`), `\/` and `\@`; and a
    /// line break `\\` followed by `[4pt]` is a line break with a skip.
    @Test(arguments: [
        ##"a\_1 + \{x\} + \|y\| \, \! \; \: \> \# \$ \% \&"##,
        #"\text{caf\'e} \hat{a}\/"#,
        #"\begin{aligned} a \\[4pt] b \end{aligned}"#,
        #"\\* \\["#,
    ])
    func texEscapesStay(_ tex: String) {
        #expect(Self.document("式 $\(tex)$ です\n").math.map(\.tex) == [tex])
    }
}
