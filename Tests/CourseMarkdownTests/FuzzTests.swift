import CourseMarkdown
import Foundation
import Testing

/// Chapters stitched from awkward fragments: nothing crashes, no token is left over, every formula
/// survives `.gfm` in order. (No footnote definitions: cmark drops unreferenced ones and moves the
/// others to the end. Tables are whole: cmark drops cells beyond the header's count.)
@Suite("Fuzz")
struct FuzzTests {
    static let fragments = [
        "$x$", "$$", "$", "\\$", "`", "``", "`$a$`", "$a_1 = w_1x$", "$2*x*y$", "$|x|$", "**", "_", "*",
        "\n", "\n\n", "\n> ", "\n- ", "\n1. ", "\n    ", "\n```nn\n", "\n```\n", "\n\n| a $|x|$ | `b` |\n|---|---|\n| $c$ | d |\n\n",
        " | ", "日本語", "テキスト", " ", "\\\\", "$$\n\\begin{cases} a \\\\\n b \\end{cases}\n$$", "<b>", "</b>",
        "<!-- c -->", "www.example.com ", "[l](u)", "![i](p)", "# ", "\n## ", "\n---\n", "~~",  
        "\r\n", "\t", "5", "a", "=", "\n===\n",
    ]

    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    static func joined(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 == 0x0A || $0 == 0x0D ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    @Test func randomChapters() {
        var generator = Generator(state: 42)
        for round in 0..<3000 {
            let count = Int.random(in: 1...30, using: &generator)
            let source = (0..<count).map { _ in Self.fragments.randomElement(using: &generator)! }.joined()
            let document = MarkdownDocument(parsing: source, file: "f.md")
            let html = document.render(.html, replacingCodeBlock: { _ in "<div>r</div>" },
                                       replacingInlineCode: { _ in "<i>c</i>" })
            #expect(!html.contains("CgMk"), "round \(round): token left in HTML for \(source.debugDescription)")
            let gfm = document.render(.gfm)
            #expect(!gfm.contains("CgMk"), "round \(round): token left in GFM for \(source.debugDescription)")
            var rest = gfm[...]
            for span in document.math {
                // A formula in a heading has its line breaks turned into spaces in `.gfm`.
                let candidates = [rest.range(of: span.source), rest.range(of: Self.joined(span.source))].compactMap { $0 }
                guard let range = candidates.min(by: { $0.lowerBound < $1.lowerBound }) else {
                    Issue.record("round \(round): \(span.source.debugDescription) lost from \(source.debugDescription)")
                    break
                }
                rest = rest[range.upperBound...]
            }
        }
    }
}
