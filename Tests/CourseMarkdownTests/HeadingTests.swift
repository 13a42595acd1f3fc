import CourseMarkdown
import Testing

@Suite("Headings")
struct HeadingTests {
    @Test("GitHub-like anchors", arguments: [
        ("3.1 パーセプトロンと線形分離可能性", "31-パーセプトロンと線形分離可能性"),
        ("Hello, World!", "hello-world"),
        ("第1章：ニューラルネットワークの基礎（MLP）", "第1章ニューラルネットワークの基礎mlp"),
        ("✅ 1.1 復習", "-11-復習"),
        ("活性化関数 $\\sigma(x)$ と `sigmoid`", "活性化関数-sigmax-と-sigmoid"),
        ("snake_case-name", "snake_case-name"),
        ("!!!", "section"),
    ])
    func anchor(_ text: String, _ expected: String) {
        let document = MarkdownDocument(parsing: "## \(text)\n", file: "f.md")
        #expect(document.headings.map(\.anchor) == [expected])
    }

    @Test func duplicatesAreNumbered() {
        let document = MarkdownDocument(parsing: "# 概要\n\n## 概要\n\n## 概要\n\n## 概要-1\n", file: "f.md")
        #expect(document.headings.map(\.anchor) == ["概要", "概要-1", "概要-2", "概要-1-1"])
    }

    @Test func headingsTextAndTitle() {
        let markdown = "## 前書き\n\n# 第2章 *活性化* 関数 $\\sigma$\n\n本文\n\n設定\n---\n\n# 二つ目\n"
        let document = MarkdownDocument(parsing: markdown, file: "f.md")
        #expect(document.headings == [
            Heading(level: 2, text: "前書き", anchor: "前書き"),
            Heading(level: 1, text: "第2章 活性化 関数 $\\sigma$", anchor: "第2章-活性化-関数-sigma"),
            Heading(level: 2, text: "設定", anchor: "設定"),
            Heading(level: 1, text: "二つ目", anchor: "二つ目"),
        ])
        #expect(document.title == "第2章 活性化 関数 $\\sigma$")
        #expect(MarkdownDocument(parsing: "## only\n", file: "f.md").title == nil)
    }

    @Test func htmlHeadingsCarryIdsAndGFMHeadingsDoNot() {
        let markdown = "# 第1章\n\n## 1.1 モデル $y = wx$\n"
        let document = MarkdownDocument(parsing: markdown, file: "f.md")
        #expect(document.render(.html) == """
            <h1 id="第1章">第1章</h1>
            <h2 id="11-モデル-y--wx">1.1 モデル <span class="math inline">\\(y = wx\\)</span></h2>

            """)
        #expect(document.render(.gfm) == markdown)
    }
}
