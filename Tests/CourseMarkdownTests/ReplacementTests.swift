import CourseMarkdown
import Diagnostics
import Testing

@Suite("Replacements")
struct ReplacementTests {
    static let chapter = """
        # 第1章

        入力 $x$ に対して：

        ```nn
        y = sigmoid(x)
        ```

        値は `{nn} y` で、`print` はそのまま。

        ```python
        print(1)
        ```

        """

    static func nnOutput(_ block: CodeBlock) -> String? {
        block.language == "nn" ? "<div class=\"nn-output\">0.731</div>" : nil
    }

    static func inlineValue(_ span: InlineCode) -> String? {
        span.code.hasPrefix("{nn} ") ? "0.731" : nil
    }

    @Test func htmlReplacesOnlyChosenNodes() {
        let document = MarkdownDocument(parsing: Self.chapter, file: "01.md")
        let html = document.render(.html, replacingCodeBlock: Self.nnOutput, replacingInlineCode: Self.inlineValue)
        #expect(html == """
            <h1 id="第1章">第1章</h1>
            <p>入力 <span class="math inline">\\(x\\)</span> に対して：</p>
            <div class="nn-output">0.731</div>
            <p>値は 0.731 で、<code>print</code> はそのまま。</p>
            <pre><code class="language-python">print(1)
            </code></pre>

            """)
    }

    @Test func gfmInsertsMarkdownRaw() {
        let document = MarkdownDocument(parsing: Self.chapter, file: "01.md")
        let gfm = document.render(
            .gfm,
            replacingCodeBlock: { $0.language == "nn" ? "| x | y |\n| --- | --- |\n| 0 | 0.5 |\n" : nil },
            replacingInlineCode: { $0.code.hasPrefix("{nn} ") ? "**0.731**" : nil })
        #expect(gfm == """
            # 第1章

            入力 $x$ に対して：

            | x | y |
            | --- | --- |
            | 0 | 0.5 |

            値は **0.731** で、`print` はそのまま。

            ``` python
            print(1)
            ```

            """)
    }

    @Test func markdownTableInsideListItemKeepsItsIndentation() {
        let markdown = "- 手順：\n\n  ```nn\n  x = 1\n  ```\n- 次\n"
        let document = MarkdownDocument(parsing: markdown, file: "f.md")
        let gfm = document.render(.gfm, replacingCodeBlock: { _ in "| a |\n| --- |\n| 1 |" })
        let reread = MarkdownDocument(parsing: gfm, file: "f.md").render(.html)
        #expect(reread.contains("<li>\n<p>手順：</p>\n<table>"))
    }

    @Test func withoutClosuresNothingIsReplaced() {
        let document = MarkdownDocument(parsing: Self.chapter, file: "01.md")
        #expect(document.render(.html).contains("<pre><code class=\"language-nn\">y = sigmoid(x)\n</code></pre>"))
        #expect(document.render(.html, replacingInlineCode: { _ in nil }).contains("<code>{nn} y</code>"))
        #expect(document.render(.gfm).contains("``` nn\ny = sigmoid(x)\n```"))
    }

    @Test func closuresAreCalledInDocumentOrder() {
        let document = MarkdownDocument(parsing: Self.chapter, file: "01.md")
        var calls: [String] = []
        _ = document.render(.html,
                            replacingCodeBlock: { calls.append("block:" + $0.language); return nil },
                            replacingInlineCode: { calls.append("code:" + $0.code); return nil })
        #expect(calls == ["block:nn", "code:{nn} y", "code:print", "block:python"])
    }

    struct BlockFailed: Error, Equatable { var line: Int }

    @Test func aThrowingClosureStopsRendering() {
        let document = MarkdownDocument(parsing: Self.chapter, file: "01.md")
        #expect(throws: BlockFailed(line: 5)) {
            try document.render(.html, replacingCodeBlock: { (block: CodeBlock) throws(BlockFailed) -> String? in
                throw BlockFailed(line: block.location.line)
            })
        }
    }

    /// The author's raw HTML goes through tagfilter; what the builder inserts does not.
    @Test func tagfilterAppliesToAuthorsHTMLOnly() {
        let markdown = "<script>alert(1)</script>\n\n```nn\nplot(x)\n```\n"
        let document = MarkdownDocument(parsing: markdown, file: "f.md")
        let html = document.render(.html, replacingCodeBlock: { _ in "<style>.plot{}</style><svg></svg>" })
        #expect(html == "&lt;script>alert(1)&lt;/script>\n<style>.plot{}</style><svg></svg>\n")
    }

    @Test func replacementTextIsNotScannedForMath() {
        let document = MarkdownDocument(parsing: "値 `{nn} cost` です\n", file: "f.md")
        #expect(document.render(.html, replacingInlineCode: { _ in "$5 と $x$" }) == "<p>値 $5 と $x$ です</p>\n")
    }
}
