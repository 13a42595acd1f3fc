import Diagnostics
import ExerciseModel
import Foundation
import NNLanguage
import Testing
@testable import Grader

/// End to end with the real language: exercises declared in `nn` blocks (as the chapter does),
/// written as a sheet, loaded from disk, and graded.
enum CourseSample {
    /// Runs `Benchmarks/grading/course.nn` block by block (blocks separated by `---` lines).
    static func sheet() throws -> ExerciseSheet {
        let url = Fixtures.root.appendingPathComponent("Benchmarks/grading/course.nn")
        let source = try String(contentsOf: url, encoding: .utf8)
        let session = ChapterSession(file: "Content/03.md")
        var line = 1
        for block in source.components(separatedBy: "\n---\n") {
            _ = try session.run(block: block, firstLine: line)
            line += block.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        }
        return ExerciseSheet(chapter: "03.md", exercises: session.exercises)
    }

    /// A built course folder with `exercises/03.json`, in a fresh temporary directory.
    static func courseFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grader-course-\(UUID().uuidString)")
        let exercises = folder.appendingPathComponent("exercises")
        try FileManager.default.createDirectory(at: exercises, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(try sheet()).write(to: exercises.appendingPathComponent("03.json"))
        return folder
    }
}

@Suite struct CourseSampleTests {
    @Test func theLanguageDeclaresTheCourseExercisesAndTheGraderLoadsThem() throws {
        let folder = try CourseSample.courseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = try ExerciseCatalog.load(directory: folder.path)
        #expect(catalog.exerciseIDs == ["xor-network", "relu-derivative", "leaky-relu-derivative", "backprop-w1", "gradient-decay", "weights", "vanishing"])
        let grader = try Grader(catalog: catalog)
        let student = "s-0042"
        let values = Variants.values(student: student, exercise: catalog.exercise(id: "backprop-w1")!)
        let (x, t, w2) = (values["x"]!, values["t"]!, values["w2"]!)
        let dw1 = (w2 * x - t) * w2 * x
        let answers = """
            {"student": "\(student)", "answers": {
              "xor-network": {"W1": [[1, 1], [-1, -1]], "b1": [-0.5, 1.5], "W2": [[1, 1]], "b2": [-1.5]},
              "relu-derivative": "x >= 0 ? 1 : 0",
              "leaky-relu-derivative": "x > 0 ? 1 : 0.01",
              "backprop-w1": \(dw1),
              "gradient-decay": "(1/4)^9",
              "weights": [[1, 1], [-1, -1]],
              "vanishing": ["tanh", "sigmoid"]
            }}
            """
        let report = grader.grade(data: Array(answers.utf8), file: "s.json")
        for result in report.exercises {
            #expect(result.status == .correct, "\(result.id): \(result.feedback)")
        }
        #expect(report.score == 10)
        #expect(report.maxScore == 10)
        // The stored worked-example reference (x = 4, t = 3, w2 = 1: 4) is no student's answer.
        #expect(catalog.exercise(id: "backprop-w1")?.reference == .number(4))
        if dw1 != 4 {
            let copied = grader.grade(data: Array(answers.replacingOccurrences(of: "\(dw1)", with: "4").utf8), file: "s.json")
            #expect(copied.result(for: "backprop-w1")?.status == .incorrect)
        }
    }

    @Test func aFolderWithoutSheetsAndAWrongVersionAreAuthorErrors() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("grader-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: (any Error).self) { try ExerciseCatalog.load(directory: empty.path) }
        try Data(#"{"formatVersion": 99, "chapter": "x.md", "exercises": []}"#.utf8).write(to: empty.appendingPathComponent("x.json"))
        do {
            _ = try ExerciseCatalog.load(directory: empty.path)
            Issue.record("a newer format version must be refused")
        } catch {
            #expect(error.message.contains("format version 99; this grader reads up to 1"))
        }
        try Data(#"{"formatVersion": 1, "chapter": "x.md"}"#.utf8).write(to: empty.appendingPathComponent("x.json"))
        do {
            _ = try ExerciseCatalog.load(directory: empty.path)
            Issue.record("a sheet without exercises must be refused")
        } catch {
            #expect(error.headline.hasSuffix("x.json:1:1: error: not a valid exercise sheet: missing 'exercises'"), "\(error.headline)")
        }
    }

    @Test func placeholdersMustNameParameters() {
        let exercise = Exercise(id: "p", kind: .number, points: 1, prompt: "x = {{x}}", reference: .number(1))
        do {
            _ = try ExerciseCatalog(sheets: [ExerciseSheet(chapter: "c.md", exercises: [exercise])])
            Issue.record("an unknown placeholder must be refused")
        } catch {
            #expect(error.message == "exercise 'p' (c.md): the prompt uses {{x}} but no parameter has that name")
        }
    }
}
