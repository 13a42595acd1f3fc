import Diagnostics
import Foundation
import MathTypesetting
import Testing

/// True where node and Debian's KaTeX are installed (`scripts/setup.sh`; CI runs it).
let katexInstalled = KaTeX.debian.isInstalled

let needsKaTeX = Testing.ConditionTrait.enabled(
    if: katexInstalled, "node or KaTeX is not installed here: run scripts/setup.sh (installs katex, libjs-katex, fonts-katex)")

/// A one-line formula written `prefix$tex$…` on line `line` of `t.md`.
func inlineFormula(_ tex: String, after prefix: String = "", line: Int = 3, rest: String = "") -> Formula {
    Formula(tex: tex, isDisplay: false,
            start: SourceLocation(file: "t.md", line: line, column: prefix.count + 2),
            sourceLines: ["\(prefix)$\(tex)$\(rest)"])
}

func typeset(_ formulas: [Formula], policy: MathErrorPolicy = .error) throws -> TypesetMath {
    let typesetter = MathTypesetter(policy: policy)
    try typesetter.submit(formulas)
    return try typesetter.finish()
}

/// The text of every `<annotation encoding="application/x-tex">`, HTML entities decoded.
func annotations(_ html: String) -> [String] {
    html.matches(of: /<annotation encoding="application\/x-tex">(.*?)<\/annotation>/.dotMatchesNewlines()).map {
        String($0.output.1)
            .replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&quot;", with: "\"")
            .replacing("&#x27;", with: "'").replacing("&amp;", with: "&")
    }
}

