import Foundation
import Testing

/// `coursegen init` and `--version`, and a build that needs no file beside the binary.
@Suite struct SiteCommandTests {
    @Test func versionPrintsTheVersion() throws {
        let result = try Coursegen.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.firstMatch(of: /^\d+\.\d+\.\d+\n$/) != nil, "\(result.stdout)")
    }

    @Test func initWritesACourseThatBuildsFromAnyFolderWithTheBuiltInTemplates() throws {
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let created = try Coursegen.run(["init", "my-course"], in: folder)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == """
            wrote a starter course into my-course/ (course.yml, 01-introduction.md)
            build it with: coursegen build my-course --out my-course-site

            """)
        let built = try Coursegen.run(["build", "my-course", "--out", "my-course-site"], in: folder)
        #expect(built.status == 0, "\(built.stderr)")
        let page = try String(contentsOf: folder.appendingPathComponent("my-course-site/01-introduction.html"), encoding: .utf8)
        #expect(page.contains("<title>Introduction — My course</title>"))
        #expect(page.contains(#"class="katex""#) && page.contains(#"class="nn-plot""#))
        for asset in ["style.css", "site.js", "search.js", "search-index.js"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("my-course-site/assets/\(asset)").path))
        }

        let again = try Coursegen.run(["init", "my-course"], in: folder)
        #expect(again.status == 1)
        #expect(again.stderr == """
            error: cannot write a new course into 'my-course': the folder is not empty
            note: give a new folder, e.g. coursegen init my-course

            """)
    }
}
