import Diagnostics
import ExerciseModel
import Foundation
import NNLanguage
import Testing

/// The bundled course's five exercises, declared as the chapter declares them.
@Suite struct ExerciseTests {
    @Test func xorNetworkReferenceIsTheTruthTableOfAReferenceNetwork() throws {
        let session = ChapterSession(file: "Content/03.md")
        _ = try session.run(block: """
            hidden(x1, x2) = step([[1, 1], [-1, -1]] @ [x1, x2] + [-1.5, 0.5])
            xor(x1, x2) = step([-1, -1] @ hidden(x1, x2) + 0.5)   # NOR of AND and NOR
            exercise "xor-network" network
                points 3
                prompt \"\"\"
                    隠れ層に2つのニューロンを持ち、活性化関数にステップ関数を使う
                    2層ネットワークで XOR を実装しなさい。
                    \"\"\"
                answer truth_table xor over x1, x2 in {0, 1}
                partial 0.25
            """, firstLine: 20)
        let exercise = try #require(session.exercises.first)
        #expect(exercise.id == "xor-network")
        #expect(exercise.kind == .network)
        #expect(exercise.points == 3)
        #expect(exercise.prompt == "隠れ層に2つのニューロンを持ち、活性化関数にステップ関数を使う\n2層ネットワークで XOR を実装しなさい。")
        #expect(exercise.reference == .truthTable(inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], outputs: [0, 1, 1, 0]))
        #expect(exercise.partialCredit == PartialCredit(perPart: 0.25))
        #expect(exercise.source == "Content/03.md:22:1")
    }

    @Test func derivativeExercisesKeepTheirFunctionText() throws {
        let session = ChapterSession(file: "Content/03.md")
        _ = try session.run(block: """
            exercise "relu-derivative" expression
                points 1
                prompt "ReLU(x) = max(0, x) の導関数を x の式で答えなさい。"
                answer d/dx relu(x)
                domain -5 .. 5
            exercise "leaky-relu-derivative" expression
                prompt "Leaky ReLU(x) = max(0.01x, x) の導関数を答えなさい。"
                answer d/dx leaky_relu(x, 0.01)
            exercise "leaky-by-hand" expression
                prompt "同じ関数を条件式で書いた場合。"
                answer d/dx x > 0 ? x : 0.01 * x
            """, firstLine: 1)
        let exercises = session.exercises
        #expect(exercises.map(\.id) == ["relu-derivative", "leaky-relu-derivative", "leaky-by-hand"])
        #expect(exercises[0].reference == .derivative(of: "relu(x)", variable: "x"))
        #expect(exercises[0].domain == [-5, 5])
        #expect(exercises[1].reference == .derivative(of: "leaky_relu(x, 0.01)", variable: "x"))
        #expect(exercises[2].reference == .derivative(of: "x > 0 ? x : 0.01 * x", variable: "x"))
        let catalogue = try Expression.parse("leaky_relu(x, 0.01)")
        for x in [-3.0, -0.5, 0.5, 3] {
            #expect(try catalogue.valueAndDerivative(at: x).derivative == (x > 0 ? 1 : 0.01))
        }
        // The text alone gives the derivative the grader will compare against.
        let reference = try Expression.parse("x > 0 ? x : 0.01 * x")
        #expect(try reference.valueAndDerivative(at: -2).derivative == 0.01)
        #expect(try reference.valueAndDerivative(at: 3).derivative == 1)
    }

