@testable import CourseBuilder
import Diagnostics
import Foundation
import Testing

/// The site around the chapters: course file, front matter, built-in templates and their
/// overrides, footer, search index, `nn` block display options.
@Suite struct SiteTests {
    typealias Workspace = CourseBuilderTests.Workspace

    static let computed = "# 計算する章\n\n```nn\nx = 2\nshow \"x\": x\n```\n"
    static let prose = "# 読む章\n\n勾配の話です。\n"

    @Test func everyFileOfTheTemplatesFolderIsCompiledIn() throws {
        let folder = CourseBuilderTests.repository.appendingPathComponent("Sources/CourseBuilder/Templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(Set(names) == Set(SiteTemplates.defaults.keys))
        for name in names {
            #expect(Data(SiteTemplates.defaults[name] ?? []) == FileManager.default.contents(atPath: folder.appendingPathComponent(name).path))
        }
    }

    @Test func theCourseFileGivesTitleLanguageDescriptionAndOrder() throws {
        let workspace = try Workspace(chapters: ["01-a.md": Self.computed, "02-b.md": Self.prose])
        defer { workspace.remove() }
        try workspace.write("Content/course.yml", """
            title: 線形代数 <入門>
            description: 行列から固有値まで。
            author: 山田 花子
            language: ja
            chapters: [02-b.md, 01-a.md]
            """)
        #expect(try workspace.build().chapters == ["02-b", "01-a"])
        let index = try workspace.read("index.html")
        #expect(index.contains(#"<html lang="ja">"#))
        #expect(index.contains("<h1>線形代数 &lt;入門&gt;</h1>"))
        #expect(index.contains(#"<p class="description">行列から固有値まで。</p>"#))
        #expect(index.contains(#"<p class="author">山田 花子</p>"#))
        #expect(!index.contains("ニューラルネットワーク"))
        let page = try workspace.read("02-b.html")
        #expect(page.contains("<title>読む章 — 線形代数 &lt;入門&gt;</title>"))
        #expect(page.contains(#"<a class="next" rel="next" href="01-a.html"><small>次の章</small><span>計算する章 →</span></a>"#))
        #expect(page.contains(#"<p class="chapter-label">第1章</p>"#))
    }

    @Test func withoutACourseFileTheFolderNamesTheCourseInEnglish() throws {
        let workspace = try Workspace(chapters: ["01-a.md": Self.prose])
        defer { workspace.remove() }
        _ = try workspace.build()
        let index = try workspace.read("index.html")
        #expect(index.contains(#"<html lang="en">"#) && index.contains("<h1>Content</h1>"))
    }

    @Test(arguments: [
        ("title: [a", "Content/course.yml:2:1: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence"),
        ("title: T\nlanguge: ja", "Content/course.yml:2:1: error: unknown key 'languge' in the course file"),
        ("chapters: 01-a.md", "Content/course.yml:1:11: error: 'chapters' must be a list ('- item' lines)"),
        ("chapters:\n  - 01-a.md\n  - 03-c.md", "Content/course.yml:3:5: error: chapter '03-c.md' does not exist"),
        ("chapters:\n  - 02-b.md", "Content/course.yml:2:5: error: 'Content/01-a.md' is not in the course file's chapter list"),
        ("math-errors: maybe", "Content/course.yml:1:14: error: 'math-errors' is 'error' or 'warn', not 'maybe'"),
        ("missing-links: ignore", "Content/course.yml:1:16: error: 'missing-links' is 'error' or 'warn', not 'ignore'"),
        ("- title", "Content/course.yml:1:1: error: expected 'key: value' lines (a YAML mapping)"),
    ])
    func aMistakeInTheCourseFileIsLocated(text: String, headline: String) throws {
        let workspace = try Workspace(chapters: ["01-a.md": Self.prose, "02-b.md": Self.prose])
        defer { workspace.remove() }
        try workspace.write("Content/course.yml", text)
        let error = try #require(throws: DiagnosticList.self) { try workspace.build() }
        #expect(error.diagnostics.first?.headline == headline)
        #expect(!FileManager.default.fileExists(atPath: workspace.out.path))
    }

    @Test func frontMatterNamesTheChapterIsNotShownAndStaysInTheMarkdown() throws {
        let front = "---\ntitle: \"前置き: はじめに\"\ntopics: [nn, 数学]\npublished: true\n---\n"
        let workspace = try Workspace(chapters: [
            "01-a.md": front + "\n# 見出し\n\n```nn\nx = 1\nshow y\n```\n",
        ])
        defer { workspace.remove() }
        // Lines keep their numbers: the error is on line 11 of the file.
        let error = try #require(throws: DiagnosticList.self) { try workspace.build() }
        #expect(error.diagnostics.first?.headline.hasPrefix("Content/01-a.md:11:6: error: unknown name 'y'") == true, "\(error)")

        try workspace.write("Content/01-a.md", front + "\n# 見出し\n\n本文\n")
        _ = try workspace.build()
        let page = try workspace.read("01-a.html")
        #expect(page.contains("<title>前置き: はじめに — Content</title>"))
        #expect(!page.contains("topics") && !page.contains("published"))
        #expect(try workspace.read("markdown/01-a.md").hasPrefix(front + "# 見出し\n"))
    }

    @Test func aYAMLMistakeInFrontMatterIsLocatedInTheChapter() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "---\ntitle: ok\ntopics: [a\n---\n# A\n"])
        defer { workspace.remove() }
        let error = try #require(throws: DiagnosticList.self) { try workspace.build() }
        #expect(error.diagnostics.first?.headline.hasPrefix("Content/01-a.md:4:1: error: invalid YAML:") == true, "\(error)")
    }

    @Test(arguments: [
        // Marp's header as a formatter left it: the closing fence stretched to 11 dashes.
        ("---\n\nmarp: true\nmath: katex\n-----------\n\n# 本題\n", "本題", true),
        // A thematic break, then a setext heading: Markdown, not front matter.
        ("---\n本文の一行目\n---\n", "01-a", false),
    ])
    func frontMatterFencesAsAuthorsWriteThem(text: String, title: String, isFrontMatter: Bool) throws {
        let workspace = try Workspace(chapters: ["01-a.md": text])
        defer { workspace.remove() }
        _ = try workspace.build()
        let page = try workspace.read("01-a.html")
        #expect(page.contains("<title>\(title) — Content</title>"))
        #expect(page.contains("marp") == false)
        #expect(page.contains("<h2 id=") == !isFrontMatter)
    }

    @Test func theFooterClaimsComputedNumbersOnlyWhereThereAreSome() throws {
        let workspace = try Workspace(chapters: ["01-a.md": Self.computed, "02-b.md": Self.prose])
        defer { workspace.remove() }
        _ = try workspace.build()
        #expect(try workspace.read("01-a.html").contains(#"<footer class="site-footer">"#))
        #expect(try !workspace.read("02-b.html").contains("<footer"))
    }

    @Test func anAuthorsTemplatesReplaceTheBuiltInOnesFileByFile() throws {
        let workspace = try Workspace(chapters: ["01-a.md": Self.prose])
        defer { workspace.remove() }
        try workspace.write("Theme/style.css", "body { color: red; }\n")
        try workspace.write("Theme/header.mustache", "<header>{{course.title}}!</header>\n")
        _ = try workspace.build(templates: "Theme")
        #expect(try workspace.read("assets/style.css") == "body { color: red; }\n")
        #expect(try workspace.read("assets/site.js") == String(decoding: SiteTemplates.defaults["site.js"] ?? [], as: UTF8.self))
        let page = try workspace.read("01-a.html")
        #expect(page.contains("<header>Content!</header>") && page.contains(#"<nav class="sidebar""#))
    }

    @Test func aBrokenTemplateIsReportedAtItsFile() throws {
        let workspace = try Workspace(chapters: ["01-a.md": Self.prose])
        defer { workspace.remove() }
        try workspace.write("Theme/page.mustache", "{{#chapters}}\n")
        let error = try #require(throws: DiagnosticList.self) { try workspace.build(templates: "Theme") }
        #expect(error.diagnostics.first?.headline.hasPrefix("Theme/page.mustache:1:1: error: invalid Mustache template") == true, "\(error)")
    }

    @Test func theSearchIndexFindsJapaneseWordsBySection() throws {
        let workspace = try Workspace(chapters: [
            "01-a.md": "# 第一章\n\n前書き。\n\n## 勾配降下法\n\n勾配を下る。\n\n## 別の節\n\n関係ない話。\n",
        ])
        defer { workspace.remove() }
        _ = try workspace.build()
        let script = try workspace.read("assets/search-index.js")
        let json = try #require(script.firstRange(of: "{").map { script[$0.lowerBound...].dropLast(2) })
        struct Index: Decodable {
            struct Section: Decodable { var chapter, title, href, text: String }
            var sections: [Section]
            var grams: [String: [Int]]
        }
        let index = try JSONDecoder().decode(Index.self, from: Data(json.utf8))
        #expect(index.sections.map(\.href) == ["01-a.html", "01-a.html#勾配降下法", "01-a.html#別の節"])
        #expect(index.sections[1].text == "勾配を下る。")
        #expect(index.grams["勾配"] == [1])
        #expect(index.grams["関係"] == [2])
    }

    @Test func nnBlocksCanFoldOrHideTheirCodeOrHideWhole() throws {
        let workspace = try Workspace(chapters: [
            "01-a.md": """
                # A

                ```nn hide
                secret = 41
                ```

                ```nn hide-code
                show "answer": secret + 1
                ```

                ```nn fold
                show "twice": 2 * secret
                ```

                """,
        ])
        defer { workspace.remove() }
        _ = try workspace.build()
        let page = try workspace.read("01-a.html")
        #expect(!page.contains("secret = 41"))
        #expect(page.contains(#"<div class="nn-block code-hidden">"#) && !page.contains("secret + 1"))
        #expect(page.contains("answer</span> = <span class=\"nn-number\">42"))
        #expect(page.contains(#"<details class="nn-code"><summary>nn</summary>"#) && page.contains("2 * secret"))
        let markdown = try workspace.read("markdown/01-a.md")
        #expect(!markdown.contains("secret = 41") && !markdown.contains("secret + 1"))
        #expect(markdown.contains("<details><summary>nn</summary>\n\n```nn\nshow \"twice\": 2 * secret\n```"))
    }

    @Test func anUnknownBlockOptionIsAnErrorAtTheWord() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# A\n\n```nn hidden\nx = 1\n```\n"])
        defer { workspace.remove() }
        let error = try #require(throws: DiagnosticList.self) { try workspace.build() }
        #expect(error.description.hasPrefix("""
            Content/01-a.md:3:7: error: unknown nn block option 'hidden'
            """), "\(error)")
    }
}

/// Links from a page to other chapters and to files of the content folder.
@Suite struct LocalLinkTests {
    typealias Workspace = CourseBuilderTests.Workspace

    @Test func aLinkToAChapterPointsToItsPageAndLinkedFilesAreCopied() throws {
        let workspace = try Workspace(chapters: [
            "01-a.md": "# A\n\n[次へ](02-b.md#勾配) と [外](https://example.org/x.md)、[B](./02-b.md)。\n\n![図](figures/xor.svg)\n",
            "02-b.md": "# B\n\n## 勾配\n",
        ])
        defer { workspace.remove() }
        try workspace.write("Content/figures/xor.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        _ = try workspace.build()
        let page = try workspace.read("01-a.html")
        #expect(page.contains(#"<a href="02-b.html#%E5%8B%BE%E9%85%8D">次へ</a>"#), "\(page)")
        #expect(page.contains(#"<a href="https://example.org/x.md">外</a>"#))
        #expect(page.contains(#"<a href="02-b.html">B</a>"#))
        #expect(page.contains(#"<img src="figures/xor.svg" alt="図" />"#))
        #expect(try workspace.read("figures/xor.svg") == "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        #expect(try workspace.read("markdown/figures/xor.svg") == "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        #expect(try workspace.read("markdown/01-a.md").contains("[次へ](02-b.md#勾配)"))
    }

    @Test func aMissingFileIsAnErrorWhereTheChapterNamesIt() throws {
        let workspace = try Workspace(chapters: ["01-a.md": "# A\n\n本文 ![図](figures/none.png) と [データ](../secret.txt)\n"])
        defer { workspace.remove() }
        try workspace.write("secret.txt", "not for the site")
        let error = try #require(throws: DiagnosticList.self) { try workspace.build() }
        #expect(error.diagnostics.map(\.headline) == [
            "Content/01-a.md:3:9: error: 'figures/none.png' does not exist in the content folder 'Content'",
            "Content/01-a.md:3:35: error: '../secret.txt' lies outside the content folder 'Content'",
        ])
        #expect(!FileManager.default.fileExists(atPath: workspace.out.path))
    }
}
