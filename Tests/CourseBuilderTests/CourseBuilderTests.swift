import CourseBuilder
import Diagnostics
import ExerciseModel
import Foundation
import Testing

/// Builds small real courses into temporary folders and reads back what was written.
@Suite struct CourseBuilderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A workspace with `Content/` holding the given chapters and the repository's templates.
    struct Workspace {
        let root: URL
        var content: URL { root.appendingPathComponent("Content") }
        var out: URL { root.appendingPathComponent("site") }

        init(chapters: [String: String]) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("coursegen-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Content"), withIntermediateDirectories: true)
            for (name, text) in chapters {
                try Data(text.utf8).write(to: root.appendingPathComponent("Content/\(name)"))
            }
        }

        /// Builds with the built-in templates, or with `templates` (a folder under `root`) over them.
        func build(templates: String? = nil) throws(DiagnosticList) -> CourseBuilder.Summary {
            try CourseBuilder(options: .init(
                contentDirectory: content, outputDirectory: out,
                templatesDirectory: templates.map { root.appendingPathComponent($0) },
                contentDisplayPath: "Content", templatesDisplayPath: templates)).build()
        }

        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func read(_ path: String) throws -> String {
            try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static let chapter = """
        # 誤差逆伝播の例

        入力 $x = 2$ とし、重み $w_1$ を学習します。

        ```nn
        x = 2
        t = 1
        w1 = param(0.5)
        y = sigmoid(w1 * x)
        L = 0.5 * (y - t)^2
        backward L
        show "y": y | .4f, "∂L/∂w1": grad(w1) | .4f
        ```

        更新後の重みは `{nn} w1 - 0.1 * grad(w1) | .4f` です。

        ```python
        print("not executed")
        ```
        """

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + Foundation.exp(-z)) }

    @Test func buildsPagesMarkdownAndComputedValues() throws {
        let workspace = try Workspace(chapters: ["01-backprop.md": Self.chapter])
        defer { workspace.remove() }
        let summary = try workspace.build()
        #expect(summary.chapters == ["01-backprop"])

        let y = Self.sigmoid(1), gradient = (y - 1) * y * (1 - y) * 2
        let format = { (v: Double) in String(format: "%.4f", v) }
        let page = try workspace.read("01-backprop.html")
        #expect(page.contains("<html lang=\"en\">"), "no course file: English")
        #expect(page.contains("誤差逆伝播の例"))
        #expect(page.contains(format(y)))
        #expect(page.contains(format(gradient)))
        #expect(page.contains(format(0.5 - 0.1 * gradient)))
        #expect(page.contains(#"<annotation encoding="application/x-tex">x = 2</annotation>"#))
        #expect(page.contains("print(&quot;not executed&quot;)"))
        #expect(!page.contains("{nn}"))

        let markdown = try workspace.read("markdown/01-backprop.md")
        #expect(markdown.contains("$x = 2$"))
        #expect(markdown.contains("```nn\nx = 2\n"))
        #expect(markdown.contains(format(gradient)))
        #expect(markdown.contains(format(0.5 - 0.1 * gradient)))
        #expect(!markdown.contains("{nn}"))

        let index = try workspace.read("index.html")
        #expect(index.contains("href=\"01-backprop.html\""))
        #expect(FileManager.default.fileExists(atPath: workspace.out.appendingPathComponent("assets/style.css").path))
    }

    @Test func writesExerciseSheetsWithComputedReferences() throws {
        let workspace = try Workspace(chapters: ["01-chain.md": """
            # 連鎖律

            ```nn
            x = 2
            t = 5
            w1 = param(1)
            w2 = param(1)
            L = 1/2 * (w2 * (w1 * x) - t)^2
            backward L
            exercise "backprop-w1" number
                points 2
                prompt "∂L/∂w1 を求めなさい。"
                answer grad(w1)
            ```
            """])
        defer { workspace.remove() }
        _ = try workspace.build()
        let data = try Data(contentsOf: workspace.root.appendingPathComponent("grading/01-chain.json"))
        let sheet = try JSONDecoder().decode(ExerciseSheet.self, from: data)
        #expect(sheet.exercises.map(\.id) == ["backprop-w1"])
        #expect(sheet.exercises[0].reference == .number((2 - 5) * 1 * 2))
        #expect(try workspace.read("01-chain.html").contains("exercise-backprop-w1"))
    }

    @Test func perStudentParametersStaySymbolicOnThePage() throws {
        let workspace = try Workspace(chapters: ["01-chain.md": """
            # 連鎖律

            ```nn
            x = 2
            w = param(1)
            L = (w * x)^2
            backward L
            exercise "chain" number
                prompt "x = {{x}} のとき ∂L/∂w を求めなさい。"
                answer grad(w)
                vary x in {1, 3, 4}
            ```
            """])
        defer { workspace.remove() }
        _ = try workspace.build()
        let page = try workspace.read("01-chain.html")
        #expect(page.contains(#"x = <span class="param" data-param="x"><var>x</var></span> のとき"#))
        let section = try #require(page.range(of: "<section class=\"exercise\"")).lowerBound
        #expect(!page[section...].contains("{{x}}"))
        #expect(try workspace.read("markdown/01-chain.md").contains("x = *x* のとき"))
    }

    @Test func chaptersComeInFileNameOrderWithNavigation() throws {
        let workspace = try Workspace(chapters: [
            "02-second.md": "# 第二章\n\n本文\n",
            "01-first.md": "# 第一章\n\n本文\n",
        ])
        defer { workspace.remove() }
        #expect(try workspace.build().chapters == ["01-first", "02-second"])
        let first = try workspace.read("01-first.html")
        #expect(first.contains(#"<a class="next" rel="next" href="02-second.html"><small>Next</small><span>第二章 →</span></a>"#))
        let index = try workspace.read("index.html")
        let firstLink = try #require(index.range(of: "01-first.html"))
        let secondLink = try #require(index.range(of: "02-second.html"))
        #expect(firstLink.lowerBound < secondLink.lowerBound)
    }

    // MARK: Errors

    @Test func missingContentFolderIsReported() throws {
        let workspace = try Workspace(chapters: [:])
        defer { workspace.remove() }
        try FileManager.default.removeItem(at: workspace.content)
        let error = try #require(throws: DiagnosticList.self) { try workspace.build() }
        #expect(error.description == "error: content folder 'Content' does not exist")
    }

    @Test func unknownNameIsLocatedInTheMarkdownFile() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# 章\n\n本文\n\n```nn\nx = 1\ny = sigmoud(x)\n```\n"])
        defer { workspace.remove() }
        let error = try #require(throws: DiagnosticList.self) { try workspace.build() }
        let first = try #require(error.diagnostics.first)
        #expect(first.location == SourceLocation(file: "Content/01-a.md", line: 7, column: 5))
        #expect(first.message.contains("sigmoud"))
        #expect(first.notes.joined().contains("sigmoid") || first.message.contains("sigmoid"))
    }

    @Test func syntaxErrorInIndentedBlockPointsAtTheRightColumn() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# 章\n\n- 項目\n\n  ```nn\n  x = (1 +\n  ```\n"])
        defer { workspace.remove() }
        let error = try #require(throws: DiagnosticList.self) { try workspace.build() }
        let first = try #require(error.diagnostics.first)
        #expect(first.location?.file == "Content/01-a.md")
        #expect(first.location?.line == 6)
        #expect(first.location?.column == 11)
        #expect(first.sourceLine == "  x = (1 +")
    }

    @Test func failedBuildLeavesTheExistingSiteUntouched() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# 章\n\n```nn\nx = 1\nshow x\n```\n"])
        defer { workspace.remove() }
        _ = try workspace.build()
        let before = try workspace.read("01-a.html")
        let marker = workspace.out.appendingPathComponent("keep.txt")
        try Data("mine".utf8).write(to: marker)

        try Data("# 章\n\n```nn\nx = 1 / [1, 2] @ [1, 2, 3]\n```\n".utf8)
            .write(to: workspace.content.appendingPathComponent("01-a.md"))
        #expect(throws: DiagnosticList.self) { try workspace.build() }
        #expect(try workspace.read("01-a.html") == before)
        #expect(try String(contentsOf: marker, encoding: .utf8) == "mine")
        let siblings = try FileManager.default.contentsOfDirectory(atPath: workspace.root.path)
        #expect(siblings.sorted() == ["Content", "grading", "site"])
    }

    @Test func inlineValueErrorPointsAtTheExpressionInProse() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# 章\n\n本文 `{nn} zz | .3f` です。\n"])
        defer { workspace.remove() }
        let error = try #require(throws: DiagnosticList.self) { try workspace.build() }
        let first = try #require(error.diagnostics.first)
        #expect(first.location == SourceLocation(file: "Content/01-a.md", line: 3, column: 10))
        #expect(first.description.contains("3 | 本文 `{nn} zz | .3f` です。"))
    }

    @Test func invalidUTF8IsLocated() throws {
        let workspace = try Workspace(chapters: [:])
        defer { workspace.remove() }
        var bytes = Data("# 章\n\n重み ".utf8)
        bytes.append(contentsOf: [0xFF, 0x0A])
        try bytes.write(to: workspace.content.appendingPathComponent("01-a.md"))
        let error = try #require(throws: DiagnosticList.self) { try workspace.build() }
        #expect(error.diagnostics.first?.headline == "Content/01-a.md:3:4: error: 'Content/01-a.md' is not UTF-8 text")
    }

    @Test func everyChapterErrorIsReportedAtOnce() throws {
        let workspace = try Workspace(chapters: [
            "01-a.md": "# A\n\n```nn\ny = nope1\n```\n",
            "02-b.md": "# B\n\n```nn\ny = nope2\n```\n",
        ])
        defer { workspace.remove() }
        let error = try #require(throws: DiagnosticList.self) { try workspace.build() }
        #expect(error.diagnostics.compactMap(\.location?.file) == ["Content/01-a.md", "Content/02-b.md"])
    }
}
