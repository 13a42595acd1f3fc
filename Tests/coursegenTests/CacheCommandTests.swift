import Foundation
import Testing

/// `coursegen build` with its cache, and `serve`'s arguments, run as a user would.
@Suite struct CacheCommandTests {
    @Test func buildKeepsItsCacheBesideTheOutputAndPrintsNoProgressIntoAPipe() throws {
        let folder = try BuildOutputTests.project()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try Coursegen.run(["build", "P/Content", "--out", "P/site"], in: folder)
        #expect(first.status == 0)
        #expect(first.stderr == "", "standard error is not a terminal: no progress line")
        let cache = folder.appendingPathComponent("P/.coursegen-cache")
        #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent("chapters").path))
        let built = BuildOutputTests.snapshot(folder.appendingPathComponent("P/site"))
        #expect(try Coursegen.run(["build", "P/Content", "--out", "P/site"], in: folder).status == 0)
        #expect(BuildOutputTests.snapshot(folder.appendingPathComponent("P/site")) == built)
        #expect(BuildOutputTests.snapshot(folder.appendingPathComponent("P/site"))["index.html"] != nil)
    }

    @Test func noCacheLeavesNoCache() throws {
        let folder = try BuildOutputTests.project()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Coursegen.run(["build", "P/Content", "--out", "P/site", "--no-cache"], in: folder).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("P/.coursegen-cache").path))
    }

    @Test func serveRefusesAPortOutOfRange() throws {
        let result = try Coursegen.run(["serve", "Content", "--port", "70000"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--port must be between 0 and 65535"))
    }
}

/// The progress line, on a real terminal (`script` gives the build one).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "no script(1) here"))
struct ProgressTests {
    @Test func aLongTrainingIsNamedOnATerminal() throws {
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Content"), withIntermediateDirectories: true)
        try Data("""
            # 学習

            ```nn
            data = spiral(points = 100, classes = 3, seed = 0)
            net = mlp([2, 10, 3], activation = "relu", seed = 1)
            net = train(net, data, epochs = 1500, rate = 1, loss = "cross_entropy")
            ```
            """.utf8).write(to: folder.appendingPathComponent("Content/01-train.md"))
        let command = "'\(Coursegen.executable.path)' build Content --out site --no-cache"
        let result = try Coursegen.runProgram("/usr/bin/script", ["-qec", command, "/dev/null"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.contains("[0/1] running Content/01-train.md:3 ("), "\(result.stdout)")
        #expect(result.stdout.contains("\r\u{1B}[K"), "the line is erased once the chapters are done")
    }
}

extension Coursegen {
    /// Runs another program (here `script`, which runs coursegen on a terminal of its own).
    static func runProgram(_ path: String, _ arguments: [String], in directory: URL) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = directory.appendingPathComponent("output")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = String(decoding: try Data(contentsOf: output), as: UTF8.self)
        return CommandResult(status: process.terminationStatus, stdout: text, stderr: "")
    }
}
