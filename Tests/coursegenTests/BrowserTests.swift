import Foundation
import Testing

/// Opens every page of the bundled course in headless Chromium from `file://`, as a student
/// reading offline would: scripts run without a console error, no formula is left as raw TeX,
/// every link (sidebar, previous/next, search results) reaches an existing page and anchor,
/// and `search.html?q=勾配` lists sections. Screenshots at 1280 and 375 px are kept in
/// `$COURSEGEN_ARTEFACTS` (default: `coursegen-browser-artefacts` in the temporary folder).
@Suite(.serialized, .enabled(if: Chromium.path != nil, "no Chromium: run scripts/setup.sh (Debian's chromium) to open the site in a browser"))
struct BrowserTests {
    /// The bundled course, built from a folder that is not the repository (built-in templates).
    static let site: Result<URL, any Error> = Result {
        let folder = try Coursegen.temporaryDirectory()
        let content = Coursegen.repository.appendingPathComponent("Content").path
        let result = try Coursegen.run(["build", content, "--out", "site"], in: folder)
        guard result.status == 0 else { throw BundledCourseTests.BuildFailed(stderr: result.stderr) }
        return folder.appendingPathComponent("site")
    }

    static let chapters = ["01-perceptron", "02-mlp-xor", "03-activations", "04-backprop", "05-vanishing-gradients", "06-spiral-mlp"]

    @Test func theHarnessSeesAConsoleError() throws {
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("boom.html")
        try Data("<script>console.error('boom-test')</script>".utf8).write(to: page)
        #expect(try Chromium.open(page.absoluteString).consoleErrors.contains { $0.contains("boom-test") })
    }

