import CourseBuilder
import CourseMarkdown
import Diagnostics
import Foundation
import MathTypesetting
import Testing

/// True where node and Debian's KaTeX are installed (`scripts/setup.sh`; CI runs it).
private let katexInstalled = KaTeX.debian.isInstalled

/// The four source documents the course is based on build as a course of their own: front
/// matter (Zenn's, Marp's), heavy math, links to chapters of their series that are not here.
@Suite(.enabled(if: katexInstalled, "node or KaTeX is not installed here: run scripts/setup.sh"))
struct SeedCourseTests {
    typealias Workspace = CourseBuilderTests.Workspace

    static let seeds = CourseBuilderTests.repository.appendingPathComponent("Tests/CourseMarkdownTests/Resources/seeds")

    static func seedChapters() throws -> [String: String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path).filter { $0.hasSuffix(".md") }
        #expect(names.count == 4)
        return try Dictionary(uniqueKeysWithValues: names.map {
            ($0, try String(contentsOf: seeds.appendingPathComponent($0), encoding: .utf8))
        })
    }

    /// The TeX of every formula the chapter's Markdown holds, as the site typesets it.
    static func recognisedTeX(_ text: String, file: String) -> [String] {
        let document = MarkdownDocument(parsing: text, file: file)
        let fences = document.codeBlocks.filter { $0.isFenced && $0.language == "math" }
            .map { $0.code.hasSuffix("\n") ? String($0.code.dropLast()) : $0.code }
        return document.math.map(\.tex) + fences
    }

    /// The page's chapter text, without the sidebar (whose headings repeat the body's math).
    static func main(_ page: String) -> String {
        guard let start = page.range(of: "<main class=\"chapter\""), let end = page.range(of: "<nav class=\"pager\"")
        else { return "" }
        return String(page[start.lowerBound..<end.lowerBound])
    }

    @Test func theSeedsBuildWithEveryFormulaTypeset() throws {
        let chapters = try Self.seedChapters()
        let workspace = try Workspace(chapters: chapters)
        defer { workspace.remove() }
        // Seed 000 links to the chapters before and after it in its series, which are not here.
        try workspace.write("Content/course.yml", "title: Seeds\nmissing-links: warn\n")
        let summary = try MathBuildTests.build(workspace)
        #expect(summary.chapters.count == 4)
        #expect(summary.warnings.map(\.headline) == [
            "Content/000_90f890f8c8ced142.md:985:20: warning: './第2章_数学的基灤.md' does not exist in the content folder 'Content'",
            "Content/000_90f890f8c8ced142.md:986:36: warning: './第4章_Transformerアーあテクチャの基灤.md' does not exist in the content folder 'Content'",
        ])
        var total = 0
        for (name, text) in chapters.sorted(by: { $0.key < $1.key }) {
            let page = try workspace.read(name.replacing(".md", with: ".html"))
            let body = Self.main(page)
            let expected = Self.recognisedTeX(text, file: name)
            let typeset = MathBuildTests.annotations(body)
            total += expected.count
            #expect(!expected.isEmpty, "\(name) has math")
            #expect(typeset.sorted() == expected.sorted(), "\(name): every formula typeset, nothing else")
            #expect(!body.contains("katex-error"), "\(name)")
        }
        #expect(total > 250)
    }

    @Test func aMissingLinkedFileIsAnErrorByDefault() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# A\n\n次章：[B](./02-b.md)\n"])
        defer { workspace.remove() }
        #expect(throws: DiagnosticList.self) { try workspace.build() }
        do {
            _ = try workspace.build()
        } catch {
            #expect(error.description == """
                Content/01-a.md:3:8: error: './02-b.md' does not exist in the content folder 'Content'
                note: add the file, or set 'missing-links: warn' in course.yml to keep such links as written
                """)
        }
    }
}
