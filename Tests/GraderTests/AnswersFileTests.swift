import Diagnostics
import Foundation
import Testing
@testable import Grader

@Suite struct AnswersFileTests {
    func parseError(_ text: String, limits: GradingLimits = .standard) -> Diagnostic? {
        do {
            _ = try Submission.parse(data: Array(text.utf8), file: "a.json", limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func aGoodFile() throws {
        let submission = try Submission.parse(
            data: Array(#"{"student": " s001 ", "answers": {"gradient-decay": "0.25^9", "relu-derivative": "step(x)"}}"#.utf8),
            file: "a.json")
        #expect(submission.student == "s001")
        #expect(submission.answeredExercises == ["gradient-decay", "relu-derivative"])
        #expect(submission.notes.isEmpty)
    }

    @Test(arguments: [
        ("", "a.json:1:1: error: the file is empty; expected a JSON object"),
        ("{\"student\": \"s\",\n \"answers\": {\"a\": 1,}}", "a.json:2:21: error: trailing comma before '}'"),
        ("{\"student\": \"s\",\n \"answers\": {\"a\": [1, 2,]}}", "a.json:2:25: error: trailing comma before ']'"),
        ("{\"student\": 's'}", "a.json:1:13: error: JSON strings use double quotes (\"), not single quotes"),
        ("{\"student\": \"s\"} x", "a.json:1:18: error: unexpected 'x' after the end of the JSON value"),
        ("{\"student\": \"s\", \"answers\": {\"a\": 01}}", "a.json:1:35: error: JSON numbers cannot have leading zeros"),
        ("{\"student\": \"s\", \"answers\": {\"a\": -Infinity}}", "a.json:1:35: error: NaN and Infinity are not JSON numbers"),
        ("{\"student\": \"s\", \"answers\": {\"a\": NaN}}", "a.json:1:35: error: NaN and Infinity are not JSON numbers"),
        ("{\"student\": \"s\", \"answers\": {\"a\": None}}", "a.json:1:35: error: unexpected 'N'; expected a value"),
        ("{\"student\": \"s\", \"answers\": {\"a\": Inf}}", "a.json:1:35: error: unexpected 'I'; expected a value"),
        ("{\"student\": \"s\", \"answers\": {\"a\": -In}}", "a.json:1:35: error: a number needs digits after '-'"),
        ("{\"student\": \"s\", \"answers\": {\"a\": \"\\x\"}}", "a.json:1:36: error: invalid escape '\\x' in a string"),
        ("{\"student\": \"s\", \"answers\": {\"a\": \"\\ud800\"}}", "a.json:1:36: error: unpaired UTF-16 surrogate in \\u escape"),
        ("{\"student\": \"学生\", \"answers\": {\"a\": tru}}", "a.json:1:36: error: unexpected 't'; expected a value"),
        ("{\"student\": \"s\", \"answers\": {\"a\": \"open", "a.json:1:35: error: this string is never closed"),
        ("{\"student\": \"s\", \"answers\": {\"a\": [1, 2", "a.json:1:40: error: unexpected end of file inside the array opened at a.json:1:35"),
        ("{\"student\": \"s\", \"answers\": {\"a\": \"line\nbreak\"}}", "a.json:1:40: error: control character 0xA inside a string"),
        ("[1, 2]", "a.json:1:1: error: the answers file must be a JSON object, starting with '{'"),
        ("{\"answers\": {}}", "a.json:1:1: error: the answers file has no \"student\" id"),
        ("{\"student\": \"s\"}", "a.json:1:1: error: the answers file has no \"answers\" object"),
        ("{\"student\": 7, \"answers\": {}}", "a.json:1:13: error: \"student\" must be a string, not a number"),
        ("{\"student\": \"\", \"answers\": {}}", "a.json:1:13: error: \"student\" must be 1 to 200 characters without control characters"),
        ("{\"student\": \"s\", \"answers\": []}", "a.json:1:29: error: \"answers\" must be an object mapping exercise ids to answers, not an array"),
        ("{\"student\": \"s\", \"student\": \"t\", \"answers\": {}}", "a.json:1:18: error: \"student\" is given twice"),
    ])
    func syntaxAndShapeErrorsAreLocated(_ text: String, _ expected: String) {
        #expect(parseError(text)?.headline == expected)
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = Array(#"{"student": "s"#.utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(#"", "answers": {}}"#.utf8)
        #expect(throws: Diagnostic.self) { try Submission.parse(data: bytes, file: "a.json") }
    }

    @Test func depthAndSizeLimits() {
        let deep = "{\"student\": \"s\", \"answers\": {\"a\": " + String(repeating: "[", count: 100_000) + "}}"
        #expect(parseError(deep)?.headline == "a.json:1:49: error: JSON nested more than 16 levels deep")
        let big = "{\"student\": \"s\", \"answers\": {\"a\": \"" + String(repeating: "x", count: 2_000) + "\"}}"
        #expect(parseError(big, limits: GradingLimits(maxFileBytes: 1_000))?.headline == "a.json:1:1: error: the answers file is 2038 bytes; the limit is 1000")
    }

    @Test func unknownMembersAndDuplicateAnswersAreReportedNotFatal() {
        let report = Fixtures.grader.grade(
            data: Array(#"{"student": "s", "extra": 1, "answers": {"gradient-decay": 1, "gradient-decay": 2, "nope": 3}}"#.utf8),
            file: "a.json")
        #expect(report.notes == ["a.json:1:18: unknown member \"extra\" ignored", "answer for unknown exercise \"nope\" ignored"])
        #expect(report.result(for: "gradient-decay")?.status == .error)
        #expect(report.result(for: "gradient-decay")?.feedback == "a.json:1:63: this exercise is answered twice; neither answer is graded")
    }

    @Test func aByteOrderMarkIsAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"student": "s", "answers": {}}"#.utf8)
        #expect(try Submission.parse(data: bytes, file: "a.json").student == "s")
    }

    @Test func anUnreadableFileStillGivesAReportNamedAfterTheFile() {
        let report = Fixtures.grader.grade(data: Array("{oops".utf8), file: "dir/s042.json")
        #expect(report.student == "s042")
        #expect(report.score == 0)
        #expect(report.exercises.allSatisfy { $0.status == .error })
        #expect(report.errors?.first?.hasPrefix("dir/s042.json:1:2: error: unexpected 'o'; expected a member name in double quotes") == true)
    }

    // MARK: Many answers, long numbers, one file named twice

    static func answers(_ entries: [String]) -> [UInt8] {
        Array(("{\"student\": \"s\", \"answers\": {" + entries.joined(separator: ", ") + "}}").utf8)
    }

    @Test func unknownExercisesAreListedTenAtMostThenCounted() {
        let many = Fixtures.grader.grade(data: Self.answers((0..<1_200).map { "\"zz\($0)\": 1" }), file: "a.json")
        let notes = many.notes ?? []
        #expect(notes.count == 12)
        #expect(notes.first == "\"answers\" has 1,200 entries; only the first 1,000 are read")
        #expect(notes[1] == "answer for unknown exercise \"zz0\" ignored")
        #expect(notes.last == "… and 990 more answers for unknown exercises ignored")
        #expect(many.text().components(separatedBy: "\n").filter { $0.contains("note:") }.count == 12)
        #expect(many.jsonLine().components(separatedBy: "answer for unknown exercise").count - 1 == 10)
        let eleven = Fixtures.grader.grade(data: Self.answers((0..<11).map { "\"zz\($0)\": 1" }), file: "a.json")
        #expect(eleven.notes?.last == "… and 1 more answers for unknown exercises ignored")
        let ten = Fixtures.grader.grade(data: Self.answers((0..<10).map { "\"zz\($0)\": 1" }), file: "a.json")
        #expect(ten.notes?.count == 10)
    }

    @Test func oneIdRepeatedThousandsOfTimesIsReportedAsThat() {
        let entry = "\"gradient-decay\": 1"
        let report = Fixtures.grader.grade(data: Self.answers(Array(repeating: entry, count: 15_000)), file: "a.json")
        #expect(report.notes == ["\"answers\" has 15,000 entries; only the first 1,000 are read"])
        // Pointed at the second mention, the first repeat the student can find.
        let column = #"{"student": "s", "answers": {"gradient-decay": 1, "#.count + 1
        #expect(report.result(for: "gradient-decay")?.feedback == "a.json:1:\(column): this exercise is answered 1,000 times; none of the answers is graded")
    }

    @Test(arguments: [
        (String(repeating: "9", count: 1_040_000), "the number 99999999999999999999…9999999999 (1,040,000 digits) is too large (beyond ±1.8e308)"),
        ("-" + String(repeating: "9", count: 400), "the number -9999999999999999999…9999999999 (400 digits) is too large (beyond ±1.8e308)"),
        ("1" + String(repeating: "0", count: 45) + "e400", "the number 10000000000000000000…000000e400 (50 characters) is too large (beyond ±1.8e308)"),
        ("1e999", "the number 1e999 is too large (beyond ±1.8e308)"),
    ])
    func aLongNumberIsShownCutWithItsLength(_ literal: String, _ message: String) {
        let feedback = Fixtures.result("gradient-decay", literal).feedback
        #expect(feedback.hasSuffix(": " + message), "\(feedback.prefix(200))")
    }

    @Test func aFileNamedTwiceIsListedOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("answer-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.json").path, b = folder.appendingPathComponent("b.json").path
        try Data("{}".utf8).write(to: URL(fileURLWithPath: a))
        try Data("{}".utf8).write(to: URL(fileURLWithPath: b))
        // A link to a.json is a name of its own: the grader refuses it, and says so.
        let link = folder.appendingPathComponent("c.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: a)
        let again = folder.path + "/./a.json"
        #expect(try Grader.answerFiles(in: [a, a]) == [a])
        #expect(try Grader.answerFiles(in: [a, folder.path, again, b]) == [a, b, link])
        #expect(try Grader.answerFiles(in: [folder.path, a]) == [a, b, link])
    }
}
