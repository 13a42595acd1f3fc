import Diagnostics
import NNLanguage
import Testing

/// Inputs found by review that once crashed or produced invalid output.
@Suite struct SafetyRegressionTests {
    @Test(arguments: [
        #"table "t" x in 0 .. 1e300: "a": x"#,
        #"table "t" x in -6 .. 6 step 1e-300: "a": x"#,
    ])
    func hugeTableRangesAreErrorsNotCrashes(_ source: String) {
        let session = ChapterSession(file: "a.md")
        #expect(throws: DiagnosticList.self) { try session.run(block: source, firstLine: 1) }
    }

    @Test func aRangeRunningBackwardsIsEmpty() throws {
        let session = ChapterSession(file: "a.md")
        let outputs = try session.run(block: #"table "t" x in 6 .. -6 step 1e-300: "a": x"#, firstLine: 1)
        guard case .table(let table) = try #require(outputs.first) else { Issue.record("no table"); return }
        #expect(table.rows.isEmpty)
    }

    @Test func plotsOfHugeValuesHaveNoNaNCoordinates() throws {
        let session = ChapterSession(file: "a.md")
        let outputs = try session.run(block: #"plot "p" "a": [1e308, -1e308]"#, firstLine: 1)
        let svgs = outputs.compactMap { output -> String? in
            if case .plot(let plot) = output { return plot.svg } else { return nil }
        }
        #expect(svgs.count == 1)
        for svg in svgs {
            #expect(!svg.lowercased().contains("nan"))
            #expect(!svg.lowercased().contains("inf"))
        }
    }
}
