import CourseBuilder
import Foundation
import Testing
@testable import PreviewServer

/// `coursegen serve` end to end: a real build loop and a real server on a free loopback port,
/// asked over real HTTP connections.
@Suite(.serialized) struct PreviewServerTests {
    static let chapter = """
        # 一

        ```nn
        x = 2
        show "double": x * 21
        ```
        """

    /// A course, its build loop on a thread and its server; `stop()` ends both.
    final class Session: @unchecked Sendable {
        let root: URL
        let site = LiveSite()
        private let stopped = NSLock()
        private var isStopped = false
        private var server: Task<Void, any Error>?
        private(set) var client: HTTPTestClient!
        var content: URL { root.appendingPathComponent("Content") }
        var out: URL { root.appendingPathComponent("site") }

        init(chapter: String = PreviewServerTests.chapter) async throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("coursegen-serve-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Content"), withIntermediateDirectories: true)
            try write("Content/01-one.md", chapter)
            let builder = LiveBuilder(options: .init(
                contentDirectory: content, outputDirectory: out, contentDisplayPath: "Content",
                cacheDirectory: root.appendingPathComponent(".coursegen-cache")))
            let site = self.site
            let firstBuild = DispatchSemaphore(value: 0)
            Thread {
                builder.run(report: { outcome in
                    site.published(failure: outcome.failureText)
                    firstBuild.signal()
                }, stop: { [weak self] in self?.stopped.withLock { self?.isStopped ?? true } ?? true })
            }.start()
            firstBuild.wait()
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            let preview = PreviewServer(siteFolder: out, site: site, port: 0)
            server = Task { try await preview.run { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            client = HTTPTestClient(port: try #require(await iterator.next()))
        }

        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func stop() {
            stopped.withLock { isStopped = true }
            server?.cancel()
            try? FileManager.default.removeItem(at: root)
        }
    }

    @Test func servesPagesAndReloadsThemAfterAnEdit() async throws {
        let session = try await Session()
        defer { session.stop() }
        let page = try session.client.get("/01-one.html")
        #expect(page.status == 200)
        #expect(page.body.contains("42"))
        #expect(page.body.contains("new EventSource(\"/__coursegen/events\")"), "served pages reload")
        let built = try String(contentsOf: session.out.appendingPathComponent("01-one.html"), encoding: .utf8)
        #expect(!built.contains("EventSource"), "the built site carries no preview script")

        let events = try session.client.events()
        #expect(try events.next() == "1", "a page learns the current build at once")
        try session.write("Content/01-one.md", Self.chapter.replacingOccurrences(of: "x = 2", with: "x = 5"))
        #expect(try events.next() == "2", "and the next one after a save")
        let reloaded = try session.client.get("/01-one.html")
        #expect(reloaded.body.contains("105"))
        #expect(!reloaded.body.contains("coursegen-overlay"))
    }

    @Test func aFailedBuildKeepsTheLastGoodPageUnderTheDiagnostics() async throws {
        let session = try await Session()
        defer { session.stop() }
        let events = try session.client.events()
        #expect(try events.next() == "1")
        try session.write("Content/01-one.md", Self.chapter.replacingOccurrences(of: "x = 2", with: "x = 2 < <b>"))
        #expect(try events.next() == "2")
        let page = try session.client.get("/01-one.html")
        #expect(page.body.contains("42"), "the last good page")
        #expect(page.body.contains("id=\"coursegen-overlay\""))
        #expect(page.body.contains("Content/01-one.md:4:"), "file:line:col: \(page.body)")
        #expect(page.body.contains("4 | x = 2 &lt; &lt;b&gt;"), "the excerpt, escaped")
        #expect(!page.body.contains("x = 2 < <b>"))
        #expect(page.body.contains("  |"), "the caret line")

        try session.write("Content/01-one.md", Self.chapter)
        #expect(try events.next() == "3")
        #expect(!(try session.client.get("/01-one.html").body.contains("coursegen-overlay")), "fixed: the overlay goes")
    }

    @Test func nothingOutsideTheSiteIsServed() async throws {
        let session = try await Session()
        defer { session.stop() }
        try session.write("grading/01-one.json", "SECRET-KEY")
        try FileManager.default.createSymbolicLink(
            atPath: session.out.appendingPathComponent("key").path, withDestinationPath: session.root.appendingPathComponent("grading/01-one.json").path)
        try FileManager.default.createSymbolicLink(
            atPath: session.out.appendingPathComponent("up").path, withDestinationPath: session.root.path)
        let attempts = [
            "/../grading/01-one.json", "/%2e%2e/grading/01-one.json", "/%2E%2E%2Fgrading%2F01-one.json",
            "/..%2fgrading/01-one.json", "/plots/../../grading/01-one.json", "/key", "/up/grading/01-one.json",
            "/up/Content/01-one.md", "/.coursegen-site", "/%00", "//etc/passwd", "/../.coursegen-cache",
        ]
        for target in attempts {
            let reply = try session.client.get(target)
            #expect(reply.status == 404, "\(target): \(reply.status)")
            #expect(!reply.body.contains("SECRET-KEY") && !reply.body.contains("x = 2"), "\(target)")
        }
        #expect(try session.client.get("/").status == 200)
    }

    @Test func siteFilesResolveOnlyInsideTheSite() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("coursegen-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("plots"), withIntermediateDirectories: true)
        try Data("a".utf8).write(to: site.appendingPathComponent("index.html"))
        try Data("b".utf8).write(to: site.appendingPathComponent("plots/a b.svg"))
        let files = SiteFiles(root: site)
        #expect(files.file(for: "/")?.lastPathComponent == "index.html")
        #expect(files.file(for: "/plots/a%20b.svg")?.lastPathComponent == "a b.svg")
        #expect(files.file(for: "/plots/")?.lastPathComponent == nil, "a folder without index.html")
        #expect(files.file(for: "/plots/%2e%2e/index.html") == nil)
        #expect(files.file(for: "relative") == nil)
    }
}
