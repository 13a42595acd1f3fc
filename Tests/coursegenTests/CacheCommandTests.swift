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
