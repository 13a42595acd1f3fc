import Diagnostics
import ExerciseModel
import Foundation
import Testing
@testable import Grader

/// The roster, the gradebook built on it, Gradescope's submitter, one chapter's handout and the
/// handout's examples: what a teacher uses around grading.
@Suite struct RosterTests {
    static func roster(_ text: String) throws(Diagnostic) -> Roster { try Roster.parse(Data(text.utf8), file: "roster.csv") }

    static func error(_ text: String) -> String? {
        do { _ = try roster(text); return nil } catch { return error.description }
    }

    @Test func readsQuotedNamesAndExtraColumns() throws {
        let roster = try Self.roster("\u{FEFF}id,name,email\r\ns001,山田 花子,a@x\r\n\r\n\"s002\",\"Smith, \"\"Jo\"\"\nJane\",b@x\r\n")
        #expect(roster.students.map(\.id) == ["s001", "s002"])
        #expect(roster.students.map(\.name) == ["山田 花子", "Smith, \"Jo\"\nJane"])
        #expect(roster.student(id: "s002")?.line == 4)
    }

    @Test func mistakesAreLocated() {
        #expect(Self.error("student,name\ns1,A\n") == """
            roster.csv:1:1: error: the roster's first line must be the header 'id,name'
            1 | student,name
              | ^
            note: the header names the columns: id (as students write it in their answers files), then name
            """)
        #expect(Self.error("id,name\ns1,A\ns2,B\ns1,C\n") == """
            roster.csv:4:1: error: student id "s1" is listed twice
            note: first listed on line 2
            """)
        #expect(Self.error("id,name\ns1,Smith, Jane\n") == """
            roster.csv:2:1: error: this row has 3 fields; the header has 2
            note: quote a field that holds a comma: "Smith, Jane"
            """)
        #expect(Self.error("id,name\ns1,\"Smith\n") == "roster.csv:2:4: error: this quoted field is never closed")
        #expect(Self.error("id,name\ns1,\"Smith\" J\n") == #"roster.csv:2:11: error: unexpected text after a quoted field; a quote inside a quoted field is written twice ("")"#)
        #expect(Self.error("id,name\n ,A\n") == "roster.csv:2:1: error: a student id is 1 to 200 characters without control characters")
    }
}

@Suite struct GradebookTests {
    static let exercises = [
        Exercise(id: "half", kind: .number, points: 1, prompt: "1/2?", reference: .number(0.5)),
        Exercise(id: "third", kind: .number, points: 2, prompt: "1/3?", reference: .number(1.0 / 3)),
    ]
    static let grader = try! Grader(catalog: ExerciseCatalog(sheets: [ExerciseSheet(chapter: "01.md", exercises: exercises)]))

    static func grade(_ text: String, _ file: String) -> Report { grader.grade(data: Array(text.utf8), file: file) }

    /// Roster order first, with names; a student with no file; an unreadable file; an id the
    /// roster does not list; a missing answer (empty) next to a wrong one (0).
    @Test func rowsFollowTheRosterAndTellMissingUnreadableAndWrongApart() throws {
        let roster = try RosterTests.roster("id,name\ns1,Ann\ns2,Bo\ns3,Cy\n")
        let reports = [
            Self.grade(#"{"student": "zz", "answers": {"half": 0.5}}"#, "a/zz.json"),
            Self.grade(#"{"student": "s2", "answers": {"half": 0.4}}"#, "a/s2.json"),
            Self.grade("not json", "a/s1.json"),
        ]
        let files = ["a/zz.json", "a/s2.json", "a/s1.json"]
        #expect(Gradebook.csv(reports: reports, files: files, exercises: Self.exercises, roster: roster) == [
            "student,name,file,status,half,third,total",
            "(maximum),,,,1,2,3",
            "s1,Ann,a/s1.json,unreadable,,,0",
            "s2,Bo,a/s2.json,graded,0,,0",
            "s3,Cy,,no file,,,0",
            "zz,,a/zz.json,unknown id,1,,1",
        ].joined(separator: "\r\n") + "\r\n")
        #expect(Gradebook.rosterWarnings(reports: reports, files: files, roster: roster) == [
            "warning: a/zz.json: student \"zz\" is not in the roster 'roster.csv'",
            "warning: 1 student in the roster 'roster.csv' has no answers file: s3 (Cy)",
        ])
    }

    @Test func gradescopeSubmitterReplacesTheFilesStudent() throws {
        let metadata = #"{"id": 1, "users": [{"email": "ann@example.edu", "id": 7, "name": "Ann", "sid": "s1"}, {"email": "b@x"}]}"#
        #expect(try GradescopeMetadata.studentID(from: Data(metadata.utf8), file: "m.json") == "s1")
        let emailOnly = #"{"users": [{"email": "ann@example.edu", "sid": ""}]}"#
        #expect(try GradescopeMetadata.studentID(from: Data(emailOnly.utf8), file: "m.json") == "ann@example.edu")
        #expect(throws: Diagnostic.self) { try GradescopeMetadata.studentID(from: Data(#"{"users": []}"#.utf8), file: "m.json") }
        let report = Self.grader.grade(data: Array(#"{"student": "s9", "answers": {"half": 0.5}}"#.utf8), file: "a.json", student: "s1")
        #expect(report.student == "s1")
        #expect(report.notes == [#"the answers file names student "s9"; the submission is from "s1", whose numbers are graded"#])
        #expect(Self.grader.grade(data: Array("{".utf8), file: "a.json", student: "s1").student == "s1")
    }
}

@Suite struct HandoutChapterTests {
    /// Two chapters, numbered as the site numbers them (chapter 3 and 4).
    static let catalog = try! ExerciseCatalog(sheets: [
        ExerciseSheet(chapter: "03-a.md", chapterNumber: 3, exercises: [Fixtures.relu]),
        ExerciseSheet(chapter: "04-b.md", chapterNumber: 4, exercises: [Fixtures.decay, Fixtures.weights]),
    ])

    @Test func oneChapterWithThePagesProblemNumbers() throws {
        let markdown = Handout.markdown(for: "s1", catalog: try Self.catalog.chapter("Content/04-b.md"), language: .ja)
        #expect(markdown.contains("### 問題 4.1: `gradient-decay`"))
        #expect(markdown.contains("### 問題 4.2: `weights`"))
        #expect(!markdown.contains("relu-derivative"))
        #expect(try Self.catalog.chapter("04-b").exerciseIDs == ["gradient-decay", "weights"])
        #expect(throws: Diagnostic.self) { try Self.catalog.chapter("05-c.md") }
    }

    /// The examples of the answer format are graded first: one that would pass is not shown.
    /// The old examples were answers: `"x > 0 ? 1 : 0"` is ReLU′, `"(1/4)^9"` the decay answer.
    @Test func noExampleIsACorrectAnswer() throws {
        let trap = Exercise(id: "trap", kind: .number, points: 1, prompt: "3/8 + 1/16?", reference: .number(0.4375))
        let slope = Exercise(
            id: "slope", kind: .expression, points: 1, prompt: "d/dx?",
            reference: .derivative(of: "x < 1 ? x^2 : 3*x", variable: "x"))
        let catalog = try ExerciseCatalog(sheets: [
            ExerciseSheet(chapter: "01.md", exercises: [trap, slope, Fixtures.relu, Fixtures.decay])])
        let markdown = Handout.markdown(for: "s1", catalog: catalog)
        let grader = try Grader(catalog: catalog)
        let shown = markdown.split(separator: "\n").filter { $0.hasPrefix("> ") }.compactMap { line -> String? in
            guard let start = line.firstIndex(of: "`"), let end = line[line.index(after: start)...].firstIndex(of: "`") else { return nil }
            return String(line[line.index(after: start)..<end])
        }
        #expect(shown == [#""2*(3-1)/5""#, #""x > 2 ? -1 : x^2""#, #""x < 1 ? 2*x : 3""#, #""3/8 + 2^-4""#])
        for (exercise, example) in zip(catalog.exercises, shown) {
            let file = "{\"student\": \"s1\", \"answers\": {\"\(exercise.id)\": \(example)}}"
            #expect(grader.grade(data: Array(file.utf8), file: "x.json").result(for: exercise.id)?.status == .incorrect)
        }
    }
}
