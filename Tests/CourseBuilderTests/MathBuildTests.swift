import CourseBuilder
import Diagnostics
import Foundation
import MathTypesetting
import Testing

/// True where node and Debian's KaTeX are installed (`scripts/setup.sh`; CI runs it).
private let katexInstalled = KaTeX.debian.isInstalled

/// Math on the site: typeset at build time, TeX mistakes located in the chapter.
@Suite(.enabled(if: katexInstalled, "node or KaTeX is not installed here: run scripts/setup.sh"))
struct MathBuildTests {
    typealias Workspace = CourseBuilderTests.Workspace

    static func build(_ workspace: Workspace, mathErrors: MathErrorPolicy = .error) throws(DiagnosticList)
        -> CourseBuilder.Summary
    {
        try CourseBuilder(options: .init(
            contentDirectory: workspace.content, outputDirectory: workspace.out,
            templatesDirectory: CourseBuilderTests.repository.appendingPathComponent("Sources/CourseBuilder/Templates"),
            contentDisplayPath: "Content", templatesDisplayPath: "Templates", mathErrors: mathErrors)).build()
    }

    /// The TeX of every `<annotation encoding="application/x-tex">`, entities decoded.
    static func annotations(_ html: String) -> [String] {
        html.matches(of: /<annotation encoding="application\/x-tex">(.*?)<\/annotation>/.dotMatchesNewlines()).map {
            String($0.output.1).replacing("&lt;", with: "<").replacing("&gt;", with: ">")
                .replacing("&quot;", with: "\"").replacing("&#x27;", with: "'").replacing("&amp;", with: "&")
        }
    }

    static let chapter = #"""
        # 式 $\sigma$ の章

        重み $w_1 < w_2$ と $\text{誤差} E$。

        ## 勾配 $\nabla L$ と a < b

        $$
        \frac{\partial L}{\partial w} = x
        $$

        | 関数 | 導関数 |
        | --- | --- |
        | $|x|$ | $\operatorname{sgn}(x)$ |

        > $$
        > a \\
        > b
        > $$

        ```math
        \sum_{i=1}^n x_i
        ```

