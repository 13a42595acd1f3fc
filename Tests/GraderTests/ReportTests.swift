import TextEscaping
import Foundation
import Testing
@testable import Grader

@Suite struct ReportTests {
    static let sample: Report = Fixtures.grade(student: "=cmd|' /C calc'!A0", [
        ("xor-network", #"{"W1": [[1, 1], [-1, -1]], "b1": [-1.5, 0.5], "W2": [[-1, -1]], "b2": [0.5]}"#),
        ("relu-derivative", #""x > 1 ? 1 : 0""#),
        ("gradient-decay", #""<script>alert(1)</script>""#),
        ("activations", #""sigmoid""#),
    ])

    @Test func jsonLineIsTheDocumentedContractAndDecodesBack() throws {
        let line = Self.sample.jsonLine()
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix(#"{"student":"=cmd|' /C calc'!A0","score":3,"max_score":13,"exercises":[{"id":"xor-network","score":2,"max_score":2,"status":"correct","feedback":"#))
        #expect(!line.contains("<script>"), "angle brackets are escaped so the JSON is safe inside HTML")
        let decoded = try JSONDecoder().decode(Report.self, from: Data(line.utf8))
        #expect(decoded == Self.sample)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["student", "score", "max_score", "exercises"])
        let exercises = try #require(object["exercises"] as? [[String: Any]])
        #expect(exercises.map { $0["status"] as? String } == ["correct", "incorrect", "missing", "missing", "error", "missing", "partial"])
        #expect(Set(exercises[0].keys) == ["id", "score", "max_score", "status", "feedback"])
    }

    @Test func text() {
        let text = Self.sample.text()
        #expect(text.hasPrefix("=cmd|' /C calc'!A0: 3 / 13\n  ✓ xor-network            2/2  correct\n      correct: the network computes the whole truth table\n"))
        #expect(text.contains("  ✗ relu-derivative        0/1  incorrect\n      at x = 0.025 your answer \"x > 1 ? 1 : 0\" gives 0 but the derivative is 1"))
        #expect(text.contains("  · leaky-relu-derivative  0/1  missing\n      no answer"))
        #expect(text.contains("  ◐ activations            1/2  partial"))
    }

    @Test func gradebookQuotesAndDefusesFormulas() {
        let other = Fixtures.grade(student: "Tanaka, Hanako", [("gradient-decay", "\"0.25^9\"")])
        let quoted = Report(student: #"He said "hi""#, exercises: [])
        let csv = Gradebook.csv(
            reports: [Self.sample, other, quoted], files: ["a.json", "b.json", "c.json"], exercises: Fixtures.grader.catalog.exercises)
        // Empty cell: no answer; 0: answered and wrong (relu) or not gradable as written (decay).
        let expected = [
            "student,name,file,status,xor-network,relu-derivative,leaky-relu-derivative,backprop-w1,gradient-decay,weights,activations,total",
            "(maximum),,,,2,1,1,2,1,4,2,13",
            "'=cmd|' /C calc'!A0,,a.json,graded,2,0,,,0,,1,3",
            #""Tanaka, Hanako",,b.json,graded,,,,,1,,,1"#,
            #""He said ""hi""",,c.json,graded,,,,,,,,0"#,
        ]
        #expect(csv == expected.joined(separator: "\r\n") + "\r\n")
    }

    @Test func summaryCountsEachStudentOnceWithTheCountedTotal() {
        let first = Fixtures.grade(student: "s1", [("gradient-decay", "\"0.25^9\"")])
        let better = Fixtures.grade(student: "s1", [("gradient-decay", "\"0.25^9\""), ("activations", "\"sigmoid\"")])
        let other = Fixtures.grade(student: "s2", [])
        #expect(Gradebook.summary(reports: [first, better, other]) == "3 submissions graded (2 students); mean score 1 / 13")
        #expect(Gradebook.summary(reports: [first, other]) == "2 submissions graded; mean score 0.5 / 13")
    }

    @Test func gradescopeResults() throws {
        let results = GradescopeResults(report: Self.sample)
        let json = results.json()
        let decoded = try JSONDecoder().decode(GradescopeResults.self, from: Data(json.utf8))
        #expect(decoded == results)
        #expect(results.score == 3)
        #expect(results.tests.count == 7)
        #expect(results.tests[0] == .init(name: "xor-network", score: 2, maxScore: 2, status: "passed", output: Self.sample.exercises[0].feedback, outputFormat: "text", visibility: "visible"))
        #expect(results.tests[2].status == "failed")
        #expect(results.tests[2].output == "missing: no answer")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let tests = try #require(object["tests"] as? [[String: Any]])
        #expect(Set(tests[0].keys) == ["name", "score", "max_score", "status", "output", "output_format", "visibility"])
    }

    @Test func escaping() {
        #expect(Escape.html(#"<b onclick="x">&'"#) == "&lt;b onclick=&quot;x&quot;&gt;&amp;&#39;")
        #expect(Escape.markdown("*bold* [link](javascript:x) <img>\n# h") == ##"\*bold\* \[link\]\(javascript\:x\) &lt;img&gt; \# h"##)
        #expect(Escape.quotedSnippet("a\u{0}b\u{202E}c", limit: 80) == #"a\u{0}b\u{202e}c"#)
        #expect(Escape.quotedSnippet(String(repeating: "x", count: 100), limit: 5) == "xxxxx…")
        #expect(Escape.csvField("@SUM(A1)") == "'@SUM(A1)")
        #expect(Escape.csvField("plain") == "plain")
    }

    @Test func jsonStringsRoundTripAndAreSafeInHTML() throws {
        let text = "a\"b\\c\n\t\u{1}<>&\u{2028}\u{2029}é学\u{1F600}\u{2026}"
        let json = JSONText.string(text)
        // Control characters other than line feed and tab are shown as `\u{…}` (Escape.visible)
        // in every format, so JSON decodes to the visible form, never to a raw control.
        #expect(json == #""a\"b\\c\n\t\\u{1}\u003c\u003e\u0026\u2028\u2029é学😀…""#)
        let decoded = try JSONDecoder().decode(String.self, from: Data(json.utf8))
        #expect(decoded == Escape.visible(text, keepingLineBreaks: true))
        #expect(decoded == "a\"b\\c\n\t\\u{1}<>&\u{2028}\u{2029}é学\u{1F600}\u{2026}")
    }
}

@Suite struct BatchTests {
    @Test func parallelBatchEqualsOneByOneAndKeepsOrder() {
        var files: [(file: String, data: [UInt8])] = []
        for n in 0..<300 {
            let student = "b\(n)"
            let answers: [(String, String)] = [
                ("relu-derivative", n % 3 == 0 ? #""step(x)""# : #""x > \#(n % 5) ? 1 : 0""#),
                ("backprop-w1", "\(Fixtures.backpropAnswer(for: student) + Double(n % 2))"),
                ("gradient-decay", n % 7 == 0 ? "\"1/0\"" : "\"0.25^9\""),
            ]
            files.append((file: "\(student).json", data: n % 50 == 0 ? Array("{broken".utf8) : Fixtures.file(student: student, answers)))
        }
        let batch = Fixtures.grader.grade(files: files)
        let oneByOne = files.map { Fixtures.grader.grade(data: $0.data, file: $0.file) }
        #expect(batch == oneByOne)
        #expect(batch.map(\.student) == (0..<300).map { "b\($0)" })
        #expect(batch.filter { $0.errors != nil }.count == 6)
        #expect(batch.filter { $0.result(for: "backprop-w1")?.status == .correct }.count == 144)  // 150 right, less 6 broken files
    }

    @Test func cachedErrorsPointIntoTheRightFile() {
        // The same malformed answer at different places in two files: each error names its own line.
        let first = Fixtures.grader.grade(data: Fixtures.file([("gradient-decay", "\"1/0\"")]), file: "one.json")
        let second = Fixtures.grader.grade(
            data: Fixtures.file([("relu-derivative", "\"step(x)\""), ("weights", "[[1, 2], [3, 4]]"), ("gradient-decay", "\"1/0\"")]),
            file: "two.json")
        #expect(first.result(for: "gradient-decay")?.feedback.hasPrefix("one.json:4:23: ") == true)
        #expect(second.result(for: "gradient-decay")?.feedback.hasPrefix("two.json:6:23: ") == true, "\(second.result(for: "gradient-decay")!.feedback)")
    }

    @Test func elementErrorsPointAtTheElement() {
        let result = Fixtures.result("xor-network", #"{"W1": [[1, "a"], [1, 1]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0]}"#)
        #expect(result.feedback == "s001.json:4:32: W1[0][1] must be a number, not a string", "\(result.feedback)")
    }

    @Test func filesOnDisk() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grader-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Fixtures.file(student: "a", [("gradient-decay", "\"0.25^9\"")])).write(to: folder.appendingPathComponent("a.json"))
        try Data(repeating: 0x20, count: 2_000_000).write(to: folder.appendingPathComponent("big.json"))
        try Data("ignored".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let paths = try Grader.answerFiles(in: [folder.path])
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["a.json", "big.json"])
        let reports = Fixtures.grader.grade(filesAt: paths)
        #expect(reports[0].score == 1)
        #expect(reports[1].student == "big")
        #expect(reports[1].errors?.first?.contains("the answers file is 2000000 bytes; the limit is 1048576") == true, "\(reports[1].errors ?? [])")
        #expect(throws: (any Error).self) { try Grader.answerFiles(in: [folder.appendingPathComponent("nope").path]) }
    }
}

@Suite struct HandoutTests {
    @Test func theSheetShowsTheStudentsNumbersAndNoAnswers() throws {
        let catalog = Fixtures.grader.catalog
        let markdown = Handout.markdown(for: "s001", catalog: catalog, language: .ja)
        // s001's variant (pinned in VariantTests): x = 2, t = 5, w2 = 2.
        #expect(markdown.contains("x = 2, t = 5, w1 = 1, w2 = 2 のとき ∂L/∂w1 を求めよ。"))
        #expect(!markdown.contains("{{"))
        #expect(markdown.contains("### 問題 4: `backprop-w1`（2 点）"))
        #expect(markdown.contains("\"backprop-w1\": null,"))
        for answer in ["-6", "-12", "sigmoid\", \"tanh", "relu(x)", "[0.5, -1"] {
            #expect(!markdown.contains(answer), "the handout must not contain the answer \(answer)")
        }
        let other = (0..<50).map { "s\($0)" }.first { Variants.values(student: $0, exercise: Fixtures.backprop)["x"] != 2 }!
        #expect(Handout.markdown(for: other, catalog: catalog, language: .ja) != markdown.replacingOccurrences(of: "s001", with: other))
    }

    @Test func studentIDsAreEscaped() {
        let markdown = Handout.markdown(for: "<img src=x>`", catalog: Fixtures.grader.catalog, language: .ja)
        #expect(markdown.hasPrefix("# 演習シート: &lt;img src\\=x&gt;\\`\n"))
        #expect(markdown.contains(#""student": "\u003cimg src=x\u003e\u0060","#))
    }
}
