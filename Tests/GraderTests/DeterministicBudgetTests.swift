import ExerciseModel
import Foundation
import Synchronization
import Testing
@testable import Grader

/// An answer's cost is counted in evaluation steps, never timed: the same files give the same
/// bytes alone, in a folder, or on a machine busy with other work, and one expensive answer
/// never changes another's grade.
@Suite struct DeterministicBudgetTests {
    /// Correct (it is 0 + step(x)), but makes a 100×100 matrix at each point. (Once this was
    /// gradient descent, `descent(…)`, which answers are no longer allowed to use.)
    static let descent = #""sum(zeros(100, 100))*0+step(x)""#
    /// The Fixtures catalogue has 7 exercises: each answer's share of the 5,000,000-step file
    /// allowance is 714,285, rounded down to 710,000.
    static let share = "710,000"

    /// A fresh grader each time: a shared one would answer from its cache of graded texts.
    /// `small` gives each answer 200,000 steps instead of 710,000, so the tests that grade the
    /// descent answer many times stay quick in a debug build.
    static func freshGrader(small: Bool = false) throws -> Grader {
        try Grader(
            catalog: ExerciseCatalog(sheets: [Fixtures.sheet, Fixtures.extraSheet]),
            limits: small ? GradingLimits(maxFileSteps: 1_400_000) : .standard)
    }

    static func files() -> [(file: String, data: [UInt8])] {
        [
            ("a.json", Fixtures.file(student: "a", [("relu-derivative", descent), ("leaky-relu-derivative", #""x > 0 ? 1 : 0.01""#)])),
            ("b.json", Fixtures.file(student: "b", [("relu-derivative", #""step(x)""#)])),
            ("c.json", Fixtures.file(student: "c", [("relu-derivative", descent), ("gradient-decay", #""0.25^9""#)])),
            ("d.json", Fixtures.file(student: "d", [("relu-derivative", #""x > 1 ? 1 : 0""#)])),
        ]
    }

    @Test func anExpensiveAnswerIsOverItsAllowanceWithAMessageThatSaysSo() throws {
        let report = try Self.freshGrader().grade(data: Self.files()[0].data, file: "a.json")
        let result = try #require(report.result(for: "relu-derivative"))
        #expect(result.status == .error)
        #expect(
            result.feedback
                == "a.json:4:24: checking the expression at 200 points needs more than \(Self.share) evaluation steps (the limit for one answer); it was stopped at x = -3.225",
            "\(result.feedback)")
    }

    @Test func aloneInAFolderOfFourAndUnderLoadTheBytesAreTheSame() throws {
        let files = Self.files()
        let alone = try Self.freshGrader(small: true).grade(data: files[0].data, file: files[0].file).jsonLine()
        let folder = try Self.freshGrader(small: true).grade(files: files).map { $0.jsonLine() }
        #expect(folder[0] == alone)
        #expect(folder[2].contains("needs more than 200,000 evaluation steps"))

        // The same folder again while other threads keep every core busy.
        let stop = Flag()
        let burners = (0..<max(2, ProcessInfo.processInfo.activeProcessorCount * 2)).map { _ in
            let thread = Thread {
                var x = 1.0
                while !stop.isSet { for _ in 0..<10_000 { x = x * 1.000_000_1 + 1e-9 } }
                if x == 0 { print(x) }
            }
            thread.start()
            return thread
        }
        defer { stop.set() }
        let loaded = try Self.freshGrader(small: true).grade(files: files).map { $0.jsonLine() }
        let loadedAlone = try Self.freshGrader(small: true).grade(data: files[0].data, file: files[0].file).jsonLine()
        stop.set()
        _ = burners
        #expect(loaded == folder)
        #expect(loadedAlone == alone)
    }

    @Test func oneExpensiveAnswerDoesNotChangeAnother() throws {
        let leaky = #""x > 0 ? 1 : 0.01""#
        let withBad = try Self.freshGrader(small: true).grade(
            data: Fixtures.file([("relu-derivative", Self.descent), ("leaky-relu-derivative", leaky)]), file: "s.json")
        let without = try Self.freshGrader(small: true).grade(data: Fixtures.file([("leaky-relu-derivative", leaky)]), file: "s.json")
        #expect(withBad.result(for: "leaky-relu-derivative") == without.result(for: "leaky-relu-derivative"))
        #expect(withBad.result(for: "leaky-relu-derivative")?.status == .correct)
    }

    @Test func aNumberAndATensorAnswerShareOneAllowanceEach() throws {
        let grader = try Self.freshGrader()
        // About 300,000 steps each (150,000 numbers made, then summed), quick to run.
        let element = #""sum(zeros(1000, 150)) * 0 + 1""#
        let report = grader.grade(
            data: Fixtures.file([
                ("gradient-decay", #""sum(zeros(1000, 800)) * 0""#),
                ("weights", "[[\(element), \(element)], [\(element), \(element)]]"),
            ]), file: "s.json")
        #expect(
            report.result(for: "gradient-decay")?.feedback
                == #"s.json:4:23: the answer "sum(zeros(1000, 800)) * 0" needs more than 710,000 evaluation steps (the limit for one answer)"#,
            "\(report.result(for: "gradient-decay")?.feedback ?? "")")
        // Each element alone fits; the third takes the four past their one allowance.
        #expect(
            report.result(for: "weights")?.feedback
                == #"s.json:5:86: element [1][0] "sum(zeros(1000, 150)) * 0 + 1" needs more than 710,000 evaluation steps (the limit for one answer)"#,
            "\(report.result(for: "weights")?.feedback ?? "")")
    }

    @Test func theShareIsRoundedDownAndNeverAboveEitherLimit() {
        let limits = GradingLimits()
        #expect(limits.answerSteps(exercises: 7) == 710_000)
        #expect(limits.answerSteps(exercises: 1) == 1_000_000)
        #expect(limits.answerSteps(exercises: 3) == 1_000_000)
        #expect(limits.answerSteps(exercises: 6) == 830_000)
        #expect(limits.answerSteps(exercises: 0) == 1_000_000)
    }
}

/// A flag other threads read: set once to stop them.
final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
