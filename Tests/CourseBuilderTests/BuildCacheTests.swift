import CourseBuilder
import Diagnostics
import Foundation
import MathTypesetting
import Testing

/// The build cache: an edit re-runs exactly the chapters whose code it touched, the site is the
/// one an uncached build writes, and a damaged cache only costs time.
@Suite struct BuildCacheTests {
    typealias Workspace = CourseBuilderTests.Workspace

    static let first = """
        # 一

        前置き。

        ```nn
        x = 2
        w = param(0.5)
        y = sigmoid(w * x)
        show "y": y | .6f
        exercise "first-y" number
            points 1
            prompt "y を答えなさい"
            answer y
        ```

        値は `{nn} y * 10 | .3f` です。
        """

    static let second = """
        # 二

        ```nn
        z = 3 * 7
        show "z": z
        ```
        """

    static func build(_ workspace: Workspace, out: String = "site", cache: Bool = true,
                      katex: KaTeX = .debian) throws(DiagnosticList) -> CourseBuilder.Summary {
        try CourseBuilder(options: .init(
            contentDirectory: workspace.content, outputDirectory: workspace.root.appendingPathComponent(out),
            contentDisplayPath: "Content", katex: katex,
            cacheDirectory: cache ? workspace.root.appendingPathComponent(".coursegen-cache") : nil)).build()
    }

