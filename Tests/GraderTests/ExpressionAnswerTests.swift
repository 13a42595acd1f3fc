import Diagnostics
import ExerciseModel
import Testing
@testable import Grader

@Suite struct ExpressionAnswerTests {
    @Test(arguments: [
        "x > 0 ? 1 : 0", "step(x)", "x >= 0 ? 1 : 0", "(x > 0)", "1 - (x <= 0)", "x < 0 ? 0 : 1",
        "relu(x) / x", "(x + abs(x)) / (2 * x)",
    ])
    func equivalentReluDerivativesPass(_ answer: String) {
        let result = Fixtures.result("relu-derivative", "\"\(answer)\"")
        #expect(result.status == .correct, "\(answer): \(result.feedback)")
        #expect(result.score == 1)
    }

    @Test func aShiftedStepFailsAndFeedbackNamesAPointAndBothValues() {
        let result = Fixtures.result("relu-derivative", #""x > 1 ? 1 : 0""#)
        #expect(result.status == .incorrect)
        // Cell midpoints of [-5, 5] in 200 cells: the first x in (0, 1] is 0.025.
        #expect(
            result.feedback
                == #"at x = 0.025 your answer "x > 1 ? 1 : 0" gives 0 but the derivative is 1 (differs at 20 of 200 check points)"#,
            "\(result.feedback)")
    }

    @Test(arguments: ["x > 0 ? 1 : 0.01", "x >= 0 ? 1 : 0.01", "step(x) + 0.01 * (1 - step(x))", "max(0.01, step(x))"])
    func leakyReluDerivativesPass(_ answer: String) {
        let result = Fixtures.result("leaky-relu-derivative", "\"\(answer)\"")
        #expect(result.status == .correct, "\(answer): \(result.feedback)")
    }

    @Test(arguments: ["x > 0 ? 1 : 0", "x > 0 ? 1 : 0.1", "0.01"])
    func wrongLeakyReluDerivativesFail(_ answer: String) {
        let result = Fixtures.result("leaky-relu-derivative", "\"\(answer)\"")
        #expect(result.status == .incorrect, "\(answer): \(result.feedback)")
        #expect(result.feedback.contains("but the derivative is"))
    }

    @Test func aNumberIsAConstantExpression() {
        #expect(Fixtures.result("relu-derivative", "1").status == .incorrect)
    }

    @Test(arguments: [
        ("\"x > 0 ? 1\"", "does not parse"),
        ("\"y > 0 ? 1 : 0\"", "may use only x, but uses 'y'"),
        ("\"rleu(x)\"", "unknown function 'rleu'"),
        ("[1, 2]", "must be an expression in x in a string"),
        ("{\"x\": 1}", "not an object"),
    ])
    func malformedExpressionsAreErrors(_ answer: String, _ expected: String) {
        let result = Fixtures.result("relu-derivative", answer)
        #expect(result.status == .error)
        #expect(result.feedback.contains(expected), "\(answer): \(result.feedback)")
    }

    @Test func overlongAndOverdeepExpressionsAreRefusedNotCrashed() {
        let long = String(repeating: "x+", count: 600) + "x"
        let longResult = Fixtures.result("relu-derivative", "\"\(long)\"")
        #expect(longResult.status == .error)
        #expect(longResult.feedback.contains("1201 characters long; the limit is 1000"), "\(longResult.feedback)")
        let deep = String(repeating: "(", count: 500) + "x" + String(repeating: ")", count: 500)
        let deepResult = Fixtures.result("relu-derivative", "\"\(deep)\"")
        #expect(deepResult.status == .error, "\(deepResult.feedback)")
        let deepCalls = String(repeating: "relu(", count: 300) + "x" + String(repeating: ")", count: 300)
        #expect(Fixtures.result("relu-derivative", "\"\(deepCalls)\"").status == .error)
    }

    @Test func kinksOfTheReferenceAreLeftOut() throws {
        // relu(x - 0.5) over [0, 1] in 201 cells: the midpoint of cell 100 is exactly the kink.
        let catalog = try ExerciseCatalog(sheets: [
            .init(chapter: "k.md", exercises: [
                .init(
                    id: "kink", kind: .expression, points: 1, prompt: "",
                    reference: .derivative(of: "relu(x - 0.5)", variable: "x"), domain: [0, 1])
            ])
        ])
        let grader = try Grader(catalog: catalog, limits: GradingLimits(samplePoints: 201))
        // Midpoints of [0, 1] in 201 cells: k = 100 gives exactly 0.5, the kink.
        for answer in ["x > 0.5 ? 1 : 0", "x >= 0.5 ? 1 : 0"] {
            let report = grader.grade(data: Fixtures.file([("kink", "\"\(answer)\"")]), file: "a.json")
            #expect(report.result(for: "kink")?.status == .correct, "\(answer): \(report.result(for: "kink")!.feedback)")
            #expect(report.result(for: "kink")?.feedback.contains("at 200 points") == true)
        }
    }

    @Test func aReferenceThatDoesNotParseIsAnAuthorError() throws {
        let catalog = try ExerciseCatalog(sheets: [
            .init(chapter: "k.md", exercises: [
                .init(id: "bad", kind: .expression, points: 1, prompt: "", reference: .derivative(of: "relu(x", variable: "x"), source: "Content/05.md:7:3")
            ])
        ])
        #expect {
            _ = try Grader(catalog: catalog)
        } throws: { error in
            guard let diagnostic = error as? Diagnostic else { return false }
            return diagnostic.location?.description == "Content/05.md:7:3"
                && diagnostic.message.hasPrefix("exercise 'bad': its reference function does not parse")
        }
    }
}

