import Testing
@testable import Grader

@Suite struct NetworkAnswerTests {
    @Test(arguments: [
        // The source material's solution: AND-like and NOR-like hidden units.
        #"{"W1": [[1, 1], [-1, -1]], "b1": [-1.5, 0.5], "W2": [[-1, -1]], "b2": [0.5]}"#,
        // OR and NAND, then AND: another correct network.
        #"{"W1": [[1, 1], [-1, -1]], "b1": [-0.5, 1.5], "W2": [[1, 1]], "b2": [-1.5]}"#,
        // Scaled weights, W2 as a flat vector and b2 as a number.
        #"{"W1": [[20, 20], [-20, -20]], "b1": [-10, 30], "W2": [20, 20], "b2": -30}"#,
        // Three hidden units, one of them unused.
        #"{"W1": [[1, 1], [-1, -1], [0, 0]], "b1": [-0.5, 1.5, 0], "W2": [[1, 1, 0]], "b2": [-1.5]}"#,
    ])
    func anyCorrectXORNetworkPasses(_ answer: String) {
        let result = Fixtures.result("xor-network", answer)
        #expect(result.status == .correct, "\(result.feedback)")
        #expect(result.score == 2)
        #expect(result.feedback.hasPrefix("correct: the network computes the whole truth table"))
    }

    @Test func aWrongNetworkShowsItsTruthTableAndGetsPartialCredit() {
        // An AND network computes 0, 0, 0, 1 against XOR's 0, 1, 1, 0: one row right.
        let result = Fixtures.result("xor-network", #"{"W1": [[1, 1], [0, 0]], "b1": [-1.5, 0], "W2": [[1, 0]], "b2": [-0.5]}"#)
        #expect(result.status == .partial)
        #expect(result.score == 0.5)  // 1 row × 0.25 × 2 points
        #expect(
            result.feedback == """
                the network gets 1 of 4 rows right
                x1 x2 | yours | expected
                 0  0 |     0 |        0  ✓
                 0  1 |     0 |        1  ✗
                 1  0 |     0 |        1  ✗
                 1  1 |     1 |        0  ✗
                """, "\(result.feedback)")
    }

