import Foundation
import Testing

/// What a teacher runs around grading, as they run it: the key a build writes and keeps, the
/// roster, the gradebook, Gradescope's submitter.
@Suite struct TeacherCommandTests {
    static func chapter(vary: String) -> String {
        "# 章\n\n```nn\nx = 2\nw = param(1)\nL = (w * x)^2\nbackward L\nexercise \"chain\" number\n    prompt \"x = {{x}}\"\n    answer grad(w)\n    vary \(vary)\n```\n"
    }

    @Test func buildSaysWhereTheKeyWentAndKeepsItsNumbers() throws {
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let content = folder.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data(Self.chapter(vary: "x in {1, 3}").utf8).write(to: content.appendingPathComponent("01-a.md"))
        let first = try Coursegen.run(["build", "Content"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("""
            built 1 chapter(s), 1 exercise(s) into site/
            grading key (reference answers; keep it out of the published site): grading/

            """))
        try Data(Self.chapter(vary: "x in {1, 3, 4}").utf8).write(to: content.appendingPathComponent("01-a.md"))
        let refused = try Coursegen.run(["build", "Content"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr == """
            Content/01-a.md:11:10: error: exercise 'chain' would deal students other numbers than the grading key 'grading' records
            11 |     vary x in {1, 3, 4}
               |          ^
            note: the key has:  x in {1, 3}
            note: this build:   x in {1, 3, 4}
            note: handouts and pages already given out show the key's numbers, and grading uses them
            note: to deal every student new numbers for this exercise, build with --redeal chain

            """)
        let redealt = try Coursegen.run(["build", "Content", "--redeal", "chain"], in: folder)
        #expect(redealt.status == 0, "\(redealt.stderr)")
        #expect(redealt.stderr.hasPrefix("Content/01-a.md:11:10: note: exercise 'chain' deals new numbers (--redeal): x in {1, 3} → x in {1, 3, 4}; handouts made before this build no longer match\n"))
        let key = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("grading/01-a.json"))) as? [String: Any])
        let exercise = try #require((key["exercises"] as? [[String: Any]])?.first)
        #expect((exercise["parameters"] as? [[String: Any]])?.first?["choices"] as? [Double] == [1, 3, 4])
    }

    /// A course folder with `grading/01.json` (two number exercises, 1 and 2 points).
    static func course() throws -> URL {
        let root = try Coursegen.temporaryDirectory()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("grading"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("answers"), withIntermediateDirectories: true)
        try Data("""
            {"chapter": "01.md", "chapterNumber": 1, "formatVersion": 1, "exercises": [
              {"id": "half", "kind": "number", "points": 1, "prompt": "1/2?", "reference": {"number": 0.5}, "parameters": []},
              {"id": "third", "kind": "number", "points": 2, "prompt": "1/3?", "reference": {"number": 0.3333333333333333}, "parameters": []}]}
            """.utf8).write(to: root.appendingPathComponent("grading/01.json"))
        return root
    }

    static func write(_ text: String, _ path: String, in root: URL) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(path))
    }

    @Test func theRosterNamesUnknownIdsAndStudentsWithoutAFile() throws {
        let root = try Self.course()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.write("id,name\ns1,Ann\ns2,Bo\ns3,\"Cy, Jr\"\n", "roster.csv", in: root)
        try Self.write(#"{"student": "s1", "answers": {"half": 0.5, "third": 0.3}}"#, "answers/a.json", in: root)
        try Self.write(#"{"student": "s9", "answers": {"half": 0.5}}"#, "answers/b.json", in: root)
        try Self.write(#"{"student": "s1", "answers": {}}"#, "answers/c.json", in: root)
        try Self.write("{oops", "answers/s2.json", in: root)
        let result = try Coursegen.run(["grade", "answers", "--roster", "roster.csv", "--gradebook", "grades.csv"], in: root)
        #expect(result.status == 0)
        #expect(result.stderr == """
            warning: student "s1" is in 2 answers files (answers/a.json, answers/c.json); each is reported, the gradebook counts the highest total: answers/a.json (1 / 3)
            warning: answers/b.json: student "s9" is not in the roster 'roster.csv'
            warning: 1 student in the roster 'roster.csv' has no answers file: s3 (Cy, Jr)

            """)
        #expect(try String(contentsOf: root.appendingPathComponent("grades.csv"), encoding: .utf8) == [
            "student,name,file,status,half,third,total",
            "(maximum),,,,1,2,3",
            "s1,Ann,answers/a.json,graded,1,0,1",
            "s2,Bo,answers/s2.json,unreadable,,,0",
            #"s3,"Cy, Jr",,no file,,,0"#,
            "s9,,answers/b.json,unknown id,1,,1",
            "",
        ].joined(separator: "\r\n"))
        try Self.write("id,name\ns1,Ann\ns1,Bo\n", "roster.csv", in: root)
        let duplicate = try Coursegen.run(["grade", "answers", "--roster", "roster.csv"], in: root)
        #expect(duplicate.status == 1)
        #expect(duplicate.stdout.isEmpty)
        #expect(duplicate.stderr == "roster.csv:3:1: error: student id \"s1\" is listed twice\nnote: first listed on line 2\n")
        let overwrite = try Coursegen.run(["grade", "answers", "--roster", "roster.csv", "--gradebook", "./roster.csv"], in: root)
        #expect(overwrite.stderr == "roster.csv:3:1: error: student id \"s1\" is listed twice\nnote: first listed on line 2\n")
        try Self.write("id,name\ns1,Ann\n", "roster.csv", in: root)
        let clobber = try Coursegen.run(["grade", "answers", "--roster", "roster.csv", "--gradebook", "./roster.csv"], in: root)
        #expect(clobber.status == 1)
        #expect(clobber.stderr == "error: cannot write the gradebook to './roster.csv': that would overwrite the roster\n")
    }

    /// In an autograder the answers file is the student's to write; Gradescope's metadata says
    /// who submitted, and that student's numbers are graded.
    @Test func gradescopeTakesTheStudentFromTheSubmissionMetadata() throws {
        let root = try Self.course()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.write(#"{"student": "someone-else", "answers": {"half": 0.5}}"#, "answers/a.json", in: root)
        try Self.write(#"{"id": 1, "users": [{"email": "ann@example.edu", "id": 7, "name": "Ann", "sid": "s1"}]}"#, "meta.json", in: root)
        let result = try Coursegen.run(["grade", "answers/a.json", "--format", "gradescope", "--submission-metadata", "meta.json"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(results["output"] as? String == """
            s1: 1 / 3
            the answers file names student "someone-else"; the submission is from "s1", whose numbers are graded
            """)
        try Self.write(#"{"users": []}"#, "meta.json", in: root)
        let empty = try Coursegen.run(["grade", "answers/a.json", "--format", "gradescope", "--submission-metadata", "meta.json"], in: root)
        #expect(empty.status == 1)
        #expect(empty.stderr == "error: Gradescope's submission metadata 'meta.json' names no user (\"users\" is missing or empty)\n")
    }

    @Test func handoutOfOneChapterAndAMissingKey() throws {
        let root = try Self.course()
        defer { try? FileManager.default.removeItem(at: root) }
        let sheet = try Coursegen.run(["handout", "--student", "s1", "--chapter", "01.md", "--lang", "ja"], in: root)
        #expect(sheet.status == 0, "\(sheet.stderr)")
        #expect(sheet.stdout.contains("### 問題 1.2: `third`（2 点）"))
        let wrong = try Coursegen.run(["handout", "--student", "s1", "--chapter", "02.md"], in: root)
        #expect(wrong.status == 1)
        #expect(wrong.stderr == "error: no chapter '02.md' among the chapters with exercises\nnote: chapters with exercises: 01.md\n")
    }
}