    @Test func everyPageRendersWithoutConsoleErrorsRawTeXOrBrokenLinks() async throws {
        let site = try Self.site.get()
        let pages = ["index.html", "search.html?q=勾配"] + Self.chapters.map { "\($0).html" }
        let opened = try await Chromium.openAll(pages.map { site.appendingPathComponent($0).absoluteString.removingPercentEncoding! })
        for (page, result) in zip(pages, opened) {
            #expect(result.consoleErrors.isEmpty, "\(page): \(result.consoleErrors)")
            let text = Chromium.visibleText(result.dom)
            for delimiter in [#"\("#, #"\)"#, #"\["#, #"\]"#, "$$"] {
                #expect(!text.contains(delimiter), "\(page) shows raw TeX '\(delimiter)'")
            }
            #expect(text.range(of: #"\$[^\s$][^$]*\$"#, options: .regularExpression) == nil, "\(page) shows $…$")
            for link in Chromium.links(in: result.dom) {
                #expect(Self.resolves(link, from: site), "\(page) links to '\(link)', which does not exist")
            }
        }
        for (index, chapter) in Self.chapters.enumerated() {
            let dom = opened[index + 2].dom
            if index > 0 { #expect(dom.contains(#"rel="prev" href="\#(Self.chapters[index - 1]).html""#)) }
            if index + 1 < Self.chapters.count { #expect(dom.contains(#"rel="next" href="\#(Self.chapters[index + 1]).html""#), "\(chapter)") }
            #expect(dom.contains(#"class="katex""#), "\(chapter) has typeset math")
        }
    }

    @Test func aSearchDeepLinkListsSectionsForAJapaneseWord() throws {
        let site = try Self.site.get()
        let result = try Chromium.open(site.appendingPathComponent("search.html").absoluteString + "?q=勾配消失")
        #expect(result.consoleErrors.isEmpty, "\(result.consoleErrors)")
        let links = Chromium.links(in: result.dom)
        #expect(links.contains("05-vanishing-gradients.html#勾配消失"), "\(links)")
        #expect(result.dom.contains("<mark>勾配消失</mark>"))
        #expect(result.dom.firstMatch(of: /id="search-status"[^>]*>\d+ 件</) != nil)
        let none = try Chromium.open(site.appendingPathComponent("search.html").absoluteString + "?q=存在しない語句")
        #expect(none.dom.contains(#">見つかりませんでした</p>"#))
    }

    @Test func screenshotsAtDesktopAndPhoneWidths() throws {
        let site = try Self.site.get()
        let artefacts = URL(fileURLWithPath: ProcessInfo.processInfo.environment["COURSEGEN_ARTEFACTS"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("coursegen-browser-artefacts").path)
        try FileManager.default.createDirectory(at: artefacts, withIntermediateDirectories: true)
        let page = site.appendingPathComponent("04-backprop.html").absoluteString
        for width in [1280, 375] {
            let png = artefacts.appendingPathComponent("04-backprop-\(width).png")
            try? FileManager.default.removeItem(at: png)
            try Chromium.screenshot(page, width: width, height: 1600, to: png)
            let data = try Data(contentsOf: png)
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG at \(png.path)")
            // The PNG's width (big-endian at byte 16) is the window's: nothing overflows sideways.
            #expect(data.count > 24 && data[16..<20].reduce(0) { $0 << 8 | Int($1) } == width)
        }
    }

    /// A course whose chapter titles, table caption and plot caption hold math.
    static let mathCourse: Result<URL, any Error> = Result {
        let folder = try Coursegen.temporaryDirectory()
        let content = folder.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data("language: ja\ntitle: 数式の講義\n".utf8).write(to: content.appendingPathComponent("course.yml"))
        try Data(#"""
            # 活性化 $\sigma(x)$ と $\tanh$

            値は @tbl-values に、定義は @eq-sigmoid にある。

            ```math {#eq-sigmoid}
            \sigma(x) = \frac{1}{1 + e^{-x}}
            ```

            | $x$ | $\sigma(x)$ | $\tanh(x)$ |
            | --- | --- | --- |
            | $-1$ | 0.269 | −0.762 |
            | $0$ | 0.5 | 0 |
            | $1$ | 0.731 | 0.762 |

            : 活性化関数 $\sigma$ と $\tanh$ の値 {#tbl-values}

            ```nn hide-code
            plot "$\sigma(x)$ と $\tanh(x)$" x in -3 .. 3: "σ": sigmoid(x), "tanh": tanh(x)
            ```

            """#.utf8).write(to: content.appendingPathComponent("01-activation.md"))
        try Data("---\ntitle: 損失 $L(w)$ の勾配 $\\nabla L$\n---\n\n本文。\n".utf8)
            .write(to: content.appendingPathComponent("02-gradient.md"))
        let result = try Coursegen.run(["build", "Content", "--out", "site"], in: folder)
        guard result.status == 0 else { throw BundledCourseTests.BuildFailed(stderr: result.stderr) }
        return folder.appendingPathComponent("site")
    }

    @Test func mathInTitlesCaptionsAndNavigationIsTypesetInTheBrowser() async throws {
        let site = try Self.mathCourse.get()
        let pages = ["index.html", "01-activation.html", "02-gradient.html"]
        let opened = try await Chromium.openAll(pages.map { site.appendingPathComponent($0).absoluteString })
        for (page, result) in zip(pages, opened) {
            #expect(result.consoleErrors.isEmpty, "\(page): \(result.consoleErrors)")
            let text = Chromium.visibleText(result.dom)
            #expect(!text.contains("$"), "\(page) shows a raw '$'")
            for delimiter in [#"\("#, #"\["#] { #expect(!text.contains(delimiter), "\(page) shows raw TeX '\(delimiter)'") }
            #expect(result.dom.contains(#"href="assets/katex/katex.min.css""#), "\(page) loads KaTeX's stylesheet")
        }
        let chapter = opened[1].dom
        #expect(chapter.contains(#"<table id="tbl-values">"#))
        #expect(chapter.firstMatch(of: /<caption><span class="caption-number">表 1\.1<\/span> 活性化関数 <span class="math inline"><span class="katex">/) != nil)
        #expect(chapter.firstMatch(of: /<figcaption><span class="math inline"><span class="katex">/) != nil)
        #expect(chapter.contains(#"alt="\sigma(x) と \tanh(x)""#))
        #expect(opened[2].dom.contains("<title>損失 L(w) の勾配 \\nabla L — 数式の講義</title>"))
    }

    @Test func screenshotsOfMathTitlesAndACaptionedTable() throws {
        let site = try Self.mathCourse.get()
        let artefacts = URL(fileURLWithPath: ProcessInfo.processInfo.environment["COURSEGEN_ARTEFACTS"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("coursegen-browser-artefacts").path)
        try FileManager.default.createDirectory(at: artefacts, withIntermediateDirectories: true)
        for (page, height) in [("01-activation", 1100), ("index", 700)] {
            for width in [1280, 375] {
                let png = artefacts.appendingPathComponent("math-\(page)-\(width).png")
                try? FileManager.default.removeItem(at: png)
                try Chromium.screenshot(site.appendingPathComponent("\(page).html").absoluteString, width: width, height: height, to: png)
                let data = try Data(contentsOf: png)
                #expect(data.count > 24 && data[16..<20].reduce(0) { $0 << 8 | Int($1) } == width)
            }
        }
    }

    /// A relative link resolves to a file of the site, and its fragment to an element id.
    static func resolves(_ link: String, from site: URL) -> Bool {
        let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0]).split(separator: "?").first.map(String.init) ?? ""
        guard let file = path.removingPercentEncoding else { return false }
        let target = file.isEmpty ? nil : site.appendingPathComponent(file)
        if let target, !FileManager.default.fileExists(atPath: target.path) { return false }
        guard parts.count == 2, let fragment = parts[1].removingPercentEncoding, !fragment.isEmpty, let target else { return true }
        let html = (try? String(contentsOf: target, encoding: .utf8)) ?? ""
        return html.contains(#"id="\#(fragment)""#)
    }
}

/// Headless Chromium driven from the command line (see ../shared/BROWSER-AND-MATH-NOTES.md).
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Opened: Sendable {
        var dom: String
        var consoleErrors: [String]
    }

    static let baseArguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                                "--disable-extensions", "--allow-file-access-from-files"]

    /// The DOM after scripts ran, and every console message: Chromium logs `console.error` and
    /// `console.log` alike at INFO, and the site's scripts write neither, so any is a failure.
    static func open(_ url: String) throws -> Opened {
        let (out, err) = try run(baseArguments + ["--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", "--dump-dom", url])
        let errors = err.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Opened(dom: out, consoleErrors: errors)
    }

    /// Opens pages two at a time (the machine has two cores).
    static func openAll(_ urls: [String]) async throws -> [Opened] {
        var results: [Opened] = []
        for start in stride(from: 0, to: urls.count, by: 2) {
            let batch = Array(urls[start..<min(start + 2, urls.count)])
            results += try await withThrowingTaskGroup(of: (Int, Opened).self) { group in
                for (offset, url) in batch.enumerated() { group.addTask { (offset, try open(url)) } }
                var opened: [(Int, Opened)] = []
                for try await item in group { opened.append(item) }
                return opened.sorted { $0.0 < $1.0 }.map(\.1)
            }
        }
        return results
    }

    static func screenshot(_ url: String, width: Int, height: Int, to png: URL) throws {
        _ = try run(baseArguments + ["--window-size=\(width),\(height)", "--virtual-time-budget=3000", "--screenshot=\(png.path)", url])
    }

    /// The text a reader sees: scripts, styles, code, and MathML annotations (the author's TeX,
    /// kept for copy-paste) removed, then every tag.
    static func visibleText(_ dom: String) -> String {
        // NSRegularExpression: Swift's Regex takes minutes on a 400 KB page with a backreference.
        var text = dom
        for pattern in [#"<(script|style|annotation|pre|code)\b[^>]*>.*?</\1>"#, "<[^>]*>"] {
            let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
            text = regex.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
        }
        return text
    }

    /// Every relative `href` of the page (links to other sites would fail offline).
    static func links(in dom: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"<a [^>]*href="([^"]*)""#)
        return regex.matches(in: dom, range: NSRange(dom.startIndex..., in: dom))
            .compactMap { Range($0.range(at: 1), in: dom).map { String(dom[$0]) } }
            .filter { !$0.hasPrefix("http:") && !$0.hasPrefix("https:") && !$0.hasPrefix("mailto:") }
            .map { $0.replacingOccurrences(of: "&amp;", with: "&") }
    }

    private static func run(_ arguments: [String]) throws -> (String, String) {
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "chromium")
        process.arguments = ["--user-data-dir=\(folder.appendingPathComponent("profile").path)"] + arguments
        let outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return (String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