    @Test func backpropExerciseHasAProgramThatRecomputesItPerStudent() throws {
        let session = ChapterSession(file: "Content/03.md")
        _ = try session.run(block: linearChainProgram + "\n" + """
            show grad(w1)
            exercise "backprop-w1" number
                points 2
                prompt "$x = 2, t = 5, w_1 = w_2 = 1$ のとき $\\\\partial L / \\\\partial w_1$ を求めなさい。"
                answer grad(w1)
                tolerance 1e-6
                vary x in {1, 3}, t in {4, 6}
            exercise "backprop-w1-weights" number
                prompt "重みも変えて ∂L/∂w₁ を求めなさい。"
                answer grad(w1)
                vary x in {1, 3}, t in {4, 6}, w1 in {0.5, 2}, w2 in {1, 3}
            """, firstLine: 1)
        let exercise = try #require(session.exercises.first)
        #expect(exercise.kind == .number)
        #expect(exercise.reference == .number((2 - 5) * 1 * 2))     // (y − t)·w2·x
        #expect(exercise.tolerance == Tolerance(relative: 1e-6))
        #expect(exercise.parameters == [VariantParameter(name: "x", choices: [1, 3]), VariantParameter(name: "t", choices: [4, 6])])
        let program = try #require(exercise.referenceProgram)
        #expect(!program.contains("x = 2") && !program.contains("show"))
        for x in [1.0, 2, 3] { for t in [4.0, 5, 6] {
            #expect(try ReferenceProgram.evaluate(program, parameters: ["x": x, "t": t]) == (x - t) * x)
        } }
        // With the weights varied too: ∂L/∂w1 = (w2·w1·x − t)·w2·x.
        let weights = try #require(session.exercises.last?.referenceProgram)
        #expect(!weights.contains("param(1)"))
        for (x, t, w1, w2) in [(1.0, 4.0, 0.5, 2.0), (2, 5, 1, 1), (2, 4, 0.5, 1)] {
            #expect(try ReferenceProgram.evaluate(weights, parameters: ["x": x, "t": t, "w1": w1, "w2": w2]) == (w2 * w1 * x - t) * w2 * x)
        }
    }

    @Test func gradientDecayIsComputed() throws {
        let session = ChapterSession(file: "Content/03.md")
        _ = try session.run(block: """
            layers = 10
            exercise "gradient-decay" number
                points 1
                prompt "各層で σ'(a) = 0.25 のとき、第1層の勾配は第10層の何倍か。"
                answer 0.25^(layers - 1)
                tolerance 0.01
            """, firstLine: 1)
        #expect(session.exercises.first?.reference == .number(Foundation.pow(0.25, 9.0)))
    }

