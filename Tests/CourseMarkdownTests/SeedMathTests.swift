import CourseMarkdown
import Diagnostics
import Foundation
import MathTypesetting
import Testing

/// True where node and Debian's KaTeX are installed (`scripts/setup.sh`; CI runs it).
private let katexInstalled = KaTeX.debian.isInstalled

/// Every formula of the four seed documents, recognised by `MarkdownDocument` and typeset by
/// the real KaTeX: what KaTeX still rejects are the seeds' own TeX mistakes, listed here (a new
/// rejection, or a listed formula that now typesets, fails the test).
@Suite("Seed math", .enabled(if: katexInstalled, "node or KaTeX is not installed here: run scripts/setup.sh"))
struct SeedMathTests {
    /// `file:line:column: message` of each formula KaTeX rejects, and why.
    static let knownRejections: [String: String] = [:]

    @Test func everySeedFormulaTypesetsExceptKnownMistakes() throws {
        var rejected: [String] = []
        var total = 0
        for (name, text) in try Fixtures.seeds() {
            let document = MarkdownDocument(parsing: text, file: name)
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            let formulas = document.math.map { span in
                var start = span.location
                start.column += span.isDisplay ? 2 : 1
                let count = span.source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
                let first = start.line - 1
                return Formula(tex: span.tex, isDisplay: span.isDisplay, start: start,
                               sourceLines: lines[first..<min(first + count, lines.count)].map(String.init))
            }
            total += formulas.count
            let typesetter = MathTypesetter(policy: .warn)
            try typesetter.submit(formulas)
            let result = try typesetter.finish()
            rejected += result.diagnostics.map { "\($0.location.map { "\($0)" } ?? name): \($0.message)" }
        }
        #expect(total > 250)
        #expect(Set(rejected) == Set(Self.knownRejections.keys), "\(rejected.joined(separator: "\n"))")
    }
}
