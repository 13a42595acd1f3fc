import CourseBuilder
import Diagnostics
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Adversarial `--out` folders, leftovers of interrupted builds, machine paths and odd chapter
/// names: a build replaces only what it may, publishes no path of the build machine, and links
/// to files that exist.
@Suite struct OutputSafetyTests {
    /// A folder with `Content/` (one chapter with an exercise and a plot) and `Templates/`.
    struct Scene {
        let root: URL
        var content: URL { root.appendingPathComponent("Content") }
        var templates: URL { root.appendingPathComponent("Templates") }

        init(chapters: [String: String] = ["01-a.md": OutputSafetyTests.chapter]) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("coursegen-out-\(UUID().uuidString)")
            let fileManager = FileManager.default
            try fileManager.createDirectory(at: content, withIntermediateDirectories: true)
            try fileManager.copyItem(
                at: CourseBuilderTests.repository.appendingPathComponent("Sources/CourseBuilder/Templates"), to: templates)
            for (name, text) in chapters {
                try Data(text.utf8).write(to: content.appendingPathComponent(name))
            }
        }

        func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

        /// Builds as `coursegen build Content --out OUT` run in `root` would.
        func build(out: String, content contentPath: String = "Content", templates templatesPath: String = "Templates")
            throws(DiagnosticList) -> CourseBuilder.Summary
        {
            try CourseBuilder(options: .init(
                contentDirectory: url(contentPath), outputDirectory: url(out), templatesDirectory: url(templatesPath),
                contentDisplayPath: contentPath, templatesDisplayPath: templatesPath, outputDisplayPath: out)).build()
        }