@Suite("MathTypesetter", needsKaTeX)
struct MathTypesetterTests {
    @Test func htmlCarriesMathMLWithTheExactTeX() throws {
        let texes = [#"\frac{\partial L}{\partial w_1} = x < y"#,
                     "\\begin{aligned} a &= b \\\\ c &\\geq \"d\" \\end{aligned}",
                     #"\sigma'(x) = \sigma(x)(1 - \sigma(x))"#]
        let result = try typeset(texes.map { inlineFormula($0) })
        #expect(result.diagnostics.isEmpty)
        #expect(result.html.count == 3)
        for (html, tex) in zip(result.html, texes) {
            #expect(html.hasPrefix(#"<span class="katex"><span class="katex-mathml"><math"#))
            #expect(annotations(html) == [tex])
            #expect(html.contains(#"<span class="katex-html" aria-hidden="true">"#))
        }
    }

    @Test func displayFormulasAreDisplayStyle() throws {
        let display = Formula(tex: "\\sum_{i=1}^n x_i", isDisplay: true,
                              start: SourceLocation(file: "t.md", line: 1, column: 3), sourceLines: ["$$\\sum_{i=1}^n x_i$$"])
        let result = try typeset([display, inlineFormula("x")])
        #expect(result.html[0].hasPrefix(#"<span class="katex-display"><span class="katex">"#))
        #expect(result.html[0].contains(#"display="block""#))
        #expect(!result.html[1].contains("katex-display"))
    }

    @Test func japaneseInsideMathNeitherFailsNorWarns() throws {
        let result = try typeset([inlineFormula(#"\text{重み} w + 誤差"#)])
        #expect(result.diagnostics.isEmpty)
        #expect(annotations(result.html[0]) == [#"\text{重み} w + 誤差"#])
    }

    @Test func aMistakeIsAnErrorAtItsColumnWithACaret() throws {
        let result = try typeset([inlineFormula(#"\frac{1}{2} + \frc{x}"#, after: "See ", rest: " here.")])
        #expect(result.diagnostics.map(\.description) == [#"""
            t.md:3:20: error: cannot typeset math: Undefined control sequence: \frc
            3 | See $\frac{1}{2} + \frc{x}$ here.
              |                    ^
            note: build with --math-errors warn to publish the page with this formula's TeX marked as an error
            """#])
    }

    @Test func columnsCountCharactersAfterJapaneseAndAstralText() throws {
        // 𝑥 is two UTF-16 units for KaTeX, one character for the author's editor.
        let result = try typeset([inlineFormula(#"𝑥 + \frc"#, after: "重みの式 ")])
        #expect(result.diagnostics.map(\.description) == [#"""
            t.md:3:11: error: cannot typeset math: Undefined control sequence: \frc
            3 | 重みの式 $𝑥 + \frc$
              |               ^
            note: build with --math-errors warn to publish the page with this formula's TeX marked as an error
            """#])
    }

    @Test func aMistakeOnALaterLineOfDisplayMathInABlockQuote() throws {
        let lines = ["> $$", "> a \\\\", ">   b + \\frc", "> $$"]
        let formula = Formula(tex: "\na \\\\\n  b + \\frc\n", isDisplay: true,
                              start: SourceLocation(file: "q.md", line: 7, column: 5), sourceLines: lines)
        let result = try typeset([formula])
        #expect(result.diagnostics.map(\.headline) == [#"q.md:9:9: error: cannot typeset math: Undefined control sequence: \frc"#])
        #expect(result.diagnostics.first?.sourceLine == ">   b + \\frc")
    }

    @Test func windowsLineEndsCountAsOneLineBreak() throws {
        let formula = Formula(tex: "a\r\n+ \\frc", isDisplay: true,
                              start: SourceLocation(file: "w.md", line: 2, column: 3), sourceLines: ["$$a", "+ \\frc$$"])
        let result = try typeset([formula])
        #expect(result.diagnostics.map(\.headline) == [#"w.md:3:3: error: cannot typeset math: Undefined control sequence: \frc"#])
    }

    /// CourseMarkdown reads `\[` as `[`, and `\|` in a table cell as `|` (docs/markdown.md):
    /// the column still points into the line as written.
    @Test func columnsCountTheBackslashesTheReadingDropped() throws {
        let line = #"| $W^{\[1]} + \|x\| + \frc$ |"#
        let inCell = Formula(tex: #"W^{[1]} + |x| + \frc"#, isDisplay: false,
                             start: SourceLocation(file: "t.md", line: 3, column: 4), sourceLines: [line])
        let quoted = Formula(tex: "\na^* + \\frc\n", isDisplay: true,
                             start: SourceLocation(file: "q.md", line: 1, column: 5), sourceLines: ["> $$", #"> a^\* + \frc"#, "> $$"])
        let result = try typeset([inCell, quoted])
        #expect(result.diagnostics.map(\.headline) == [
            #"t.md:3:23: error: cannot typeset math: Undefined control sequence: \frc"#,
            #"q.md:2:10: error: cannot typeset math: Undefined control sequence: \frc"#])
    }

    @Test func anUnclosedGroupPointsPastTheTeX() throws {
        let result = try typeset([inlineFormula(#"\frac{1}{"#)])
        #expect(result.diagnostics.map(\.headline) == [
            "t.md:3:11: error: cannot typeset math: Unexpected end of input in a macro argument, expected '}'"])
    }

    @Test func warnModeKeepsGoingAndMarksTheTeX() throws {
        let result = try typeset([inlineFormula("a & <b>"), inlineFormula("c")], policy: .warn)
        #expect(result.diagnostics.map(\.headline) == ["t.md:3:4: warning: cannot typeset math: Expected 'EOF', got '&'"])
        #expect(result.diagnostics.first?.notes == ["the page shows this formula's TeX marked as an error"])
        #expect(result.html[0] == #"<span class="katex-error" title="Expected &#39;EOF&#39;, got &#39;&amp;&#39;">a &amp; &lt;b&gt;</span>"#)
        #expect(result.html[1].contains("katex-mathml"))
    }

    @Test func aRepeatedFormulaIsReportedAtEachPlace() throws {
        let typesetter = MathTypesetter()
        try typesetter.submit([inlineFormula(#"\frc"#, line: 1), inlineFormula("x", line: 2)])
        try typesetter.submit([inlineFormula(#"\frc"#, after: "又 ", line: 5), inlineFormula("x", line: 6)])
        let result = try typesetter.finish()
        #expect(result.diagnostics.map(\.location?.description) == ["t.md:1:2", "t.md:5:4"])
        #expect(result.html[1] == result.html[3])
        #expect(annotations(result.html[3]) == ["x"])
    }

    @Test func batchesComeBackInSubmissionOrder() throws {
        let typesetter = MathTypesetter()
        let first = (0..<300).map { inlineFormula("x_{\($0)}") }
        try typesetter.submit(first)
        try typesetter.submit([inlineFormula("y_{last}")])
        let result = try typesetter.finish()
        #expect(result.html.count == 301)
        #expect(result.html.map { annotations($0).first ?? "" } == first.map(\.tex) + ["y_{last}"])
    }

    @Test func nothingSubmittedStartsNoProcess() throws {
        let typesetter = MathTypesetter(katex: KaTeX(nodeModules: URL(fileURLWithPath: "/nonexistent"),
                                                     distribution: URL(fileURLWithPath: "/nonexistent")))
        let result = try typesetter.finish()
        #expect(result.html.isEmpty && result.diagnostics.isEmpty)
    }
}

@Suite("KaTeX installation")
struct KaTeXInstallationTests {
    @Test func missingKaTeXSaysHowToInstallIt() {
        let katex = KaTeX(nodeModules: URL(fileURLWithPath: "/nonexistent/nodejs"),
                          distribution: URL(fileURLWithPath: "/nonexistent/katex"))
        let typesetter = MathTypesetter(katex: katex)
        #expect(throws: Diagnostic.self) { try typesetter.submit([inlineFormula("x")]) }
        do {
            try typesetter.submit([inlineFormula("x")])
        } catch {
            #expect(error.description == """
                error: cannot typeset math: KaTeX's node module is not installed (no '/nonexistent/nodejs/katex')
                note: run scripts/setup.sh, which installs node's KaTeX from Debian (katex, libjs-katex, fonts-katex)
                """)
        }
        #expect(throws: Diagnostic.self) { try katex.assets() }
    }

    @Test(needsKaTeX) func assetsAreTheStylesheetAndEveryFontItNames() throws {
        let assets = try KaTeX.debian.assets()
        let paths = assets.map(\.path)
        #expect(paths.first == "katex.min.css")
        let css = String(decoding: assets[0].data, as: UTF8.self)
        let referenced = css.matches(of: /url\(([^)]+)\)/).map { String($0.output.1) }
        #expect(!referenced.isEmpty)
        #expect(Set(referenced) == Set(paths.dropFirst()))
        #expect(referenced.allSatisfy { $0.hasPrefix("fonts/KaTeX_") && $0.hasSuffix(".woff2") })
        #expect(!css.contains("http:") && !css.contains("https:"))
        #expect(assets.dropFirst().allSatisfy { !$0.data.isEmpty })
    }
}

/// `start` runs node before any formula is known (the builder starts it before parsing).
@Suite("MathTypesetter.start")
struct MathTypesetterStartTests {
    @Test(needsKaTeX) func formulasSubmittedAfterAStartAreTypeset() throws {
        let typesetter = MathTypesetter()
        typesetter.start()
        try typesetter.submit([inlineFormula("x^2")])
        #expect(annotations(try typesetter.finish().html.joined()) == ["x^2"])
    }

    @Test(needsKaTeX) func aStartWithNothingSubmittedFinishesEmpty() throws {
        let typesetter = MathTypesetter()
        typesetter.start()
        let typeset = try typesetter.finish()
        #expect(typeset.html.isEmpty && typeset.diagnostics.isEmpty)
    }

    @Test func aMissingKaTeXIsReportedBySubmitNotByStart() throws {
        let nowhere = URL(fileURLWithPath: "/nonexistent-coursegen-katex")
        let typesetter = MathTypesetter(katex: KaTeX(nodeModules: nowhere, distribution: nowhere))
        typesetter.start()
        #expect(try typesetter.finish().html.isEmpty)
        let error = try #require(throws: Diagnostic.self) { try typesetter.submit([inlineFormula("x")]) }
        #expect(error.message.hasPrefix("cannot typeset math: KaTeX's node module is not installed"))
    }
}
