import CourseBuilder
import Diagnostics
import ExerciseModel
import Foundation
import Testing

/// The grading key: written beside the site and never into it, under the output's safety
/// rules, and the record of the numbers students were dealt.
@Suite struct GradingKeyTests {
    static func chapter(vary: String = "x in {1, 3, 4}", id: String = "chain") -> String {
        """
        # 連鎖律

        ```nn
        x = 2
        w = param(1)
        L = (w * x)^2
        backward L
        exercise "\(id)" number
            prompt "x = {{x}} のとき ∂L/∂w を求めなさい。"
            answer grad(w)
            vary \(vary)
        ```
        """
    }

    struct Scene {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("coursegen-key-\(UUID().uuidString)")
        var content: URL { root.appendingPathComponent("Content") }

        init(_ text: String = GradingKeyTests.chapter()) throws {
            try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
            try write(text)
        }

        func write(_ text: String) throws { try Data(text.utf8).write(to: content.appendingPathComponent("01-chain.md")) }
        func url(_ path: String) -> URL { root.appendingPathComponent(path) }

        /// As `coursegen build Content --out OUT [--key KEY] [--redeal ID]…` run in `root`.
        @discardableResult
        func build(out: String = "site", key: String? = nil, redeal: Set<String> = []) throws(DiagnosticList) -> CourseBuilder.Summary {
            try CourseBuilder(options: .init(
                contentDirectory: content, outputDirectory: url(out), contentDisplayPath: "Content", outputDisplayPath: out,
                keyDirectory: key.map(url), keyDisplayPath: key, redeal: redeal)).build()
        }

        func refusal(out: String = "site", key: String? = nil, redeal: Set<String> = []) throws -> String {
            let before = try OutputSafetyTests.snapshot(root)
            let error = try #require(throws: DiagnosticList.self) { try build(out: out, key: key, redeal: redeal) }
            #expect(try OutputSafetyTests.snapshot(root) == before, "a refused build changed files")
            return error.description
        }

        func sheet(_ path: String = "grading/01-chain.json") throws -> ExerciseSheet {
            try JSONDecoder().decode(ExerciseSheet.self, from: Data(contentsOf: url(path)))
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test func theKeyGoesBesideTheSiteAndNothingOfItUnder() throws {
        let scene = try Scene()
        defer { scene.remove() }
        let summary = try scene.build()
        #expect(summary.keyDirectory.standardizedFileURL.path == scene.url("grading").standardizedFileURL.path)
        #expect(summary.keyFiles == ["01-chain.json"])
        let sheet = try scene.sheet()
        #expect(sheet.chapterNumber == 1)
        #expect(sheet.exercises[0].reference == .number(8))  // ∂(w·x)²/∂w = 2·w·x² at x = 2
        #expect(sheet.exercises[0].referenceProgram != nil)
        #expect(FileManager.default.fileExists(atPath: scene.url("grading/.coursegen-key").path))
        for (path, bytes) in try OutputSafetyTests.snapshot(scene.url("site")) {
            #expect(!path.hasPrefix("exercises"), "\(path)")
            for leak in ["referenceProgram", "\"reference\"", "formatVersion"] {
                #expect(bytes.range(of: Data(leak.utf8)) == nil, "\(path) holds \(leak)")
            }
        }
    }

    @Test func aChangedVaryIsRefusedAtItsLineUnlessRedealt() throws {
        let scene = try Scene()
        defer { scene.remove() }
        try scene.build()
        try scene.write(Self.chapter(vary: "x in {1, 3, 5}"))
        #expect(try scene.refusal() == """
            Content/01-chain.md:11:10: error: exercise 'chain' would deal students other numbers than the grading key 'grading' records
            11 |     vary x in {1, 3, 5}
               |          ^
            note: the key has:  x in {1, 3, 4}
            note: this build:   x in {1, 3, 5}
            note: handouts and pages already given out show the key's numbers, and grading uses them
            note: to deal every student new numbers for this exercise, build with --redeal chain
            """)
        let summary = try scene.build(redeal: ["chain", "chian"])
        #expect(try scene.sheet().exercises[0].parameters == [VariantParameter(name: "x", choices: [1, 3, 5])])
        #expect(summary.warnings.map(\.description) == [
            """
            Content/01-chain.md:11:10: note: exercise 'chain' deals new numbers (--redeal): x in {1, 3, 4} → x in {1, 3, 5}; handouts made before this build no longer match
            11 |     vary x in {1, 3, 5}
               |          ^
            """,
            "warning: --redeal chian: the course has no exercise 'chian'",
        ])
        // A new exercise is dealt freely; a removed one is said.
        try scene.write(Self.chapter(vary: "x in {1, 3, 5}", id: "chain-2"))
        let renamed = try scene.build()
        #expect(renamed.warnings.map(\.description) == [
            "warning: exercise 'chain' (01-chain.md) is in the grading key 'grading' but no longer in the course; the new key leaves it out, so answers to it are no longer graded",
        ])
    }

    /// A site an earlier coursegen built holds its key in `exercises/`: its numbers stay put too.
    @Test func aSiteBuiltBeforeTheKeyMovedOutKeepsItsNumbers() throws {
        let scene = try Scene()
        defer { scene.remove() }
        try FileManager.default.createDirectory(at: scene.url("site/exercises"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: scene.url("site/.coursegen-site"))
        let old = ExerciseSheet(chapter: "01-chain.md", exercises: [Exercise(
            id: "chain", kind: .number, points: 1, prompt: "x = {{x}}", reference: .number(8), referenceProgram: "x",
            parameters: [VariantParameter(name: "x", choices: [1, 3])])])
        try JSONEncoder().encode(old).write(to: scene.url("site/exercises/01-chain.json"))
        #expect(try scene.refusal().contains("note: the key has:  x in {1, 3}\n"))
        try scene.build(redeal: ["chain"])
        #expect(!FileManager.default.fileExists(atPath: scene.url("site/exercises").path))
    }

    @Test func theKeyFolderFollowsTheOutputRules() throws {
        let scene = try Scene()
        defer { scene.remove() }
        #expect(try scene.refusal(key: "site/grading") == """
            error: cannot write the grading key to 'site/grading': it is inside the site folder 'site'
            note: the grading key goes to a folder of its own, outside the site, the content and the templates (e.g. --key grading)
            """)
        #expect(try scene.refusal(out: "out/site", key: "out") == """
            error: cannot write the grading key to 'out': it contains the site folder 'out/site'
            note: the grading key goes to a folder of its own, outside the site, the content and the templates (e.g. --key grading)
            """)
        #expect(try scene.refusal(key: "Content/key") == """
            error: cannot write the grading key to 'Content/key': it is inside the content folder 'Content'
            note: the grading key goes to a folder of its own, outside the site, the content and the templates (e.g. --key grading)
            """)
        try FileManager.default.createDirectory(at: scene.url("grading"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: scene.url("grading/notes.txt"))
        #expect(try scene.refusal() == """
            error: cannot write the grading key to 'grading': it is a folder that coursegen did not write (it has no .coursegen-key file) and it is not empty
            note: a build replaces the whole key folder, so --key must be a new or empty folder, or one that an earlier 'coursegen build' wrote
            """)
        // A site is not a key folder, nor a key a site.
        try scene.build(key: "key")
        #expect(try scene.refusal(out: "site2", key: "site").contains("error: cannot write the grading key to 'site': it is a folder that coursegen did not write"))
        #expect(try scene.refusal(out: "key", key: "key2").contains("error: cannot write the site to 'key': it is a folder that coursegen did not write"))
    }
}
