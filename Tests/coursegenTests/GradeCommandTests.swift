#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import Testing

/// `coursegen grade` run as a teacher runs it on a submissions folder a hostile student
/// helped fill: exit codes, standard error and every output format.
@Suite struct GradeCommandTests {
    /// A folder with `sheets/01.json` (two number exercises) and `answers/`.
    static func course() throws -> (root: URL, sheets: String, answers: URL) {
        let root = try Coursegen.temporaryDirectory()
        let sheets = root.appendingPathComponent("sheets"), answers = root.appendingPathComponent("answers")
        try FileManager.default.createDirectory(at: sheets, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: answers, withIntermediateDirectories: true)
        try Data("""
            {"chapter": "01.md", "formatVersion": 1, "exercises": [
              {"id": "half", "kind": "number", "points": 1, "prompt": "1/2?", "reference": {"number": 0.5}, "parameters": []},
              {"id": "third", "kind": "number", "points": 1, "prompt": "1/3?", "reference": {"number": 0.3333333333333333}, "parameters": []}]}
            """.utf8).write(to: sheets.appendingPathComponent("01.json"))
        return (root, sheets.path, answers)
    }

    static func write(_ text: String, to url: URL) throws { try Data(text.utf8).write(to: url) }

    @Test func aNamedPipeInTheFolderDoesNotHangTheBatch() throws {
        let (root, sheets, answers) = try Self.course()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.write(#"{"student": "s1", "answers": {"half": "1/2", "third": 0.5}}"#, to: answers.appendingPathComponent("a.json"))
        let fifo = answers.appendingPathComponent("b.json").path
        #expect(mkfifo(fifo, 0o644) == 0)
        // Should the grader wait on the pipe, a writer comes by after 15 s so the test ends (and fails).
        DispatchQueue.global().asyncAfter(deadline: .now() + 15) {
            let writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
        }
        let start = Date()
        let result = try Coursegen.run(["grade", answers.path, "--exercises", sheets, "--format", "json"])
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix(#"{"student":"s1","score":1,"max_score":2,"#))
        #expect(lines[1].hasSuffix(#""errors":["\#(fifo): error: this is a named pipe (FIFO), not an answers file; it was not read"]}"#))
    }

    @Test func aLinkToAnotherFileShowsNoByteOfItInAnyFormat() throws {
        let (root, sheets, answers) = try Self.course()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.write(#"{"student": "s1", "answers": {"half": 0.5}}"#, to: answers.appendingPathComponent("a.json"))
        let passwd = answers.appendingPathComponent("p.json").path
        try FileManager.default.createSymbolicLink(atPath: passwd, withDestinationPath: "/etc/passwd")
        let refusal = "\(passwd): error: this is a symbolic link; answers files must be regular files, so it was not followed"
        let gradebook = root.appendingPathComponent("grades.csv")
        for format in ["text", "json"] {
            let result = try Coursegen.run(["grade", answers.path, "--exercises", sheets, "--format", format, "--gradebook", gradebook.path])
            #expect(result.status == 0)
            #expect(result.stdout.contains(refusal))
            #expect(!result.stdout.contains("root:") && !result.stderr.contains("root:"))
        }
        #expect(try String(contentsOf: gradebook, encoding: .utf8) == [
            "student,name,file,status,half,third,total", "(maximum),,,,1,1,2",
            "s1,,\(answers.appendingPathComponent("a.json").path),graded,1,,1", "p,,\(passwd),unreadable,,,0", "",
        ].joined(separator: "\r\n"))
        let gradescope = try Coursegen.run(["grade", passwd, "--exercises", sheets, "--format", "gradescope"])
        #expect(gradescope.status == 0)
        let results = try #require(try JSONSerialization.jsonObject(with: Data(gradescope.stdout.utf8)) as? [String: Any])
        #expect(results["output"] as? String == "p: 0 / 2\n" + refusal)
        #expect(!gradescope.stdout.contains("root:"))
    }

    @Test func aNegativeFileLimitIsRefusedAsAValue() throws {
        let (root, sheets, answers) = try Self.course()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = answers.appendingPathComponent("a.json")
        try Self.write(#"{"student": "s1", "answers": {"half": 0.5}}"#, to: file)
        let result = try Coursegen.run(["grade", file.path, "--exercises", sheets, "--max-file-bytes", "-1"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("Error: --max-file-bytes must be between 1 and 1073741824 (1 GiB); got -1\n"))
    }

    @Test func aHugeFileLimitIsAUsageError() throws {
        let (root, sheets, answers) = try Self.course()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = answers.appendingPathComponent("a.json")
        try Self.write(#"{"student": "s1", "answers": {"half": 0.5}}"#, to: file)
        let result = try Coursegen.run(["grade", file.path, "--exercises", sheets, "--max-file-bytes", "9223372036854775807"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("Error: --max-file-bytes must be between 1 and 1073741824 (1 GiB); got 9223372036854775807\n"))
        let largest = try Coursegen.run(["grade", file.path, "--exercises", sheets, "--max-file-bytes", "1073741824"])
        #expect(largest.status == 0)
        #expect(largest.stdout.hasPrefix("s1: 1 / 2\n"))
    }

    /// `--lang ja`: the warnings on standard error and the file's notes are Japanese; the gradebook is not.
    @Test func warningsFollowTheReportLanguage() throws {
        let (root, sheets, answers) = try Self.course()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.write(#"{"student": "s1", "answers": {"half": 0.5}}"#, to: answers.appendingPathComponent("a.json"))
        try Self.write(#"{"student": "s1", "answers": {"half": 9}, "x": 1}"#, to: answers.appendingPathComponent("c.json"))
        let result = try Coursegen.run(["grade", answers.path, "--exercises", sheets, "--lang", "ja"])
        let a = answers.appendingPathComponent("a.json").path, c = answers.appendingPathComponent("c.json").path
        #expect(result.stderr == "warning: 学生 \"s1\" の解答ファイルが 2 件あります（\(a)、\(c)）。どれも採点しましたが、成績表には合計点の最も高い \(a)（1 / 2）を記録します\n")
        #expect(result.stdout.contains("\(c):1:43: 不明な項目 \"x\" は無視しました"), "\(result.stdout)")
    }

    @Test func twoFilesForOneStudentAreBothReportedAndTheGradebookCountsTheBest() throws {
        let (root, sheets, answers) = try Self.course()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.write(#"{"student": "s1", "answers": {"half": 0.5, "third": "1/3"}}"#, to: answers.appendingPathComponent("a.json"))
        try Self.write(#"{"student": "s2", "answers": {"half": 0.5}}"#, to: answers.appendingPathComponent("b.json"))
        // Someone else's file claiming to be s1, with wrong answers, comes later.
        try Self.write(#"{"student": "s1", "answers": {"half": 9}}"#, to: answers.appendingPathComponent("c.json"))
        let gradebook = root.appendingPathComponent("grades.csv")
        let result = try Coursegen.run(["grade", answers.path, "--exercises", sheets, "--format", "json", "--gradebook", gradebook.path])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 3, "every file is reported")
        let a = answers.appendingPathComponent("a.json").path, c = answers.appendingPathComponent("c.json").path
        #expect(result.stderr == "warning: student \"s1\" is in 2 answers files (\(a), \(c)); each is reported, the gradebook counts the highest total: \(a) (2 / 2)\n")
        #expect(try String(contentsOf: gradebook, encoding: .utf8) == [
            "student,name,file,status,half,third,total", "(maximum),,,,1,1,2",
            "s1,,\(a),graded,1,1,2", "s2,,\(answers.appendingPathComponent("b.json").path),graded,1,,1", "",
        ].joined(separator: "\r\n"))
    }

    @Test func controlCharactersInAFileNameNeverReachTheTerminal() throws {
        let (root, sheets, answers) = try Self.course()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.write("{\"student\": \"s1\", \"answers\": {}}\u{1B}]0;owned\u{7}", to: answers.appendingPathComponent("\u{1B}[2J.json"))
        let result = try Coursegen.run(["grade", answers.path, "--exercises", sheets])
        #expect(result.status == 0)
        #expect(!result.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(result.stdout.hasPrefix("\\u{1b}[2J: 0 / 2\n"))
        #expect(result.stdout.contains(#"1 | {"student": "s1", "answers": {}}\u{1b}]0;owned\u{7}"#))
    }
}
