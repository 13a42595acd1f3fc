import Foundation
import Testing

/// The site students read: formulas typeset at build time, nothing fetched from the network.
@Suite struct MathSiteTests {
    /// What a reader sees of a page: tags, the MathML annotations (which keep the TeX on
    /// purpose), code and comments removed, entities decoded.
    static func visibleText(_ html: String) -> String {
        var text = html
        for pattern in [#"<annotation encoding="application/x-tex">.*?</annotation>"#, #"<pre\b.*?</pre>"#,
                        #"<code\b.*?</code>"#, #"<!--.*?-->"#, #"<[^>]*>"#] {
            text = text.replacingOccurrences(of: "(?s)" + pattern, with: " ", options: [.regularExpression])
        }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func pages() throws -> [(name: String, html: String)] {
        let site = try BundledCourseTests.built.get()
        return try FileManager.default.contentsOfDirectory(atPath: site.path).filter { $0.hasSuffix(".html") }.sorted()
            .map { ($0, try String(contentsOf: site.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test func bundledCourseLeavesNoRawTeXInThePageText() throws {
        var formulas = 0
        for (name, html) in try Self.pages() {
            let text = Self.visibleText(html)
            for marker in ["$", #"\("#, #"\)"#, #"\["#, #"\]"#, #"\frac"#, #"\partial"#] {
                #expect(!text.contains(marker), "\(name) shows raw TeX '\(marker)'")
            }
            #expect(!html.contains("katex-error"), "\(name) has a formula KaTeX could not typeset")
            formulas += html.components(separatedBy: #"<annotation encoding="application/x-tex">"#).count - 1
        }
        #expect(formulas > 200)
    }

    @Test func noPageOrStylesheetRequestsAnythingFromTheNetwork() throws {
        let site = try BundledCourseTests.built.get()
        var checked = 0
        let files = FileManager.default.enumerator(atPath: site.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".html") || file.hasSuffix(".css") {
            let text = try String(contentsOf: site.appendingPathComponent(file), encoding: .utf8)
            // `xmlns="http://www.w3.org/1998/Math/MathML"` names a namespace; nothing is fetched.
            let references = text.matches(of: /(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\/|url\(\s*["']?\s*(?:https?:)?\/\/|@import/)
            #expect(references.isEmpty, "\(file) loads something from the network")
            // Scripts are the site's own (assets/); a formula needs none to be read.
            for script in text.matches(of: /<script[^>]*>/) {
                #expect(script.output == "<script>" || script.output.contains(#"src="assets/"#), "\(file): \(script.output)")
            }
            #expect(!text.contains("katex.min.js"), "\(file) loads KaTeX's script")
            checked += 1
        }
        #expect(checked >= 8)
        #expect(files.contains("assets/katex/katex.min.css"))
        #expect(files.contains { $0.hasPrefix("assets/katex/fonts/KaTeX_Main-Regular.woff2") })
    }

    @Test func aTeXMistakeIsACompilerStyleErrorAndWarnModeBuildsAnyway() throws {
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Content"), withIntermediateDirectories: true)
        try Data("# 章\n\n損失 $L = \\frac12 (y - t)^2 + \\lamda$ を最小にする。\n".utf8)
            .write(to: folder.appendingPathComponent("Content/01-a.md"))
        let templates = Coursegen.repository.appendingPathComponent("Sources/CourseBuilder/Templates").path

        let failed = try Coursegen.run(["build", "Content", "--templates", templates], in: folder)
        #expect(failed.status != 0)
        #expect(failed.stderr == #"""
            Content/01-a.md:3:29: error: cannot typeset math: Undefined control sequence: \lamda
            3 | 損失 $L = \frac12 (y - t)^2 + \lamda$ を最小にする。
              |                               ^
            note: build with --math-errors warn to publish the page with this formula's TeX marked as an error

            """#)

        let warned = try Coursegen.run(["build", "Content", "--templates", templates, "--math-errors", "warn"], in: folder)
        #expect(warned.status == 0)
        #expect(warned.stderr.hasPrefix("Content/01-a.md:3:29: warning: cannot typeset math: Undefined control sequence: \\lamda\n"))
        let page = try String(contentsOf: folder.appendingPathComponent("site/01-a.html"), encoding: .utf8)
        #expect(page.contains(#"<span class="katex-error" title="Undefined control sequence: \lamda">L = \frac12 (y - t)^2 + \lamda</span>"#))
    }

    @Test func withoutNodeTheBuildSaysHowToInstallIt() throws {
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Content"), withIntermediateDirectories: true)
        try Data("# 章\n\n$x$\n".utf8).write(to: folder.appendingPathComponent("Content/01-a.md"))
        let process = Process()
        process.executableURL = Coursegen.executable
        process.arguments = ["build", "Content", "--templates", Coursegen.repository.appendingPathComponent("Sources/CourseBuilder/Templates").path]
        process.currentDirectoryURL = folder
        process.environment = ["PATH": folder.path]  // no node there
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(stderr == """
            error: cannot typeset math: no 'node' on PATH
            note: run scripts/setup.sh, which installs node's KaTeX from Debian (katex, libjs-katex, fonts-katex)

            """)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("site").path))
    }
}