        ```nn
        exercise "e" number
            points 1
            prompt """
                $y = 2x$ のとき $x = 1$ での $y$ を答えなさい。
                """
            answer 2
        ```
        """# + "\n"

    @Test func everyFormulaIsTypesetWithTheAuthorsTeXInItsMathML() throws {
        let workspace = try Workspace(chapters: ["01-a.md": Self.chapter])
        defer { workspace.remove() }
        let summary = try Self.build(workspace)
        #expect(summary.warnings.isEmpty)
        let page = try workspace.read("01-a.html")
        // The sidebar's chapter title and section first, then the body.
        #expect(Self.annotations(page) == [
            #"\sigma"#, #"\nabla L"#, #"\sigma"#, "w_1 < w_2", #"\text{誤差} E"#, #"\nabla L"#, "\n\\frac{\\partial L}{\\partial w} = x\n",
            "|x|", #"\operatorname{sgn}(x)"#, "\na \\\\\nb\n", #"\sum_{i=1}^n x_i"#, "y = 2x", "x = 1", "y",
        ])
        #expect(!page.contains(#"\("#) && !page.contains(#"\["#))
        // The table of contents typesets the heading's formula too, and escapes its text.
        #expect(page.contains(#"">勾配 <span class="math inline"><span class="katex">"#))
        #expect(page.contains(#"</span></span> と a &lt; b</a></li>"#))
        #expect(page.contains(#"<div class="math display"><span class="katex-display">"#))
        #expect(page.contains(#"<link rel="stylesheet" href="assets/katex/katex.min.css">"#))
        #expect(!page.contains("katex.min.js"), "formulas are typeset at build time, not by a script")
        // Where no formula is typeset (`<title>`, search), a title's formula is its bare TeX;
        // the sidebar typesets it.
        #expect(page.contains(#"<title>式 \sigma の章 — Content</title>"#))
        #expect(page.contains(#"<span class="number">1</span> 式 <span class="math inline"><span class="katex">"#))
        #expect(try workspace.read("assets/search-index.js").contains(#""chapter":"式 \\sigma の章""#))
        let css = try workspace.read("assets/katex/katex.min.css")
        for font in css.matches(of: /url\(([^)]+)\)/).map({ String($0.output.1) }) {
            #expect(FileManager.default.fileExists(atPath: workspace.out.appendingPathComponent("assets/katex/\(font)").path),
                    "missing \(font)")
        }
        // The Markdown rendition keeps every formula, and the math fence, exactly as written.
        let markdown = try workspace.read("markdown/01-a.md")
        for written in [#"$w_1 < w_2$"#, "$$\n\\frac{\\partial L}{\\partial w} = x\n$$", #"| $|x|$ |"#,
                        "```math\n\\sum_{i=1}^n x_i\n```", "> $$\n> a \\\\\n> b\n> $$"] {
            #expect(markdown.contains(written), "GFM lost \(written)")
        }
    }

    @Test func aTeXMistakeFailsTheBuildAtItsFileLineAndColumn() throws {
        let workspace = try Workspace(chapters: [
            "01-a.md": "# 章\n\n日本語の文 $a + \\frc{1}$ です。\n\n- 項目\n\n  ```math\n  a \\\\\n  b^{2\n  ```\n",
        ])
        defer { workspace.remove() }
        let error = try #require(throws: DiagnosticList.self) { try Self.build(workspace) }
        #expect(error.description == #"""
            Content/01-a.md:3:12: error: cannot typeset math: Undefined control sequence: \frc
            3 | 日本語の文 $a + \frc{1}$ です。
              |                 ^
            note: build with --math-errors warn to publish the page with this formula's TeX marked as an error
            Content/01-a.md:9:7: error: cannot typeset math: Expected '}', got 'EOF'
            9 |   b^{2
              |       ^
            note: build with --math-errors warn to publish the page with this formula's TeX marked as an error
            """#)
        #expect(!FileManager.default.fileExists(atPath: workspace.out.path))
    }

    @Test func aMistakeInAnExercisePromptIsLocatedInThePrompt() throws {
        let chapter = "# 章\n\n```nn\nexercise \"e\" number\n    points 1\n    prompt \"\"\"\n        値 $x^{$ を答えなさい。\n        \"\"\"\n    answer 2\n```\n"
        let workspace = try Workspace(chapters: ["01-a.md": chapter])
        defer { workspace.remove() }
        let error = try #require(throws: DiagnosticList.self) { try Self.build(workspace) }
        #expect(error.diagnostics.map(\.headline) == [
            "Content/01-a.md:7:15: error: cannot typeset math: Expected '}', got 'EOF'"])
    }

    @Test func mathAndNNErrorsAreReportedTogether() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# 章\n\n$\\frc$\n\n```nn\ny = nope\n```\n"])
        defer { workspace.remove() }
        let error = try #require(throws: DiagnosticList.self) { try Self.build(workspace) }
        #expect(error.diagnostics.compactMap(\.location?.line) == [3, 6])
    }

    @Test func warnModeBuildsAndShowsTheTeXMarkedAsAnError() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# 章\n\n良い $x$ と悪い $a & <b>$。\n"])
        defer { workspace.remove() }
        let summary = try Self.build(workspace, mathErrors: .warn)
        #expect(summary.warnings.map(\.headline) == [
            "Content/01-a.md:3:15: warning: cannot typeset math: Expected 'EOF', got '&'"])
        let page = try workspace.read("01-a.html")
        #expect(page.contains(#"<span class="math inline"><span class="katex-error" title="Expected &#39;EOF&#39;, got &#39;&amp;&#39;">a &amp; &lt;b&gt;</span></span>"#))
        #expect(Self.annotations(page) == ["x"])
    }

    @Test func theCourseFileCanSetWarnModeAndTheCommandLineWins() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# 章\n\n悪い $a & b$。\n"])
        defer { workspace.remove() }
        try workspace.write("Content/course.yml", "math-errors: warn\n")
        let summary = try workspace.build()
        #expect(summary.warnings.map(\.headline) == [
            "Content/01-a.md:3:7: warning: cannot typeset math: Expected 'EOF', got '&'"])
        #expect(throws: DiagnosticList.self) { try Self.build(workspace, mathErrors: .error) }
    }

    @Test func pagesWithoutMathLoadNoKaTeX() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# 章\n\n代金は $5 です。\n", "02-b.md": "# B\n\n$x$\n"])
        defer { workspace.remove() }
        _ = try Self.build(workspace)
        #expect(!(try workspace.read("01-a.html")).contains("katex"))
        #expect(try workspace.read("02-b.html").contains("assets/katex/katex.min.css"))

        let plain = try Workspace(chapters: ["01-a.md": "# 章\n\n式はありません。\n"])
        defer { plain.remove() }
        _ = try Self.build(plain)
        #expect(!FileManager.default.fileExists(atPath: plain.out.appendingPathComponent("assets/katex").path))
    }

    /// 100 000 formulas on one line of one paragraph: each formula's excerpt lines are slices of
    /// the chapter, so this is linear (it copied the 400 KB line per formula: 40 GB, minutes).
    @Test func aParagraphOfManyFormulasOnOneLineBuilds() throws {
        let count = 100_000
        let line = (0..<count).map { "$x_{\($0 % 7)}$" }.joined(separator: " ")
        let workspace = try Workspace(chapters: ["01-a.md": "# 式\n\n" + line + "\n"])
        defer { workspace.remove() }
        _ = try Self.build(workspace)
        let page = try workspace.read("01-a.html")
        #expect(page.components(separatedBy: #"<annotation encoding="application/x-tex">"#).count - 1 == count)
    }

    /// Every file of a folder, by path relative to it, with its bytes and permissions.
    static func files(under root: URL) throws -> [String: (Data, Int)] {
        var files: [String: (Data, Int)] = [:]
        let manager = FileManager.default
        for case let path as String in manager.enumerator(atPath: root.path)! {
            let url = root.appendingPathComponent(path)
            let attributes = try manager.attributesOfItem(atPath: url.path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            files[path] = (try Data(contentsOf: url), (attributes[.posixPermissions] as? Int) ?? -1)
        }
        return files
    }

    /// The bundled course, built twice into fresh folders, gives the same files byte for byte
    /// (formulas typeset by node while the chapters run, files written as one set), readable by all.
    @Test func theBundledCourseBuildsToTheSameBytesEveryTime() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("coursegen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var sites: [[String: (Data, Int)]] = []
        for name in ["first", "second"] {
            let out = root.appendingPathComponent(name)
            _ = try CourseBuilder(options: .init(
                contentDirectory: CourseBuilderTests.repository.appendingPathComponent("Content"),
                outputDirectory: out, contentDisplayPath: "Content")).build()
            sites.append(try Self.files(under: out))
        }
        #expect(sites[0].count > 40)
        #expect(sites[0].keys.sorted() == sites[1].keys.sorted())
        for (path, (data, permissions)) in sites[0] {
            #expect(sites[1][path]?.0 == data, "\(path) differs between two builds")
            #expect(permissions & 0o444 == 0o444, "\(path) is not readable by everyone")
        }
    }
}
