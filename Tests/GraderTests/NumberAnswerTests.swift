import ExerciseModel
import Testing
@testable import Grader

@Suite struct NumberAnswerTests {
    @Test(arguments: ["3.814697265625e-6", "\"0.25^9\"", "\"(1/4)^9\"", "\"1/4^9\"", "0.000003815", "\"0.25 ^ 9\""])
    func rightAndEquivalentAnswersPass(_ answer: String) {
        let result = Fixtures.result("gradient-decay", answer)
        #expect(result.status == .correct, "\(answer): \(result.feedback)")
        #expect(result.score == 1)
    }

    @Test(arguments: ["\"0.25^10\"", "0.00001", "\"2*(2-5)\"", "-3.8e-6"])
    func wrongAnswersFail(_ answer: String) {
        let result = Fixtures.result("gradient-decay", answer)
        #expect(result.status == .incorrect, "\(answer): \(result.feedback)")
        #expect(result.score == 0)
        #expect(result.feedback.contains("is not the expected value"))
    }

    @Test(arguments: [
        ("\"0/0\"", "not a number (NaN)"),
        ("\"1/0\"", "overflows"),
        ("\"10^400\"", "overflows"),
        ("1e999", "too large"),
        ("-1e999", "s001.json:4:23: the number -1e999 is too large (beyond ±1.8e308)"),
        ("NaN", "NaN and Infinity are not JSON numbers"),
        ("true", "must be a number or an expression in a string, not a boolean"),
        ("[1]", "not an array"),
        ("\"0.25^^9\"", "does not parse"),
        ("\"x^9\"", "uses the name 'x'"),
        ("\"sin(\"", "does not parse"),
    ])
    func malformedAnswersAreErrorsWithAMessage(_ answer: String, _ expected: String) {
        let report = Fixtures.grade([("gradient-decay", answer), ("relu-derivative", "\"step(x)\"")])
        // A JSON-level problem (NaN) makes the whole file unreadable; others (1e999 too) are per answer.
        let result = report.result(for: "gradient-decay")!
        #expect(result.status == .error)
        #expect(result.score == 0)
        let text = (report.errors ?? []).joined() + result.feedback
        #expect(text.contains(expected), "\(answer): \(text)")
        if report.errors == nil {
            #expect(report.result(for: "relu-derivative")?.status == .correct, "one bad answer must not stop the others")
        }
    }

    @Test func feedbackOfAMalformedStringShowsACaret() {
        let result = Fixtures.result("gradient-decay", "\"0.25 ^ * 9\"")
        #expect(result.status == .error)
        #expect(result.feedback.hasPrefix("s001.json:4:23: the expression does not parse"), "\(result.feedback)")
        #expect(result.feedback.contains("    0.25 ^ * 9\n           ^"), "\(result.feedback)")
    }

    @Test func missingNullAndEmptyAreMissingNotErrors() {
        let report = Fixtures.grade([("gradient-decay", "null"), ("backprop-w1", "\"  \"")])
        #expect(report.result(for: "gradient-decay")?.status == .missing)
        #expect(report.result(for: "backprop-w1")?.status == .missing)
        #expect(report.result(for: "relu-derivative")?.status == .missing)
        #expect(report.result(for: "relu-derivative")?.feedback == "no answer")
    }

    @Test func tolerances() {
        #expect(Tolerance(relative: 0.01).accepts(101, 100))
        #expect(!Tolerance(relative: 0.01).accepts(102, 100))
        #expect(Tolerance(absolute: 0.5).accepts(0.4, 0))
        #expect(!Tolerance(absolute: 0.5).accepts(0.6, 0))
        #expect(Tolerance(significantFigures: 2).accepts(3.8e-6, 3.814697265625e-6))
        #expect(Tolerance(significantFigures: 2).accepts(3.84e-6, 3.814697265625e-6))
        #expect(!Tolerance(significantFigures: 2).accepts(3.9e-6, 3.814697265625e-6))
        #expect(!Tolerance(significantFigures: 3).accepts(3.8e-6, 3.814697265625e-6))
        #expect(Tolerance().accepts(1 + 1e-7, 1))
        #expect(!Tolerance().accepts(1 + 1e-5, 1))
        #expect(!Tolerance(absolute: 1).accepts(.nan, 0))
        #expect(!Tolerance(absolute: 1e300).accepts(.infinity, 0))
    }
}
