import CourseMarkdown
import Testing

/// cmark-gfm 0.29 is not thread-safe while parsing (it swaps global character tables; autolinks
/// went missing in 2–20 % of parallel parses). `MarkdownDocument` serialises parsing behind one
/// lock; this is the regression guard: parallel results must equal sequential ones.
@Suite("Concurrency")
struct ConcurrencyTests {
    static func chapter(_ index: Int) -> String {
        """
        # 第\(index)章 www.example\(index).com

        詳しくは https://example.org/notes/\(index) と www.github.com/course/\(index) を、
        質問は teacher\(index)@example.ac.jp へ。~~古い~~ 情報は <https://old.example/\(index)>。

        | 入力 $x_\(index)$ | 出力 |
        | --- | --- |
        | http://a.example/\(index) | $|w_{ij}^{(\(index))}|$ |

        - [x] 済み www.done\(index).example
        - [ ] 未 `{nn} y\(index)`

        ```nn
        y\(index) = sigmoid(\(index))
        ```

        """
    }

    struct Result: Equatable, Sendable {
        var html: String
        var gfm: String
        var codeBlocks: [CodeBlock]
        var inlineCodes: [InlineCode]
        var headings: [Heading]

        init(_ source: String, _ index: Int) {
            let document = MarkdownDocument(parsing: source, file: "\(index).md")
            html = document.render(.html, replacingCodeBlock: { "<pre>\($0.code)</pre>" })
            gfm = document.render(.gfm)
            codeBlocks = document.codeBlocks
            inlineCodes = document.inlineCodes
            headings = document.headings
        }
    }

    @Test func parallelParsingAndRenderingEqualsSequential() async {
        let tasks = 8
        let perTask = 50
        let sources = (0..<(tasks * perTask)).map(Self.chapter)
        let sequential = sources.enumerated().map { Result($0.element, $0.offset) }
        #expect(sequential[7].html.contains("<a href=\"http://www.example7.com\">www.example7.com</a>"))
        #expect(sequential[7].html.contains("<a href=\"mailto:teacher7@example.ac.jp\">"))

        let parallel = await withTaskGroup(of: [(Int, Result)].self) { group in
            for task in 0..<tasks {
                group.addTask {
                    (0..<perTask).map { offset in
                        let index = offset * tasks + task
                        return (index, Result(sources[index], index))
                    }
                }
            }
            var results: [Int: Result] = [:]
            for await batch in group {
                for (index, result) in batch { results[index] = result }
            }
            return results
        }
        let differing = sources.indices.filter { parallel[$0] != sequential[$0] }
        #expect(differing.isEmpty, "\(differing.count) of \(sources.count) documents differ when parsed in parallel")
    }
}
