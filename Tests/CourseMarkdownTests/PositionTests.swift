import CourseMarkdown
import Diagnostics
import Testing

/// Locations point into the author's file; columns count characters, not bytes, and are not
/// moved by math hidden from cmark earlier on the line or on earlier lines.
@Suite("Positions")
struct PositionTests {
    static func column(after prefix: String) -> Int { prefix.count + 1 }

    @Test func inlineCodeAfterJapaneseAndMathOnTheSameLine() {
        let before = "入力 $\\mathbf{x} = (x_1, x_2)$ に対して、$w_{ij}^{(1)}$ と "
        let markdown = "# 第1章\n\n" + before + "`{nn} sigmoid(x)` を計算する。\n"
        let document = MarkdownDocument(parsing: markdown, file: "Content/01.md")
        #expect(document.inlineCodes == [InlineCode(
            code: "{nn} sigmoid(x)",
            location: SourceLocation(file: "Content/01.md", line: 3, column: Self.column(after: before)),
            contentLocation: SourceLocation(file: "Content/01.md", line: 3, column: Self.column(after: before) + 1))])
    }

    /// A fence left open in a list item ends with the item, but cmark gives it the end line of
    /// the paragraph that closed the item: that line's code span must still be found where it is
    /// (found by the chapter fuzzer; it was one column off, then past the line).
    @Test func inlineCodeRightAfterAnOpenFenceInAListItem() {
        let document = MarkdownDocument(parsing: "# T\n\n- item\n\n  ```nn\nX `{nn} r(0)`\n", file: "t.md")
        #expect(document.inlineCodes == [InlineCode(
            code: "{nn} r(0)",
            location: SourceLocation(file: "t.md", line: 6, column: 3),
            contentLocation: SourceLocation(file: "t.md", line: 6, column: 4))])
    }

    @Test func positionsAfterMultiLineDisplayMath() {
        let markdown = """
            説明 $$
            y = \\begin{cases} 1 \\\\
            0 \\end{cases}
            $$ から `a` と $b$ で `c`

            ```nn
            y = 1
            ```

            """
        let document = MarkdownDocument(parsing: markdown, file: "f.md")
        #expect(document.inlineCodes.map(\.location) == [
            SourceLocation(file: "f.md", line: 4, column: Self.column(after: "$$ から ")),
            SourceLocation(file: "f.md", line: 4, column: Self.column(after: "$$ から `a` と $b$ で ")),
        ])
        #expect(document.codeBlocks.count == 1)
        #expect(document.codeBlocks.first?.location == SourceLocation(file: "f.md", line: 6, column: 1))
        #expect(document.codeBlocks.first?.firstCodeLine == 7)
        #expect(document.codeBlocks.first?.code == "y = 1\n")
    }

    /// cmark-gfm's own column for a code span on a paragraph's continuation line ignores that
    /// line's indentation; ours does not.
    @Test func inlineCodeOnIndentedAndLazyContinuationLines() {
        let markdown = "- 項目 $x$\n      続き `d`\nlazy `e`\n\n> 引用\n本文 `f`\n"
        let document = MarkdownDocument(parsing: markdown, file: "f.md")
        #expect(document.inlineCodes.map(\.location) == [
            SourceLocation(file: "f.md", line: 2, column: 10),
            SourceLocation(file: "f.md", line: 3, column: 6),
            SourceLocation(file: "f.md", line: 6, column: 4),
        ])
    }

    @Test func inlineCodeInTableCellAfterMath() {
        let markdown = "| 式 | 値 |\n| --- | --- |\n| $|x|$ | 結果 `{nn} y` |\n"
        let document = MarkdownDocument(parsing: markdown, file: "f.md")
        #expect(document.inlineCodes.map(\.code) == ["{nn} y"])
        #expect(document.inlineCodes.first?.location
            == SourceLocation(file: "f.md", line: 3, column: Self.column(after: "| $|x|$ | 結果 ")))
    }

    @Test func codeSpanAcrossLinesStartsOnItsFirstLine() {
        let markdown = "前 `a\nb` 後 `c`\n"
        let document = MarkdownDocument(parsing: markdown, file: "f.md")
        #expect(document.inlineCodes.map(\.code) == ["a b", "c"])
        #expect(document.inlineCodes.map(\.location) == [
            SourceLocation(file: "f.md", line: 1, column: 3),
            SourceLocation(file: "f.md", line: 2, column: 6),
        ])
    }

    @Test func contentLocationSkipsTheStrippedSpace() {
        let document = MarkdownDocument(parsing: "値 `` `x` `` です\n", file: "f.md")
        #expect(document.inlineCodes.first?.code == "`x`")
        #expect(document.inlineCodes.first?.location.column == 3)
        #expect(document.inlineCodes.first?.contentLocation.column == 6)
    }

    @Test func codeBlocksInContainers() {
        let markdown = """
            - 手順：

              ```nn run
              x = 1
              ```

            > ~~~python
            > print(1)
            > ~~~

                indented

            """
        let document = MarkdownDocument(parsing: markdown, file: "f.md")
        #expect(document.codeBlocks == [
            CodeBlock(language: "nn", info: "nn run", code: "x = 1\n",
                      location: SourceLocation(file: "f.md", line: 3, column: 3), firstCodeLine: 4),
            CodeBlock(language: "python", info: "python", code: "print(1)\n",
                      location: SourceLocation(file: "f.md", line: 7, column: 3), firstCodeLine: 8),
            CodeBlock(language: "", info: "", code: "indented\n",
                      location: SourceLocation(file: "f.md", line: 11, column: 5), firstCodeLine: 11, isFenced: false),
        ])
    }

    @Test func windowsLineEndings() {
        let markdown = "# 題\r\n\r\n$$\r\na\r\n$$\r\n値 $x$ は `{nn} x`\r\n\r\n```nn\r\nx = 1\r\n```\r\n"
        let document = MarkdownDocument(parsing: markdown, file: "f.md")
        #expect(document.inlineCodes.first?.location == SourceLocation(file: "f.md", line: 6, column: 9))
        #expect(document.codeBlocks.first?.location == SourceLocation(file: "f.md", line: 8, column: 1))
        #expect(document.math.map(\.location.line) == [3, 6])
    }

    @Test func mathLocations() {
        let document = MarkdownDocument(parsing: "日本語 $a$ と\n\n  $$b$$\n", file: "f.md")
        #expect(document.math.map(\.location) == [
            SourceLocation(file: "f.md", line: 1, column: 5), SourceLocation(file: "f.md", line: 3, column: 3),
        ])
    }
}
