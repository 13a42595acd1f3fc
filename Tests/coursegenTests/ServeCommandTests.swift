import Foundation
import Testing

/// `coursegen serve` end to end: the real binary on a free loopback port (`--port 0`), asked
/// over real HTTP connections while the test edits the course.
@Suite(.serialized) struct ServeCommandTests {
    static let chapter = """
        # 一

        ```nn
        x = 2
        show "double": x * 21
        ```
        """

    /// A course in a temporary folder and `coursegen serve` running on it.
    final class Session {
        let folder: URL
        let process = Process()
        let client: HTTPTestClient

        init() throws {
            folder = try Coursegen.temporaryDirectory()
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("Content"), withIntermediateDirectories: true)
            try Data(ServeCommandTests.chapter.utf8).write(to: folder.appendingPathComponent("Content/01-one.md"))
            let log = folder.appendingPathComponent("serve.log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.executableURL = Coursegen.executable
            process.arguments = ["serve", "Content", "--port", "0"]
            process.currentDirectoryURL = folder
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            try handle.close()
            var port: Int?
            let deadline = Date().addingTimeInterval(120)
            while port == nil, Date() < deadline, process.isRunning {
                Thread.sleep(forTimeInterval: 0.05)
                let text = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
                port = text.firstMatch(of: /serving http:\/\/127\.0\.0\.1:(\d+)\//).flatMap { Int($0.output.1) }
            }
            client = HTTPTestClient(port: port ?? 1)
            if port == nil { stop() }
            try #require(port != nil, "serve printed no address")
        }

        func write(_ path: String, _ text: String) throws {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        /// The stream of builds, once the first build is in.
        func events() throws -> HTTPTestClient.Events {
            let events = try client.events()
            while try Int(events.next()) ?? 0 < 1 {}
            return events
        }

        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    @Test func servesPagesAndReloadsThemAfterAnEdit() throws {
        let session = try Session()
        defer { session.stop() }
        let events = try session.events()
        let page = try session.client.get("/01-one.html")
        #expect(page.status == 200)
        #expect(page.body.contains("42"))
        #expect(page.body.contains("new EventSource(\"/__coursegen/events\")"), "served pages reload")
        let built = try String(contentsOf: session.folder.appendingPathComponent("site/01-one.html"), encoding: .utf8)
        #expect(!built.contains("EventSource"), "the built site carries no preview script")

        try session.write("Content/01-one.md", Self.chapter.replacingOccurrences(of: "x = 2", with: "x = 5"))
        #expect(try events.next() == "2", "a page hears of the build after a save")
        let reloaded = try session.client.get("/01-one.html")
        #expect(reloaded.body.contains("105"))
        #expect(!reloaded.body.contains("coursegen-overlay"))
    }

    @Test func aFailedBuildKeepsTheLastGoodPageUnderTheDiagnostics() throws {
        let session = try Session()
        defer { session.stop() }
        let events = try session.events()
        try session.write("Content/01-one.md", Self.chapter.replacingOccurrences(of: "x = 2", with: "x = 2 < <b>"))
        #expect(try events.next() == "2")
        let page = try session.client.get("/01-one.html")
        #expect(page.body.contains("42"), "the last good page")
        #expect(page.body.contains("id=\"coursegen-overlay\""))
        #expect(page.body.contains("Content/01-one.md:4:"), "file:line:col")
        #expect(page.body.contains("4 | x = 2 &lt; &lt;b&gt;"), "the excerpt, escaped")
        #expect(!page.body.contains("x = 2 < <b>"))
        #expect(page.body.contains("  |"), "the caret line")

        try session.write("Content/01-one.md", Self.chapter)
        #expect(try events.next() == "3")
        #expect(!(try session.client.get("/01-one.html").body.contains("coursegen-overlay")), "fixed: the overlay goes")
    }

    @Test func aPortInUseFailsBeforeAnythingIsBuilt() throws {
        let session = try Session()
        defer { session.stop() }
        let other = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: other) }
        try FileManager.default.copyItem(at: session.folder.appendingPathComponent("Content"), to: other.appendingPathComponent("Content"))
        let result = try Coursegen.run(["serve", "Content", "--port", "\(session.client.port)"], in: other)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: cannot serve on 127.0.0.1:\(session.client.port): "), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: other.appendingPathComponent("site").path))
    }

    @Test func nothingOutsideTheSiteIsServed() throws {
        let session = try Session()
        defer { session.stop() }
        _ = try session.events()
        try session.write("grading/01-one.json", "SECRET-KEY")
        let site = session.folder.appendingPathComponent("site")
        try FileManager.default.createSymbolicLink(
            atPath: site.appendingPathComponent("key").path,
            withDestinationPath: session.folder.appendingPathComponent("grading/01-one.json").path)
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("up").path, withDestinationPath: session.folder.path)
        let attempts = [
            "/../grading/01-one.json", "/%2e%2e/grading/01-one.json", "/%2E%2E%2Fgrading%2F01-one.json",
            "/..%2fgrading/01-one.json", "/plots/../../grading/01-one.json", "/key", "/up/grading/01-one.json",
            "/up/Content/01-one.md", "/.coursegen-site", "/%00", "//etc/passwd", "/../.coursegen-cache/",
        ]
        for target in attempts {
            let reply = try session.client.get(target)
            #expect(reply.status == 404, "\(target): \(reply.status)")
            #expect(!reply.body.contains("SECRET-KEY") && !reply.body.contains("x = 2"), "\(target)")
        }
        #expect(try session.client.get("/").status == 200)
    }
}

/// `coursegen build --watch`: the same loop, printing each build, without a server.
@Suite struct WatchCommandTests {
    @Test func rebuildsAfterASaveAndReportsAFailure() throws {
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let chapter = folder.appendingPathComponent("Content/01-one.md")
        try FileManager.default.createDirectory(at: chapter.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(ServeCommandTests.chapter.utf8).write(to: chapter)
        let log = folder.appendingPathComponent("watch.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = Coursegen.executable
        process.arguments = ["build", "Content", "--watch"]
        process.currentDirectoryURL = folder
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try handle.close()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        func waitFor(_ text: String) -> String {
            let deadline = Date().addingTimeInterval(120)
            var output = ""
            while Date() < deadline {
                output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
                if output.contains(text) { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return output
        }
        #expect(waitFor("built in").contains("ran 1 of 1 chapter(s)"))
        try Data(ServeCommandTests.chapter.replacingOccurrences(of: "x = 2", with: "x = ").utf8).write(to: chapter)
        let failed = waitFor("build failed")
        #expect(failed.contains("Content/01-one.md:4:5: error:"), "\(failed)")
        #expect(failed.contains("build failed with 1 error(s) in "))
        #expect(failed.contains("ms (01-one.md); the last good site stays"))
        try Data(ServeCommandTests.chapter.replacingOccurrences(of: "x = 2", with: "x = 4").utf8).write(to: chapter)
        #expect(waitFor("rebuilt in").contains("ran 1 of 1 chapter(s), typeset 0 formula(s) (01-one.md)"))
        let page = try String(contentsOf: folder.appendingPathComponent("site/01-one.html"), encoding: .utf8)
        #expect(page.contains("84"))
    }
}