        /// The message of a refused build, which must have touched nothing under `root`.
        func refusal(out: String) throws -> String {
            let before = try snapshot(root)
            let error = try #require(throws: DiagnosticList.self) { try build(out: out) }
            #expect(try snapshot(root) == before, "a refused build changed files")
            return error.description
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static let chapter = """
        # 章

        ```nn
        x = 2
        w = param(1)
        L = (w * x)^2
        backward L
        show "dL/dw": grad(w)
        plot "曲線" t in 0 .. 1: "t": t
        exercise "ex-a" number
            prompt "∂L/∂w を求めなさい。"
            answer grad(w)
        ```
        """

    /// Every entry under `folder` (hidden ones too): path → file bytes, link target or "dir".
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var entries: [String: Data] = [:]
        let fileManager = FileManager.default
        guard let walker = fileManager.enumerator(atPath: folder.path) else { return entries }
        for case let relative as String in walker {
            let path = folder.appendingPathComponent(relative).path
            let attributes = try fileManager.attributesOfItem(atPath: path)
            switch attributes[.type] as? FileAttributeType {
            case .typeDirectory?: entries[relative] = Data("dir".utf8)
            case .typeSymbolicLink?: entries[relative] = Data(try fileManager.destinationOfSymbolicLink(atPath: path).utf8)
            default: entries[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return entries
    }

    static let replaceNote =
        "note: a build replaces the whole output folder, so --out must be a new or empty folder, or one that an earlier 'coursegen build' wrote"
    static let apartNote =
        "note: the site goes to a folder of its own, apart from the content and templates folders (e.g. --out site)"

    // MARK: Refused outputs

    @Test func outputThatIsTheContentFolderIsRefused() throws {
        let scene = try Scene()
        defer { scene.remove() }
        #expect(try scene.refusal(out: "Content") == "error: cannot write the site to 'Content': it is the content folder\n\(Self.apartNote)")
        #expect(try scene.refusal(out: "Content/") == "error: cannot write the site to 'Content/': it is the content folder\n\(Self.apartNote)")
    }

    @Test func outputAroundTheContentFolderIsRefused() throws {
        let scene = try Scene()
        defer { scene.remove() }
        try Data("notes".utf8).write(to: scene.url("notes.txt"))
        #expect(try scene.refusal(out: ".") == "error: cannot write the site to '.': it contains the content folder 'Content'\n\(Self.apartNote)")
    }

    @Test func outputInsideTheContentFolderIsRefused() throws {
        let scene = try Scene()
        defer { scene.remove() }
        #expect(try scene.refusal(out: "Content/site") == "error: cannot write the site to 'Content/site': it is inside the content folder 'Content'\n\(Self.apartNote)")
    }

    @Test func outputThatIsTheTemplatesFolderIsRefused() throws {
        let scene = try Scene()
        defer { scene.remove() }
        #expect(try scene.refusal(out: "Templates") == "error: cannot write the site to 'Templates': it is the templates folder\n\(Self.apartNote)")
    }

    @Test func aSymlinkToTheContentFolderIsSeenThrough() throws {
        let scene = try Scene()
        defer { scene.remove() }
        try FileManager.default.createSymbolicLink(atPath: scene.url("alias").path, withDestinationPath: "Content")
        #expect(try scene.refusal(out: "alias") == "error: cannot write the site to 'alias': it is the content folder\n\(Self.apartNote)")
        #expect(try scene.refusal(out: "alias/../Content/x") == "error: cannot write the site to 'alias/../Content/x': it is inside the content folder 'Content'\n\(Self.apartNote)")
    }

    @Test func aFolderOfUnrelatedFilesIsRefused() throws {
        let scene = try Scene()
        defer { scene.remove() }
        try FileManager.default.createDirectory(at: scene.url("thesis"), withIntermediateDirectories: true)
        try Data("\\documentclass{article}".utf8).write(to: scene.url("thesis/main.tex"))
        #expect(try scene.refusal(out: "thesis") == """
            error: cannot write the site to 'thesis': it is a folder that coursegen did not write (it has no .coursegen-site file) and it is not empty
            \(Self.replaceNote)
            """)
    }

    @Test func aRegularFileIsRefused() throws {
        let scene = try Scene()
        defer { scene.remove() }
        try Data("data".utf8).write(to: scene.url("site"))
        #expect(try scene.refusal(out: "site") == "error: cannot write the site to 'site': it is a file, not a folder\n\(Self.replaceNote)")
    }

    /// The output is checked before any chapter runs: a broken chapter's errors do not show.
    @Test func theOutputIsCheckedBeforeChaptersRun() throws {
        let scene = try Scene(chapters: ["01-a.md": "# 章\n\n```nn\nshow nosuchname\n```\n"])
        defer { scene.remove() }
        #expect(try scene.refusal(out: "Content") == "error: cannot write the site to 'Content': it is the content folder\n\(Self.apartNote)")
    }

    // MARK: Accepted outputs

    @Test func anEmptyFolderIsAcceptedAndMarked() throws {
        let scene = try Scene()
        defer { scene.remove() }
        try FileManager.default.createDirectory(at: scene.url("site"), withIntermediateDirectories: true)
        _ = try scene.build(out: "site")
        #expect(FileManager.default.fileExists(atPath: scene.url("site/.coursegen-site").path))
        #expect(FileManager.default.fileExists(atPath: scene.url("site/01-a.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scene.root.path).sorted() == ["Content", "Templates", "grading", "site"])
    }

    @Test func anEarlierSiteIsReplacedWhole() throws {
        let scene = try Scene()
        defer { scene.remove() }
        _ = try scene.build(out: "site")
        try FileManager.default.moveItem(at: scene.content.appendingPathComponent("01-a.md"), to: scene.content.appendingPathComponent("02-b.md"))
        _ = try scene.build(out: "site")
        #expect(FileManager.default.fileExists(atPath: scene.url("site/02-b.html").path))
        #expect(!FileManager.default.fileExists(atPath: scene.url("site/01-a.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scene.root.path).sorted() == ["Content", "Templates", "grading", "site"])
    }

    /// A new output inside folders that do not exist yet is created with them.
    @Test func aNewNestedOutputIsCreated() throws {
        let scene = try Scene()
        defer { scene.remove() }
        _ = try scene.build(out: "public/course/site")
        #expect(FileManager.default.fileExists(atPath: scene.url("public/course/site/index.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scene.url("public/course").path).sorted() == ["grading", "site"])
    }

    // MARK: Interrupted builds

    /// What a build killed while writing leaves: `.site.new-<token>` with the marker and part of
    /// a site. The next build removes it, and only it.
    @Test func abandonedStagingFoldersAreRemovedAndNothingElse() throws {
        let scene = try Scene()
        defer { scene.remove() }
        _ = try scene.build(out: "site")
        let fileManager = FileManager.default
        func folder(_ name: String, marked: Bool, file: String? = "page.html") throws {
            try fileManager.createDirectory(at: scene.url("\(name)/plots"), withIntermediateDirectories: true)
            if marked { try Data("x".utf8).write(to: scene.url("\(name)/.coursegen-site")) }
            if let file { try Data(repeating: 7, count: 4096).write(to: scene.url("\(name)/plots/\(file)")) }
        }
        try folder(".site.new-0123abcd", marked: true)
        try folder(".site.new-89abcdef", marked: false, file: nil)
        try fileManager.removeItem(at: scene.url(".site.new-89abcdef/plots"))  // stopped right after mkdir
        try folder(".site.new-feedbeef", marked: false)  // not ours: no marker
        try folder(".site.new-notahex!", marked: true)  // not our name
        try folder(".other.new-01234567", marked: true)  // another output's staging
        try folder(".config", marked: false)
        try folder("elsewhere", marked: true)
        try fileManager.createSymbolicLink(atPath: scene.url(".site.new-00000000").path, withDestinationPath: "elsewhere")
        let kept = [".site.new-feedbeef", ".site.new-notahex!", ".other.new-01234567", ".config", ".site.new-00000000", "elsewhere"]
        let before = try kept.map { try Self.snapshot(scene.url($0)) }

        _ = try scene.build(out: "site")
        let after = try fileManager.contentsOfDirectory(atPath: scene.root.path).sorted()
        #expect(after == (["Content", "Templates", "grading", "site"] + kept).sorted())
        #expect(try kept.map { try Self.snapshot(scene.url($0)) } == before)
    }

    #if canImport(Glibc)
    /// A staging folder whose marker is locked belongs to a build still running: it stays.
    @Test func aRunningBuildsStagingFolderIsLeftAlone() throws {
        let scene = try Scene()
        defer { scene.remove() }
        try FileManager.default.createDirectory(at: scene.url(".site.new-0badcafe"), withIntermediateDirectories: true)
        let descriptor = open(scene.url(".site.new-0badcafe/.coursegen-site").path, O_RDWR | O_CREAT, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        _ = try scene.build(out: "site")
        #expect(FileManager.default.fileExists(atPath: scene.url(".site.new-0badcafe/.coursegen-site").path))
    }
    #endif

    // MARK: What the site publishes

    /// Built from an absolute content path (as `coursegen build /home/me/course/Content` passes
    /// it), no output file holds any part of the build machine's folders.
    @Test func noMachinePathInAnyOutputFile() throws {
        let scene = try Scene()
        defer { scene.remove() }
        let site = scene.url("site")
        _ = try CourseBuilder(options: .init(
            contentDirectory: scene.content, outputDirectory: site, templatesDirectory: scene.templates,
            contentDisplayPath: scene.content.path, templatesDisplayPath: scene.templates.path,
            outputDisplayPath: site.path)).build()
        var files = try Self.snapshot(site)
        for (path, bytes) in try Self.snapshot(scene.url("grading")) { files["grading/" + path] = bytes }
        #expect(files.count > 5)
        for (path, bytes) in files {
            for leak in [scene.root.path, FileManager.default.temporaryDirectory.path, "Content/"] {
                #expect(bytes.range(of: Data(leak.utf8)) == nil, "\(path) holds '\(leak)'")
            }
        }
        let sheet = String(decoding: try #require(files["grading/01-a.json"]), as: UTF8.self)
        #expect(sheet.contains(#""chapter" : "01-a.md""#))
        #expect(sheet.contains(#""source" : "01-a.md:10:1""#))
        let page = String(decoding: try #require(files["01-a.html"]), as: UTF8.self)
        #expect(page.contains("running the <code>nn</code> blocks of <code>01-a.md</code>"))
    }

    /// Page, plot and navigation links of chapters named with URL syntax, spaces and Japanese
    /// all resolve to files the build wrote.
    @Test func oddChapterNamesGiveLinksToExistingFiles() throws {
        let names = ["01 a#b", "02 q?x=1", "03 100%", "04 p%20c", "05 (括弧) & 'x'", "06 日本語", "07 +;=@"]
        let scene = try Scene(chapters: Dictionary(uniqueKeysWithValues: names.map { ("\($0).md", Self.chapter.replacingOccurrences(of: "ex-a", with: "ex-\($0.prefix(2))")) }))
        defer { scene.remove() }
        _ = try scene.build(out: "site")
        let site = scene.url("site")
        var checked = 0
        for (path, bytes) in try Self.snapshot(site) where path.hasSuffix(".html") || path.hasSuffix(".md") {
            let text = String(decoding: bytes, as: UTF8.self)
            let base = site.appendingPathComponent(path).deletingLastPathComponent()
            for link in Self.links(in: text) where !link.hasPrefix("#") {
                let decoded = try #require(link.removingPercentEncoding, "\(link) in \(path)")
                #expect(!decoded.contains("#") || link.contains("%23"), "unencoded # in \(link)")
                let target = base.appendingPathComponent(decoded).standardizedFileURL.path
                #expect(FileManager.default.fileExists(atPath: target), "\(path) links to missing \(link)")
                checked += 1
            }
        }
        #expect(checked > names.count * 4)
    }

    /// Chapter `a` plotting "b-c" and chapter `a-b` plotting "c" once shared `plots/a-b-c.svg`,
    /// so one page showed the other's figure.
    @Test func plotsOfDifferentChaptersNeverShareAFile() throws {
        let scene = try Scene(chapters: [
            "a.md": "# A\n\n```nn\nplot \"b-c\" x in 0 .. 1: x\n```\n",
            "a-b.md": "# AB\n\n```nn\nplot \"c\" x in 0 .. 1: 2*x\n```\n",
        ])
        defer { scene.remove() }
        _ = try scene.build(out: "site")
        let site = scene.url("site")
        var figures: [String] = []
        for page in ["a.html", "a-b.html"] {
            let html = try String(contentsOf: site.appendingPathComponent(page), encoding: .utf8)
            let plots = Self.links(in: html).filter { $0.hasPrefix("plots/") }
            #expect(plots.count == 1, "\(page): \(plots)")
            let svg = try String(contentsOf: site.appendingPathComponent(try #require(plots.first)), encoding: .utf8)
            figures.append(svg)
        }
        #expect(Set(try Self.snapshot(site).keys.filter { $0.hasSuffix(".svg") }).count == 2)
        #expect(figures[0] != figures[1])
    }

    /// `href="…"`/`src="…"` values (HTML entities undone) and Markdown `](…)` targets.
    static func links(in text: String) -> [String] {
        let entities = ["&amp;": "&", "&quot;": "\"", "&#39;": "'", "&lt;": "<", "&gt;": ">", "&#x27;": "'", "&#x2F;": "/"]
        var links: [String] = []
        for pattern in [#"(?:href|src)="([^"]*)""#, #"\]\(([^)\s]*)\)"#] {
            let regex = try! NSRegularExpression(pattern: pattern)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                var link = String(text[Range(match.range(at: 1), in: text)!])
                for (entity, character) in entities { link = link.replacingOccurrences(of: entity, with: character) }
                links.append(link)
            }
        }
        return links
    }

    @Test func aLineBreakInAChapterNameIsRefused() throws {
        let scene = try Scene(chapters: ["01-a.md": Self.chapter, "02 new\nline.md": "# x\n"])
        defer { scene.remove() }
        #expect(try scene.refusal(out: "site") == """
            error: chapter file name '02 new\\u{a}line.md' in 'Content' contains a line break or another control character
            note: rename the file; page names and links cannot carry control characters
            """)
    }

    @Test func chapterNamesThatCannotBePagesAreRefused() throws {
        let search = try Scene(chapters: ["01-a.md": Self.chapter, "search.md": "# 検索\n"])
        defer { search.remove() }
        #expect(try search.refusal(out: "site") == """
            error: chapter file name 'search.md' in 'Content' would overwrite the site's search.html
            note: rename the file, e.g. to 00-search.md
            """)
        let long = String(repeating: "あ", count: 84) + ".md"  // 255 bytes: the page name would be 257
        let tooLong = try Scene(chapters: ["01-a.md": Self.chapter, long: "# x\n"])
        defer { tooLong.remove() }
        #expect(try tooLong.refusal(out: "site") == """
            error: chapter file name '\(String(repeating: "あ", count: 40))…' in 'Content' is too long for its page (255 bytes)
            note: page names hold at most 253 bytes of the chapter's name; a Japanese character takes 3
            """)
    }

    @Test func aFolderNamedLikeAChapterIsRefused() throws {
        let scene = try Scene(chapters: ["01-a.md": Self.chapter])
        defer { scene.remove() }
        try FileManager.default.createDirectory(at: scene.url("Content/02-b.md"), withIntermediateDirectories: true)
        #expect(try scene.refusal(out: "site") == """
            error: 'Content/02-b.md' is a folder, not a chapter
            note: chapters are the .md files of the content folder; rename the folder
            """)
    }

    @Test func aChapterLinkedFromOutsideTheContentFolderIsRefused() throws {
        let scene = try Scene(chapters: ["01-a.md": Self.chapter])
        defer { scene.remove() }
        try "# secret\n".write(to: scene.url("secret.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: scene.url("Content/02-b.md"), withDestinationURL: scene.url("secret.md"))
        #expect(try scene.refusal(out: "site") == """
            error: 'Content/02-b.md' is a link to a file outside the content folder
            note: the site carries only files of the content folder; copy the chapter into it
            """)
        // A link to another file of the content folder is fine.
        try FileManager.default.removeItem(at: scene.url("Content/02-b.md"))
        try FileManager.default.createDirectory(at: scene.url("Content/parts"), withIntermediateDirectories: true)
        try "# B\n".write(to: scene.url("Content/parts/b.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: scene.url("Content/02-b.md"), withDestinationURL: scene.url("Content/parts/b.md"))
        _ = try scene.build(out: "site")
    }
}
