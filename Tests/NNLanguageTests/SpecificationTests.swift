import Diagnostics
import Foundation
import NNLanguage
import Testing

/// The specification's examples are tests: every `nn` block of docs/nn-language.md runs, each
/// in a fresh chapter, without a diagnostic.
@Suite struct SpecificationTests {
    static let specification: String = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/nn-language.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// (line of the first code line, code) for each ```nn block.
    static var blocks: [(Int, String)] {
        var result: [(Int, String)] = []
        var current: [String]?
        var start = 0
        for (i, line) in specification.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line == "```nn" {
                current = []
                start = i + 2
            } else if current != nil, line == "```" {
                result.append((start, current!.joined(separator: "\n")))
                current = nil
            } else if current != nil {
                current!.append(String(line))
            }
        }
        return result
    }

    @Test func everyExampleBlockRuns() throws {
        let blocks = Self.blocks
        #expect(blocks.count >= 8)
        for (line, code) in blocks {
            let session = ChapterSession(file: "docs/nn-language.md")
            do {
                _ = try session.run(block: code, firstLine: line)
            } catch {
                Issue.record("example at line \(line) failed:\n\(error)")
            }
        }
    }

    @Test func formatTableOfTheSpecification() {
        let rows: [(String, [String])] = [
            ("", ["3.8147×10⁻⁶", "0.731059", "-6"]),
            (".3f", ["0.000", "0.731", "-6.000"]),
            (".2e", ["3.81e-06", "7.31e-01", "-6.00e+00"]),
            (".1x", ["3.8×10⁻⁶", "7.3×10⁻¹", "-6.0"]),
            (".3g", ["3.81×10⁻⁶", "0.731", "-6"]),
            (".1%", ["0.0%", "73.1%", "-600.0%"]),
            ("d", ["0", "1", "-6"]),
        ]
        let values = [0.000003814697, 0.7310586, -6]
        for (code, expected) in rows {
            let format = code.isEmpty ? NumberFormat.automatic : NumberFormat(code)!
            #expect(values.map(format.format) == expected, "format \(code)")
            // The spec's table must say the same.
            let cells = expected.map { "`\($0)`" }
            #expect(Self.specification.contains(cells.joined(separator: " | ")), "spec row for \(code)")
        }
        #expect(NumberFormat("-.3f") == nil)
        #expect(NumberFormat(".3q") == nil)
        #expect(NumberFormat.fixed(2).format(-0.001) == "0.00")
        #expect(NumberFormat.automatic.format(.infinity) == "∞")
        #expect(NumberFormat.automatic.format(1234567) == "1.23457×10⁶")
        #expect(NumberFormat.automatic.format(0.1 + 0.2) == "0.3")
    }

    @Test func continuationLinesAndMultilineStrings() throws {
        let outputs = try run("""
            W = [[1, 2],
                 [3, 4]]
            total = 1 +
                2 +
                3
            note = \"\"\"
                一行目
                  二行目
                \"\"\"
            show W, total, note
            """)
        #expect(shown(outputs) == ["W = [[1, 2], [3, 4]]", "total = 6", "note = 一行目\n  二行目"])
    }

    @Test func keywordsAreOnlyKeywordsAtTheStartOfAStatement() throws {
        let outputs = try run("table = 3\nshow = table + 1\nshow show, table")
        #expect(shown(outputs) == ["show = 4", "table = 3"])
    }

    @Test func unicodeNamesAndAliases() throws {
        let outputs = try run("η = 0.1\n重み = [1, 2]\nshow η × 重み, 3 − 1, 2 ≤ 3")
        #expect(shown(outputs) == ["η × 重み = [0.1, 0.2]", "3 − 1 = 2", "2 ≤ 3 = 1"])
    }

    @Test func stringsKeepLatexBackslashes() throws {
        let outputs = try run(#"show "$\partial L / \partial w_1$ は \"勾配\"""#)
        #expect(shown(outputs) == [#""$\partial L / \partial w_1$ は \"勾配\"" = $\partial L / \partial w_1$ は "勾配""#])
    }
}
