import Foundation
import Testing
@testable import PreviewServer

/// The pieces of `serve` that need no server (the server end to end: `ServeCommandTests`).
@Suite struct PreviewServerTests {
    @Test func siteFilesResolveOnlyInsideTheSite() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("coursegen-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("plots"), withIntermediateDirectories: true)
        try Data("a".utf8).write(to: site.appendingPathComponent("index.html"))
        try Data("b".utf8).write(to: site.appendingPathComponent("plots/a b.svg"))
        try Data("k".utf8).write(to: root.appendingPathComponent("key.json"))
        try FileManager.default.createSymbolicLink(
            atPath: site.appendingPathComponent("key").path, withDestinationPath: root.appendingPathComponent("key.json").path)
        let files = SiteFiles(root: site)
        #expect(files.file(for: "/")?.lastPathComponent == "index.html")
        #expect(files.file(for: "/plots/a%20b.svg")?.lastPathComponent == "a b.svg")
        #expect(files.file(for: "/plots/") == nil, "a folder without index.html")
        #expect(files.file(for: "/plots/%2e%2e/index.html") == nil)
        #expect(files.file(for: "/../key.json") == nil)
        #expect(files.file(for: "/key") == nil, "a link out of the site")
        #expect(files.file(for: "relative") == nil)
    }

    @Test func servedPagesCarryTheScriptAndAfterAFailureTheEscapedDiagnostics() {
        let site = LiveSite()
        let page = "<html><body><p>x</p></body></html>"
        #expect(site.served(page).contains(#"const g="0""#))
        #expect(!site.served(page).contains("coursegen-overlay"))
        site.published(failure: "Content/01.md:3:5: error: <b>\n3 | x = <b>\n  |     ^")
        let failed = site.served(page)
        #expect(failed.contains(#"const g="1""#))
        #expect(failed.contains("error: &lt;b&gt;\n3 | x = &lt;b&gt;\n  |     ^"))
        #expect(failed.hasSuffix("</script></body></html>"), "injected before </body>")
        site.published(failure: nil)
        #expect(!site.served(page).contains("coursegen-overlay"))
    }
}
