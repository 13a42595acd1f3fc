import Diagnostics
import ExerciseModel
import NNLanguage
import Testing

/// `hidden N` and `options "a", "b"`: what a network answer must look like and what a choice
/// exercise offers, declared once for the page, the handout and the grader.
@Suite struct ExerciseShapeTests {
    static let xor = """
        xor_truth(x1, x2) = (x1 + x2 == 1)
        exercise "xor-network" network
            prompt "XOR"
            answer truth_table xor_truth over x1, x2 in {0, 1}
        """

    @Test func hiddenDeclaresTheNetworkShape() throws {
        let session = ChapterSession(file: "Content/02.md")
        _ = try session.run(block: Self.xor + "\n    hidden 2", firstLine: 1)
        #expect(session.exercises.first?.network == NetworkShape(inputs: 2, hidden: 2, outputs: 1))
        let undeclared = ChapterSession(file: "Content/02.md")
        _ = try undeclared.run(block: Self.xor, firstLine: 1)
        #expect(undeclared.exercises.first?.network == nil)
    }

    @Test func optionsListWhatAChoiceOffers() throws {
        let session = ChapterSession(file: "Content/05.md")
        _ = try session.run(block: """
            exercise "activations" choice
                prompt "勾配消失を起こしやすいものは"
                options "sigmoid", "relu", "tanh"
                answer "sigmoid", "tanh"
            """, firstLine: 1)
        #expect(session.exercises.first?.options == ["sigmoid", "relu", "tanh"])
        #expect(session.exercises.first?.reference == .choice(["sigmoid", "tanh"]))
    }

    @Test func shapeAndOptionMistakesAreDiagnosed() {
        let texts = { (source: String) in diagnostics(source, firstLine: 1).map(\.description).joined(separator: "\n") }
        #expect(texts(Self.xor + "\n    hidden 0") == """
            Content/03.md:5:12: error: 'hidden' takes a whole number of hidden units from 1 to 64
            5 |     hidden 0
              |            ^
            """)
        #expect(texts("exercise \"a\"\n  prompt \"p\"\n  answer 1\n  hidden 2") == """
            Content/03.md:4:10: error: 'hidden' is for network exercises (answer truth_table …)
            4 |   hidden 2
              |          ^
            """)
        #expect(texts("exercise \"a\"\n  prompt \"p\"\n  options \"a\", \"b\"\n  answer \"c\"") == """
            Content/03.md:4:10: error: the answer "c" is not among the options
            4 |   answer "c"
              |          ^
            note: options: "a", "b"
            """)
        #expect(texts("exercise \"a\"\n  prompt \"p\"\n  options \"a\", \"a\"\n  answer \"a\"") == """
            Content/03.md:3:3: error: the option "a" is listed twice
            3 |   options "a", "a"
              |   ^
            """)
        #expect(texts("exercise \"a\"\n  prompt \"p\"\n  options \"a\"\n  answer 1") == """
            Content/03.md:3:3: error: 'options' is for choice exercises (answer "a", "b")
            3 |   options "a"
              |   ^
            """)
    }

    @Test func answersThatComputeTheAnswerAreFound() throws {
        for (source, name) in [
            ("relu'(x)", "relu'"), ("derivative(relu)(x)", "derivative"), ("-logsigmoid'(x)", "logsigmoid'"),
            ("grad(w1)", "grad"), ("descent(sigmoid)", "descent"), ("1 + train(mlp([2, 2, 1]), gate(\"xor\"))", "train"),
        ] {
            #expect(try Expression.parse(source).computingUse == name, "\(source)")
            #expect(Expression.computingUse(in: source) == name, "\(source)")
        }
        #expect(Expression.computingUse(in: "d/dx relu(x)") == "d/dx")
        #expect(try Expression.parse("x > 0 ? 1 : 0").computingUse == nil)
        #expect(try Expression.parse("sigmoid(x) * (1 - sigmoid(x))").computingUse == nil)
        #expect(Expression.computingUse(in: "d / 2 + dx") == nil)
    }
}