    @Test(arguments: [
        (#"{"W1": [[1, 1]], "b1": [-1.5, 0.5], "W2": [[-1, -1]], "b2": [0.5]}"#, "b1 must be a vector of 1"),
        (#"{"W1": [[1, 1, 1], [1, 1, 1]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0]}"#, "W1 must be a matrix with one row per hidden unit (1 to 64) and 2 columns (one per input), but it is a 2×3 matrix"),
        (#"{"W1": [[1, 1], [1]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0]}"#, "the rows of W1 have different lengths (2 and 1)"),
        (#"{"W1": [[1, "1"], [1, 1]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0]}"#, "W1[0][1] must be a number, not a string"),
        (#"{"W1": [[1, 1], [1, 1]], "b1": [0, null], "W2": [[1, 1]], "b2": [0]}"#, "b1[1] must be a number, not null"),
        (#"{"W1": [[1, 1], [1, 1]], "b1": [0, 0], "W2": [[1, 1]]}"#, "the network has no \"b2\""),
        (#"{"W1": [[1, 1], [1, 1]], "b1": [0, 0], "W2": [[1, 1], [1, 1]], "b2": [0]}"#, "W2 must be a 1×2 matrix"),
        (#"{"W1": [[1, 1], [1, 1]], "b1": [0, 0], "W2": [[1, 1]], "b2": [0, 1]}"#, "b2 must be a vector of 1"),
        (#"{"W1": [], "b1": [0, 0], "W2": [[1, 1]], "b2": [0]}"#, "W1 is empty"),
        (#"[[1, 1], [1, 1]]"#, "the answer must be an object"),
        (#""step(x)""#, "not a string"),
    ])
    func wrongShapesAndNonNumbersGetAClearMessage(_ answer: String, _ expected: String) {
        let result = Fixtures.result("xor-network", answer)
        #expect(result.status == .error)
        #expect(result.feedback.contains(expected), "\(result.feedback)")
    }

    @Test func hugeWeightsDoNotCrash() {
        let result = Fixtures.result("xor-network", #"{"W1": [[1e308, 1e308], [-1e308, -1e308]], "b1": [1e308, -1e308], "W2": [[1e308, 1e308]], "b2": [-1e308]}"#)
        #expect(result.status != .error, "\(result.feedback)")
        #expect(result.feedback.contains("x1 x2 | yours | expected"))
    }
}

@Suite struct TensorAnswerTests {
    @Test func rightAndEquivalent() {
        #expect(Fixtures.result("weights", "[[0.5, -1], [2, 0.25]]").status == .correct)
        #expect(Fixtures.result("weights", #"[["1/2", "-1"], ["2*(2-1)", "(1/2)^2"]]"#).status == .correct)
        #expect(Fixtures.result("weights", "[[0.5000001, -1], [2, 0.25]]").status == .correct)
    }

    @Test func wrongElementsGetPartialCreditAndArePointedAt() {
        let result = Fixtures.result("weights", "[[0.5, 1], [2, 0.3]]")
        #expect(result.status == .partial)
        #expect(result.score == 2)
        #expect(result.feedback == "2 of 4 elements are right (checked to absolute 1e-6); wrong: [0][1] = 1, [1][1] = 0.3", "\(result.feedback)")
        #expect(Fixtures.result("weights", "[[0, 0], [0, 0]]").status == .incorrect)
    }

    @Test(arguments: [
        ("[0.5, -1, 2, 0.25]", "must be a 2×2 matrix, but it is a vector of 4"),
        ("[[0.5, -1, 2], [0.25, 0, 0]]", "must be a 2×2 matrix, but it is a 2×3 matrix"),
        ("[[0.5, -1], [2]]", "the rows have different lengths (2 and 1)"),
        ("[[0.5, -1], 2]", "row 2 must be an array"),
        (#"[[0.5, -1], [2, "1/0"]]"#, "element [1][1] \"1/0\" overflows"),
        (#"[[0.5, -1], [2, true]]"#, "element [1][1] must be a number or an expression in a string, not a boolean"),
        (#"{"a": 1}"#, "must be a 2×2 matrix written as JSON arrays, not an object"),
    ])
    func malformed(_ answer: String, _ expected: String) {
        let result = Fixtures.result("weights", answer)
        #expect(result.status == .error)
        #expect(result.feedback.contains(expected), "\(result.feedback)")
    }
}

@Suite struct ChoiceAnswerTests {
    @Test func oneOrSeveralOptions() {
        #expect(Fixtures.result("activations", #"["sigmoid", "tanh"]"#).status == .correct)
        #expect(Fixtures.result("activations", #"["Tanh ", "sigmoid", "tanh"]"#).status == .correct)
        let half = Fixtures.result("activations", #""sigmoid""#)
        #expect(half.status == .partial)
        #expect(half.score == 1)
        #expect(half.feedback == "1 of 2 correct options chosen")
        let wrongPick = Fixtures.result("activations", #"["sigmoid", "relu"]"#)
        #expect(wrongPick.status == .incorrect)
        #expect(wrongPick.feedback == "1 of 2 correct options chosen, 1 wrong option chosen")
        #expect(Fixtures.result("activations", #"["relu"]"#).status == .incorrect)
    }

    @Test func malformed() {
        #expect(Fixtures.result("activations", "3").status == .error)
        #expect(Fixtures.result("activations", #"["sigmoid", 3]"#).feedback.contains("option 2 must be a string, not a number"))
        let many = "[" + Array(repeating: "\"a\"", count: 101).joined(separator: ",") + "]"
        #expect(Fixtures.result("activations", many).feedback.contains("more than 100 options"))
    }
}