    /// A placeholder naming no parameter is refused by the build, at the prompt, with the
    /// parameters the exercise has (before, the build wrote it and `grade` refused the file).
    @Test func placeholdersMustNameAParameter() {
        let texts = { (source: String) in diagnostics(source, firstLine: 20, column: 5).map(\.description).joined(separator: "\n") }
        #expect(texts("""
            rate = 0.5
            exercise "step" number
              prompt "学習率 {{ rat }} で {{rate}} 回"
              answer rate * 2
              vary rate in {0.1, 0.5}
            """) == """
            Content/03.md:22:14: error: the prompt of 'step' uses {{rat}}, but the exercise has no parameter 'rat'
            22 |       prompt "学習率 {{ rat }} で {{rate}} 回"
               |              ^
            note: did you mean 'rate'?
            note: parameters: rate
            """)
        #expect(texts("exercise \"e\" number\n  prompt \"x = {{ x }}\"\n  answer 1") == """
            Content/03.md:21:14: error: the prompt of 'e' uses {{x}}, but the exercise has no parameter 'x'
            21 |       prompt "x = {{ x }}"
               |              ^
            note: the exercise has no parameters; a placeholder needs one, as in 'vary x in {1, 2, 3}'
            """)
        #expect(texts("x = 1\nexercise \"e\" number\n  prompt \"{{ x }} and {{not one}}\"\n  answer x * 2\n  vary x in {2, 3}").isEmpty)
    }

    /// The declaring block's own values are a worked example a reader can copy: they may not be
    /// a variant, and no variant may share their answer (`x = 2, t = 4` gives −4, the answer
    /// for `x = 1, t = 5`). Both refused at the `vary` line.
    @Test func aWorkedExampleIsNoStudentsAnswer() {
        let texts = { (source: String) in diagnostics(source, firstLine: 10).map(\.description).joined(separator: "\n") }
        let block = { (x: Int, t: Int, vary: String) in
            "x = \(x)\nt = \(t)\ny = (x - t) * x\nexercise \"b\" number\n    prompt \"x = {{x}}, t = {{t}}\"\n    answer y\n    \(vary)"
        }
        #expect(texts(block(2, 5, "vary x in {1, 2, 3, 4}, t in {5, 6, 7}")) == """
            Content/03.md:16:10: error: the worked example of 'b' (x = 2, t = 5) is one of its variants: a student dealt these numbers could copy the answer the chapter computes
            16 |     vary x in {1, 2, 3, 4}, t in {5, 6, 7}
               |          ^
            note: give the example values outside the 'vary' lists (x in {1, 2, 3, 4}, t in {5, 6, 7}), or take its values out of the lists
            """)
        #expect(texts(block(2, 4, "vary x in {1, 3, 4}, t in {5, 6, 7}")) == """
            Content/03.md:16:10: error: the worked example of 'b' (x = 2, t = 4) has the answer -4, which is also the answer for x = 1, t = 5: a student dealt those numbers could copy it
            16 |     vary x in {1, 3, 4}, t in {5, 6, 7}
               |          ^
            note: choose the example's values or the 'vary' lists (x in {1, 3, 4}, t in {5, 6, 7}) so that no variant shares the example's answer
            """)
        #expect(texts(block(3, 4, "vary x in {1, 2, 4}, t in {5, 6, 7}")).isEmpty)
    }

    /// The grader's id rule, checked when the exercise is declared: the build used to write ids
    /// the grader then refused (found by the chapter fuzzer).
    @Test func exerciseIDsFollowTheGradersRule() {
        let texts = { (source: String) in diagnostics(source, firstLine: 1).map(\.description).joined(separator: "\n") }
        #expect(texts("exercise \"e2'\" number\n  prompt \"p\"\n  answer 1") == """
            Content/03.md:1:1: error: this exercise id is not allowed
            1 | exercise "e2'" number
              | ^
            note: an exercise id is 1 to 100 letters, digits, '-', '_' or '.'
            """)
        #expect(texts("exercise \"\(String(repeating: "a", count: 101))\" number\n  prompt \"p\"\n  answer 1").contains("not allowed"))
        #expect(texts("exercise \"勾配-1.b_c\" number\n  prompt \"p\"\n  answer 1").isEmpty)
    }

    @Test func exerciseMistakesAreDiagnosed() {
        let texts = { (source: String) in diagnostics(source, firstLine: 1).map(\.description).joined(separator: "\n") }
        #expect(texts("exercise \"a\" numbr\n  prompt \"p\"\n  answer 1") == """
            Content/03.md:1:14: error: unknown exercise kind 'numbr'
            1 | exercise "a" numbr
              |              ^
            note: did you mean 'number'?
            """)
        #expect(texts("exercise \"a\" network\n  prompt \"p\"\n  answer 1") == """
            Content/03.md:1:14: error: exercise 'a' is declared 'network' but its answer is of kind 'number'
            1 | exercise "a" network
              |              ^
            note: number: a single number; tensor: a vector or matrix; expression: 'answer d/dx f(x)'; network: 'answer truth_table f over ...'; choice: strings
            """)
        #expect(texts("exercise \"a\"\n  answer 1") == """
            Content/03.md:1:1: error: exercise 'a' needs a prompt
            1 | exercise "a"
              | ^
            note: add a line 'prompt "..."'
            """)
        #expect(texts("f(x) = 2 * x\nexercise \"a\"\n  prompt \"p\"\n  answer d/dx f(x)") == """
            Content/03.md:4:15: error: the answer 'f(x)' must stand alone: unknown function 'f'
            4 |   answer d/dx f(x)
              |               ^
            note: the grader sees only this text; write it with catalogue functions, not the chapter's definitions
            """)
    }
}
