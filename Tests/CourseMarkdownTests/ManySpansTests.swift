import CourseMarkdown
import Diagnostics
import Testing

/// One paragraph may hold any number of spans: locating each must not recount the line from its
/// start (nor rescan the spans of its line). Before, time grew with the square of the spans
/// (40 000 `$x$` took 5.5 s in a release build, 200 000 did not finish in 60 s; with 200 000
/// these tests had not finished after 2 minutes); now 50 000 take about a second in a debug
/// build. Not timed (no timing in unit tests): a regression shows as a test that does not
/// finish. `Benchmarks/spans/` has the timings.
@Suite("Many spans in one paragraph")
struct ManySpansTests {
    static let count = 50_000

    @Test func mathSpansOnOneLine() {
        // "é " is two characters but three bytes: columns must count characters.
        let line = Array(repeating: "é $x$", count: Self.count).joined(separator: " ")
        let document = MarkdownDocument(parsing: "# T\n\n" + line + "\n", file: "c.md")
        #expect(document.math.count == Self.count)
        // Span k (0-based) starts after k × "é $x$ " (6 characters) and "é ".
        for k in [0, 1, Self.count / 2, Self.count - 1] {
            #expect(document.math[k].location == SourceLocation(file: "c.md", line: 3, column: 6 * k + 3))
        }
        #expect(document.render(.gfm) == "# T\n\n" + line + "\n")
    }

    @Test func inlineValuesOnOneLine() {
        let line = Array(repeating: "é `{nn} x`", count: Self.count).joined(separator: " ")
        let document = MarkdownDocument(parsing: "# T\n\n" + line + "\n", file: "c.md")
        #expect(document.inlineCodes.count == Self.count)
        // Span k starts after k × "é `{nn} x` " (11 characters) and "é ".
        for k in [0, 1, Self.count / 2, Self.count - 1] {
            #expect(document.inlineCodes[k].location == SourceLocation(file: "c.md", line: 3, column: 11 * k + 3))
            #expect(document.inlineCodes[k].contentLocation.column == 11 * k + 4)
        }
    }

    @Test func spansOnManyLinesOfOneParagraph() {
        let lines = Array(repeating: "é $x$ `{nn} x`", count: Self.count).joined(separator: "\n")
        let document = MarkdownDocument(parsing: lines + "\n", file: "c.md")
        #expect(document.math.count == Self.count)
        #expect(document.inlineCodes.count == Self.count)
        #expect(document.math.last?.location == SourceLocation(file: "c.md", line: Self.count, column: 3))
        #expect(document.inlineCodes.last?.location == SourceLocation(file: "c.md", line: Self.count, column: 7))
    }
}
