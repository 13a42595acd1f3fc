import Foundation
import Testing

/// `coursegen build` with dangerous `--out` folders, run as a user would: the exact message,
/// exit status 1, and every file where it was.
@Suite struct BuildOutputTests {
    /// A temporary folder holding `P/Content/01-a.md`, `P/notes.txt` and `Templates/`.
    static func project() throws -> URL {
        let folder = try Coursegen.temporaryDirectory()
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: folder.appendingPathComponent("P/Content"), withIntermediateDirectories: true)
        try Data("# 章\n\n```nn\nx = 2\nshow x\n```\n".utf8).write(to: folder.appendingPathComponent("P/Content/01-a.md"))
        try Data("my notes".utf8).write(to: folder.appendingPathComponent("P/notes.txt"))
        try fileManager.copyItem(
            at: Coursegen.repository.appendingPathComponent("Sources/CourseBuilder/Templates"), to: folder.appendingPathComponent("Templates"))
        return folder
    }

    /// Path → bytes of every file under `folder` (folders as "dir").
    static func snapshot(_ folder: URL) -> [String: Data] {
        var entries: [String: Data] = [:]
        for case let relative as String in FileManager.default.enumerator(atPath: folder.path) ?? .init() {
            let url = folder.appendingPathComponent(relative)
            entries[relative] = (try? Data(contentsOf: url)) ?? Data("dir".utf8)
        }
        return entries
    }

    static let apart =
        "note: the site goes to a folder of its own, apart from the content and templates folders (e.g. --out site)\n"

    @Test(arguments: [
        ("P/Content", "error: cannot write the site to 'P/Content': it is the content folder\n" + apart),
        ("P", "error: cannot write the site to 'P': it contains the content folder 'P/Content'\n" + apart),
        ("P/Content/site", "error: cannot write the site to 'P/Content/site': it is inside the content folder 'P/Content'\n" + apart),
        ("P/notes.txt", "error: cannot write the site to 'P/notes.txt': it is a file, not a folder\n"
            + "note: a build replaces the whole output folder, so --out must be a new or empty folder, or one that an earlier 'coursegen build' wrote\n"),
    ])
    func refusedOutputChangesNothing(out: String, message: String) throws {
        let folder = try Self.project()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = Self.snapshot(folder)
        let result = try Coursegen.run(["build", "P/Content", "--out", out, "--templates", "Templates"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr == message)
        #expect(result.stdout == "")
        #expect(Self.snapshot(folder) == before)
    }

    /// A rebuild replaces the earlier site and clears what an interrupted build left.
    @Test func rebuildRemovesAnInterruptedBuildsStagingFolder() throws {
        let folder = try Self.project()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["build", "P/Content", "--out", "site", "--templates", "Templates"]
        #expect(try Coursegen.run(arguments, in: folder).status == 0)
        let leftover = folder.appendingPathComponent(".site.new-1234abcd")
        try FileManager.default.copyItem(at: folder.appendingPathComponent("site"), to: leftover)
        let result = try Coursegen.run(arguments, in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("built 1 chapter(s), 0 exercise(s) into site/\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            == [".coursegen-cache", "P", "Templates", "grading", "site"], "the build cache and the key stay beside the site")
    }

    /// `coursegen build /abs/path/Content`: the site names the chapter only as `01-a.md`.
    @Test func anAbsoluteContentPathLeavesNoTraceInTheSite() throws {
        let folder = try Self.project()
        defer { try? FileManager.default.removeItem(at: folder) }
        let content = folder.appendingPathComponent("P/Content").path
        let result = try Coursegen.run(["build", content, "--out", "site", "--templates", "Templates"], in: folder)
        #expect(result.status == 0)
        let site = Self.snapshot(folder.appendingPathComponent("site"))
        #expect(site["01-a.html"] != nil)
        for (path, bytes) in site {
            #expect(bytes.range(of: Data(folder.path.utf8)) == nil, "\(path) holds the build machine's path")
        }
    }
}
