import CourseMarkdown
import Testing

/// What imported notes write for other renderers: Zenn's `:::message` and `:::details` (an aside
/// and a fold in the page) and Marp's `<style>` block (left out of the page); the GFM rendition
/// keeps each as written.
struct ZennContainerTests {
    static let text = """
        # 章

        :::message
        **注意**: $x$ は入力。
        :::

        :::message alert
        警告
        :::

        ::::details 解答 <例>
        :::message
        入れ子
        :::
        ```nn
        :::
        ```
        ::::

        :::
        """

    @Test func containersBecomeAnAsideAndAFold() {
        let document = MarkdownDocument(parsing: Self.text, file: "a.md")
        let html = document.render(.html)
        #expect(html.contains("<aside class=\"message\">\n<p><strong>注意</strong>: "))
        #expect(html.contains("<aside class=\"message alert\">\n<p>警告</p>\n</aside>"))
        #expect(html.contains("<details><summary>解答 &lt;例&gt;</summary>\n<aside class=\"message\">\n<p>入れ子</p>\n</aside>\n<pre><code class=\"language-nn\">:::\n</code></pre>\n</details>"))
        // A `:::` with nothing open is text; the code block is still the document's only one.
        #expect(html.hasSuffix("</details>\n<p>:::</p>\n"))
        #expect(document.codeBlocks.map(\.code) == [":::\n"])
        #expect(!document.math.isEmpty)
        #expect(document.render(.gfm).contains(":::message\n**注意**: $x$ は入力。\n:::"))
    }

    @Test func crlfAndAnUnclosedContainer() {
        let html = MarkdownDocument(parsing: ":::details 続き\r\n本文\r\n", file: "a.md").render(.html)
        #expect(html == "<details><summary>続き</summary>\n<p>本文</p>\n</details>\n")
    }

    /// Marp's slide stylesheet in imported notes: not shown as text, not applied to the site.
    @Test func aStyleBlockIsLeftOutOfThePage() {
        let document = MarkdownDocument(parsing: "<style>\nsection { color: red; }\n</style>\n\n本文 <style>x</style>\n", file: "a.md")
        #expect(document.render(.html) == "<p>本文 &lt;style>x&lt;/style></p>\n")
        #expect(document.render(.gfm).hasPrefix("<style>\nsection { color: red; }\n</style>"))
    }
}