    /// Every file of a built folder, by relative path.
    static func files(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    /// The cached build and an uncached build of the same sources write the same bytes.
    static func expectSameAsUncached(_ workspace: Workspace, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        _ = try build(workspace, out: "uncached", cache: false)
        let cached = try files(workspace.out), uncached = try files(workspace.root.appendingPathComponent("uncached"))
        #expect(cached.keys.sorted() == uncached.keys.sorted(), sourceLocation: sourceLocation)
        for (path, data) in cached where uncached[path] != data {
            Issue.record("\(path) differs from an uncached build", sourceLocation: sourceLocation)
        }
    }

    @Test func anEditedNumberShowsItsNewResultAndRunsOnlyItsChapter() throws {
        let workspace = try Workspace(chapters: ["01-one.md": Self.first, "02-two.md": Self.second])
        defer { workspace.remove() }
        #expect(try Self.build(workspace).chaptersRun == ["01-one", "02-two"])
        #expect(try workspace.read("01-one.html").contains(String(format: "%.6f", 1 / (1 + exp(-1.0)))))

        try workspace.write("Content/01-one.md", Self.first.replacingOccurrences(of: "x = 2", with: "x = 4"))
        let summary = try Self.build(workspace)
        #expect(summary.chaptersRun == ["01-one"])
        let page = try workspace.read("01-one.html")
        #expect(page.contains(String(format: "%.6f", 1 / (1 + exp(-2.0)))), "the page shows the new y")
        #expect(!page.contains(String(format: "%.6f", 1 / (1 + exp(-1.0)))), "and not the old one")
        try Self.expectSameAsUncached(workspace)
    }

    @Test func proseEditsRunNothingAndMoveExerciseSources() throws {
        let workspace = try Workspace(chapters: ["01-one.md": Self.first, "02-two.md": Self.second])
        defer { workspace.remove() }
        _ = try Self.build(workspace)
        // Three lines above the block: the exercise's source line moves by three.
        let edited = Self.first.replacingOccurrences(of: "前置き。", with: "前置きを\n\n書き直した。\n")
        try workspace.write("Content/01-one.md", edited)
        let summary = try Self.build(workspace)
        #expect(summary.chaptersRun == [])
        #expect(summary.formulasTypeset == 0)
        let exercises = try String(contentsOf: workspace.root.appendingPathComponent("grading/01-one.json"), encoding: .utf8)
        #expect(exercises.contains("01-one.md:13:1"), "the exercise is now on line 13: \(exercises)")
        try Self.expectSameAsUncached(workspace)
    }

    @Test func aDamagedCacheIsIgnoredAndRebuilt() throws {
        let workspace = try Workspace(chapters: ["01-one.md": Self.first, "02-two.md": Self.second])
        defer { workspace.remove() }
        _ = try Self.build(workspace)
        let cache = workspace.root.appendingPathComponent(".coursegen-cache")
        let entries = try Self.files(cache).keys.sorted()
        #expect(entries.count == 3, "one entry per chapter and the record of the build: \(entries)")
        let damages: [(String, (Data) -> Data)] = [
            ("truncated", { $0.prefix($0.count / 2) }),
            ("garbage", { _ in Data([0xff, 0xfe, 0x00, 0x7b]) }),
            ("foreign JSON", { _ in Data(#"{"key": {"format": 1}, "blocks": [], "inlineValues": []}"#.utf8) }),
            ("empty", { _ in Data() }),
        ]
        for (damage, change) in damages {
            for entry in entries {
                let url = cache.appendingPathComponent(String(entry.dropFirst()))
                try change(try Data(contentsOf: url)).write(to: url)
            }
            let summary = try Self.build(workspace)
            #expect(summary.chaptersRun == ["01-one", "02-two"], "\(damage): every chapter runs again")
            #expect(try Self.build(workspace).chaptersRun == [], "\(damage): the entries were written again")
        }
        try Self.expectSameAsUncached(workspace)
    }

    @Test func anEntryOfAnotherChaptersCodeIsNotUsed() throws {
        // Both chapters' entries swapped under each other's names: keys differ, so both run.
        let workspace = try Workspace(chapters: ["01-one.md": Self.first, "02-two.md": Self.second])
        defer { workspace.remove() }
        _ = try Self.build(workspace)
        let folder = workspace.root.appendingPathComponent(".coursegen-cache/chapters")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let a = folder.appendingPathComponent(names[0]), b = folder.appendingPathComponent(names[1])
        let dataA = try Data(contentsOf: a), dataB = try Data(contentsOf: b)
        try dataB.write(to: a)
        try dataA.write(to: b)
        // Without the record of the last build, which would find nothing changed.
        try FileManager.default.removeItem(at: workspace.root.appendingPathComponent(".coursegen-cache/builds"))
        #expect(try Self.build(workspace).chaptersRun == ["01-one", "02-two"])
        try Self.expectSameAsUncached(workspace)
    }

    @Test func anUnchangedCourseIsNotBuiltAgainUnlessItsSiteWasTouched() throws {
        let workspace = try Workspace(chapters: ["01-one.md": Self.first + "\n![図](figures/a.svg)\n"])
        defer { workspace.remove() }
        try workspace.write("Content/figures/a.svg", "<svg>1</svg>")
        #expect(try Self.build(workspace).wasUpToDate == false)
        let summary = try Self.build(workspace)
        #expect(summary.wasUpToDate)
        #expect(summary.chapters == ["01-one"] && summary.exerciseCount == 1)
        try Self.expectSameAsUncached(workspace)

        // A file of the site removed: built again, and the file is back.
        try FileManager.default.removeItem(at: workspace.out.appendingPathComponent("01-one.html"))
        #expect(try Self.build(workspace).wasUpToDate == false)
        #expect(try workspace.read("01-one.html").contains("y"))
        // A file the chapter links to, rewritten with the same size: built again, copied anew.
        try workspace.write("Content/figures/a.svg", "<svg>2</svg>")
        #expect(try Self.build(workspace).wasUpToDate == false)
        #expect(try workspace.read("figures/a.svg") == "<svg>2</svg>")
        // Another option (the math-errors policy): built again.
        _ = try CourseBuilder(options: .init(
            contentDirectory: workspace.content, outputDirectory: workspace.out, contentDisplayPath: "Content",
            mathErrors: .warn, cacheDirectory: workspace.root.appendingPathComponent(".coursegen-cache"))).build()
        #expect(try Self.build(workspace).wasUpToDate == false)
        #expect(try Self.build(workspace).wasUpToDate)
    }

    /// A chapter from the cache still locates the key's stability error at its `vary` line: the
    /// same message as when the chapter ran.
    @Test func aReDealFromACachedChapterIsRefusedAtItsVaryLine() throws {
        let varied = "# 一\n\n```nn\nx = 9\ny = 3 * x\nexercise \"triple\" number\n    prompt \"3 × {{x}}\"\n    answer y\n    vary x in {1, 2}\n```\n"
        let workspace = try Workspace(chapters: ["01-one.md": varied])
        defer { workspace.remove() }
        _ = try Self.build(workspace)
        let edited = varied.replacingOccurrences(of: "{1, 2}", with: "{1, 3}")
        try Data(edited.utf8).write(to: workspace.content.appendingPathComponent("01-one.md"))
        var messages: [String] = []
        for _ in 0..<2 {
            do {
                _ = try Self.build(workspace)
                Issue.record("a re-deal without --redeal was built")
            } catch {
                messages.append(error.description)
            }
        }
        #expect(messages[0].contains("Content/01-one.md:9:10: error: exercise 'triple' would deal students other numbers"), "\(messages[0])")
        #expect(messages[0].contains("9 |     vary x in {1, 3}"), "\(messages[0])")
        #expect(messages[1] == messages[0], "the second build took the chapter from the cache")
    }

    @Test func noCacheWritesNoCache() throws {
        let workspace = try Workspace(chapters: ["01-one.md": Self.first])
        defer { workspace.remove() }
        #expect(try Self.build(workspace, cache: false).chaptersRun == ["01-one"])
        #expect(try Self.build(workspace, cache: false).chaptersRun == ["01-one"])
        #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent(".coursegen-cache").path))
    }

    @Test func aFailedChapterIsNotKeptAndFailsAgain() throws {
        let workspace = try Workspace(chapters: ["01-one.md": Self.first])
        defer { workspace.remove() }
        try workspace.write("Content/01-one.md", Self.first.replacingOccurrences(of: "x = 2", with: "x = nope"))
        #expect(throws: DiagnosticList.self) { try Self.build(workspace) }
        #expect(throws: DiagnosticList.self) { try Self.build(workspace) }
    }
}

/// Typeset formulas come from the cache; node starts only for new ones.
@Suite(.enabled(if: KaTeX.debian.isInstalled, "node or KaTeX is not installed here: run scripts/setup.sh"))
struct FormulaCacheTests {
    typealias Workspace = CourseBuilderTests.Workspace

    static let chapter = #"""
        # 式

        重み $w_1$ と $$\frac{\partial L}{\partial w}$$。
        """#

    /// KaTeX as installed, but with a node that does not exist: a build that needs node fails.
    static let noNode = KaTeX(
        nodeModules: KaTeX.debian.nodeModules, distribution: KaTeX.debian.distribution,
        node: URL(fileURLWithPath: "/nonexistent/node"))

    @Test func knownFormulasNeedNoNode() throws {
        let workspace = try Workspace(chapters: ["01-math.md": Self.chapter])
        defer { workspace.remove() }
        #expect(try BuildCacheTests.build(workspace).formulasTypeset == 2)
        try workspace.write("Content/01-math.md", Self.chapter + "\n\nもう一度 $w_1$。\n")
        let summary = try BuildCacheTests.build(workspace, katex: Self.noNode)
        #expect(summary.formulasTypeset == 0)
        try BuildCacheTests.expectSameAsUncached(workspace)

        try workspace.write("Content/01-math.md", Self.chapter + "\n\n新しい $w_2$。\n")
        #expect(throws: DiagnosticList.self, "a new formula goes to node") {
            try BuildCacheTests.build(workspace, katex: Self.noNode)
        }
        #expect(try BuildCacheTests.build(workspace).formulasTypeset == 1)
    }

    @Test func aDamagedFormulaStoreIsIgnored() throws {
        let workspace = try Workspace(chapters: ["01-math.md": Self.chapter])
        defer { workspace.remove() }
        _ = try BuildCacheTests.build(workspace)
        let cache = workspace.root.appendingPathComponent(".coursegen-cache")
        let store = try FileManager.default.contentsOfDirectory(atPath: cache.path).first { $0.hasPrefix("math-") }
        let url = cache.appendingPathComponent(try #require(store))
        let data = try Data(contentsOf: url)
        for damaged in [data.prefix(data.count - 7), data.prefix(30), Data("coursegen math cache 1\nkatex 0.0.0 x\n".utf8)] {
            try damaged.write(to: url)
            try workspace.write("Content/01-math.md", Self.chapter + "\n\(damaged.count)\n")  // prose: the build runs
            #expect(try BuildCacheTests.build(workspace).formulasTypeset == 2)
        }
        try BuildCacheTests.expectSameAsUncached(workspace)
    }

    @Test func aFormulaKaTeXRefusedIsTypesetAgainAndWarnsAgain() throws {
        let workspace = try Workspace(chapters: ["01-math.md": "# 式\n\n壊れた $\\frac{1}{$ 式。\n"])
        defer { workspace.remove() }
        for _ in 0..<2 {
            let summary = try CourseBuilder(options: .init(
                contentDirectory: workspace.content, outputDirectory: workspace.out, contentDisplayPath: "Content",
                mathErrors: .warn, cacheDirectory: workspace.root.appendingPathComponent(".coursegen-cache"))).build()
            #expect(summary.formulasTypeset == 1)
            #expect(summary.warnings.count == 1)
        }
    }
}
