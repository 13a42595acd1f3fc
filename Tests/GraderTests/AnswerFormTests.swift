import ExerciseModel
import Foundation
import Testing
@testable import Grader

/// A second catalogue for what students actually type: a sigmoid and a cube to differentiate,
/// `-logsigmoid` (whose derivative `-logsigmoid'` the language would compute), a network of a
/// declared shape, and a choice with its options listed. Declared in Japanese, as a course built
/// from a `language: ja` course file.
enum StudentForms {
    static let sigmoid = Exercise(
        id: "sigmoid-derivative", kind: .expression, points: 1, prompt: "σ(x) の導関数",
        reference: .derivative(of: "sigmoid(x)", variable: "x"), domain: [-5, 5])
    static let cube = Exercise(
        id: "cube-derivative", kind: .expression, points: 1, prompt: "x³/3 の導関数",
        reference: .derivative(of: "x^3 / 3", variable: "x"), domain: [-3, 3])
    static let logsigmoid = Exercise(
        id: "logsigmoid-derivative", kind: .expression, points: 1, prompt: "-log σ(x) の導関数",
        reference: .derivative(of: "-logsigmoid(x)", variable: "x"), domain: [-5, 5])
    static let xor2 = Exercise(
        id: "xor-2", kind: .network, points: 3, prompt: "隠れ層 2 個で XOR",
        reference: .truthTable(inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], outputs: [0, 1, 1, 0]),
        partialCredit: PartialCredit(perPart: 0.25), network: NetworkShape(inputs: 2, hidden: 2))
    static let pick = Exercise(
        id: "pick", kind: .choice, points: 2, prompt: "勾配消失を起こしやすいもの",
        reference: .choice(["sigmoid", "tanh"]), partialCredit: PartialCredit(perPart: 0.5),
        options: ["sigmoid", "relu", "tanh"])

    static let catalog: ExerciseCatalog = {
        do {
            return try ExerciseCatalog(sheets: [
                ExerciseSheet(chapter: "03.md", chapterNumber: 3, language: "ja", exercises: [sigmoid, cube, logsigmoid, xor2, pick]),
                Fixtures.sheet, Fixtures.extraSheet,
            ])
        } catch {
            fatalError("catalogue does not load: \(error)")
        }
    }()

    static let grader: Grader = {
        do { return try Grader(catalog: catalog) } catch { fatalError("\(error)") }
    }()

    static func result(_ id: String, _ answer: String, student: String = "s001", grader: Grader = grader) -> ExerciseResult {
        grader.grade(data: Fixtures.file(student: student, [(id, answer)]), file: "\(student).json").result(for: id)!
    }
}

/// Nothing an answer writes may compute the answer for the student: derivatives (`f'`,
/// `derivative`, `d/dx`), gradients (`grad`, `param`), descent and training are refused
/// with no credit, in whatever spelling.
@Suite struct ComputedAnswerTests {
    static let tricks: [(id: String, answer: String, name: String)] = [
        ("relu-derivative", #""relu'(x)""#, "relu'"),
        ("relu-derivative", #""derivative(relu)(x)""#, "derivative"),
        ("relu-derivative", #""d/dx relu(x)""#, "d/dx"),
        ("relu-derivative", #""relu′(x)""#, "relu'"),
        ("relu-derivative", #""0 * grad(param(1)) + step(x)""#, "grad"),
        ("leaky-relu-derivative", #""leaky_relu'(x, 0.01)""#, "leaky_relu'"),
        ("logsigmoid-derivative", #""-logsigmoid'(x)""#, "logsigmoid'"),
        ("sigmoid-derivative", #""σ'(x)""#, "sigmoid'"),
        ("sigmoid-derivative", #""derivative(sigmoid)(x)""#, "derivative"),
        ("cube-derivative", #""descent(sigmoid) * 0 + x^2""#, "descent"),
        ("gradient-decay", #""0.25^9 + 0 * relu'(1)""#, "relu'"),
        ("backprop-w1", #""grad(w1)""#, "grad"),
        ("backprop-w1", #""-6 + 0 * accuracy(train(mlp([2, 2, 2]), gate(\"xor\")), gate(\"xor\"))""#, "train"),
        ("weights", #"[["0.5", "-1 + 0 * sigmoid'(0)"], [2, 0.25]]"#, "sigmoid'"),
    ]

    @Test(arguments: tricks)
    func answersThatComputeTheAnswerGetNoCredit(_ trick: (id: String, answer: String, name: String)) {
        let result = StudentForms.result(trick.id, trick.answer)
        #expect(result.status == .error, "\(trick.answer): \(result.feedback)")
        #expect(result.score == 0)
        #expect(result.message == .computesTheAnswer(name: trick.name), "\(trick.answer): \(result.feedback)")
    }

    @Test func theMessageSaysWhyInTheCoursesLanguage() {
        #expect(StudentForms.result("relu-derivative", #""relu'(x)""#).feedback
            == "s001.json:4:24: 解答に「relu'」が使われています。これは答えを代わりに計算してしまう機能（微分・勾配・学習）なので使えません。自分で求めた結果を書いてください")
        #expect(Fixtures.result("relu-derivative", #""relu'(x)""#).feedback
            == #"s001.json:4:24: the answer uses "relu'", which computes the answer for you (a derivative, a gradient or training); write the result itself, worked out by hand"#)
    }

    @Test func theSameAnswersWrittenOutAreCorrect() {
        #expect(StudentForms.result("logsigmoid-derivative", #""sigmoid(x) - 1""#).status == .correct)
        #expect(StudentForms.result("sigmoid-derivative", #""sigmoid(x) * (1 - sigmoid(x))""#).status == .correct)
        #expect(StudentForms.result("gradient-decay", #""0.25^9""#).status == .correct)
    }
}

/// Answers as students write them: Unicode names and operators, superscripts, full-width
/// characters; a choice list in one string gets a hint.
@Suite struct StudentSpellingTests {
    static let correct: [(id: String, answer: String)] = [
        ("sigmoid-derivative", #""σ(x)·(1 − σ(x))""#),
        ("sigmoid-derivative", #""σ(x)×(1−σ(x))""#),
        ("sigmoid-derivative", #""σ（ｘ）＊（１－σ（ｘ））""#),
        ("cube-derivative", #""x²""#),
        ("cube-derivative", #""ｘ^2""#),
        ("relu-derivative", #""x ≥ 0 ? 1 : 0""#),
        ("relu-derivative", #""x ＞ 0 ? 1 : 0""#),
        ("leaky-relu-derivative", #""x > 0 ? 1 : 1×10⁻²""#),
        ("gradient-decay", #""3.8147×10⁻⁶""#),
        ("gradient-decay", #""3.8147e-6""#),
        ("gradient-decay", #""3.8147E-6""#),
        ("gradient-decay", #""０．２５^9""#),
        ("gradient-decay", #""(1/4)⁹""#),
        ("gradient-decay", #""0.25 ^ (10 − 1)""#),
        ("weights", #"[["０．５", "−1"], ["2", "1/4"]]"#),
        ("pick", #"["ｓｉｇｍｏｉｄ", " Tanh "]"#),
    ]

    @Test(arguments: correct)
    func unicodeFormsAreRead(_ answer: (id: String, answer: String)) {
        let result = StudentForms.result(answer.id, answer.answer)
        #expect(result.status == .correct, "\(answer.answer): \(result.feedback)")
    }

    @Test func aWrongUnicodeAnswerIsStillWrong() {
        #expect(StudentForms.result("cube-derivative", #""x³""#).status == .incorrect)
        #expect(StudentForms.result("gradient-decay", #""3.8×10⁻⁵""#).status == .incorrect)
        // The student's number as they wrote it, not its binary noise (3.7999999999999996e-05).
        #expect(StudentForms.result("gradient-decay", #""3.8×10⁻⁵""#).feedback.hasPrefix("3.8e-05 は期待される値ではありません"))
    }

    @Test func severalOptionsInOneStringGetAHintToUseAList() {
        let result = StudentForms.result("pick", #""sigmoid, tanh""#)
        #expect(result.status == .error)
        #expect(result.score == 0)
        #expect(result.feedback == #"s001.json:4:13: 「sigmoid, tanh」は 1 つの文字列なので、1 つの選択肢として読まれます。複数選ぶときは配列で書いてください: ["sigmoid", "tanh"]"#)
        #expect(StudentForms.result("pick", #""sigmoid、tanh""#).message == .optionsInOneString("sigmoid、tanh", parts: ["sigmoid", "tanh"]))
        // One option in a string is an answer, right or wrong.
        #expect(StudentForms.result("pick", #""relu""#).status == .incorrect)
        #expect(StudentForms.result("activations", #""sigmoid, tanh""#).message == .optionsInOneString("sigmoid, tanh", parts: ["sigmoid", "tanh"]))
    }
}

/// A network exercise that declares its shape accepts that shape only, and says which.
@Suite struct NetworkShapeTests {
    static let threeHidden = #"{"W1": [[1, 1], [-1, -1], [0, 0]], "b1": [-1.5, 0.5, -1], "W2": [[-1, -1, 0]], "b2": [0.5]}"#
    static let twoHidden = #"{"W1": [[1, 1], [-1, -1]], "b1": [-1.5, 0.5], "W2": [[-1, -1]], "b2": [0.5]}"#
    static let oneHidden = #"{"W1": [[1, 1]], "b1": [-0.5], "W2": [[1]], "b2": [-0.5]}"#

    @Test func anotherShapeIsRefusedNamingTheExpectedOne() {
        let three = StudentForms.result("xor-2", Self.threeHidden)
        #expect(three.status == .error && three.score == 0)
        #expect(three.feedback == "s001.json:4:14: W1 は 2×2 の行列にしてください。この問題は隠れ層のニューロンが 2 個（1 行に 1 個）、入力が 2 個（1 列に 1 個）ですが、3×2 の行列になっています")
        #expect(StudentForms.result("xor-2", Self.oneHidden).message
            == .firstLayerShape(inputs: 2, expected: NetworkShape(inputs: 2, hidden: 2), maxHidden: 64, got: [1, 2]))
        #expect(StudentForms.result("xor-2", Self.twoHidden).status == .correct)
        // Without a declared shape (old sheets), any size computing XOR passes, as before.
        #expect(Fixtures.result("xor-network", Self.threeHidden).status == .correct)
    }
}

/// A copied answer is named for what it is, with only the student's own numbers.
@Suite struct CopiedAnswerTests {
    @Test func theWorkedExampleAndAnotherVariantAreToldApartWithoutOthersNumbers() throws {
        let student = try #require((0..<200).map { "v\($0)" }.first { Fixtures.backpropAnswer(for: $0) != -6 })
        let mine = Variants.values(student: student, exercise: Fixtures.backprop)
        let yours = "t = \(Format.number(mine["t"]!)), w2 = \(Format.number(mine["w2"]!)), x = \(Format.number(mine["x"]!))"
        let example = Fixtures.result("backprop-w1", "-6", student: student)
        #expect(example.status == .incorrect && example.score == 0)
        #expect(example.feedback == "-6 is not the expected value (checked to relative 1e-6); it is the answer to the chapter's worked example, but your numbers are \(yours) (see your handout)")
        // Another variant's answer, differing from the student's and from the worked example.
        let others = PreparedExercise.allBindings(Fixtures.backprop.parameters, limit: 64).filter { $0 != mine }
        let other = try #require(others.lazy.map { ($0["w2"]! * $0["x"]! - $0["t"]!) * $0["w2"]! * $0["x"]! }
            .first { $0 != -6 && $0 != Fixtures.backpropAnswer(for: student) })
        let copied = Fixtures.result("backprop-w1", Format.number(other), student: student)
        #expect(copied.message == .notExpected(answer: other, tolerance: Tolerance(relative: 1e-6), matches: .anotherVariant, yours: mine))
        #expect(copied.feedback == "\(Format.number(other)) is not the expected value (checked to relative 1e-6); it is the answer for another student's numbers, but yours are \(yours) (see your handout)")
        let japanese = StudentForms.result("backprop-w1", "-6", student: student)
        #expect(japanese.feedback.hasSuffix("これは本文の例題の答えです。あなたの数値は \(yours.replacingOccurrences(of: ", ", with: "、")) です（演習シートを確認してください）"))
    }
}

/// Reports speak the course's language unless told otherwise; JSON keeps its keys and statuses.
@Suite struct ReportLanguageTests {
    @Test func theCoursesLanguageIsTheDefaultAndCanBeOverridden() throws {
        #expect(StudentForms.catalog.language == .ja)
        #expect(Fixtures.grader.catalog.language == .en)
        let file = Fixtures.file([("gradient-decay", "0.5"), ("pick", #"["sigmoid"]"#), ("xor-2", "null")])
        let japanese = StudentForms.grader.grade(data: file, file: "s001.json")
        #expect(japanese.result(for: "gradient-decay")?.feedback == "0.5 は期待される値ではありません（相対誤差 0.001 まで確認）")
        let text = japanese.text()
        #expect(text.contains("  ✗ gradient-decay         0/1  不正解\n      0.5 は期待される値ではありません"), "\(text)")
        #expect(text.contains("  ◐ pick                   1/2  部分点\n      正しい選択肢 2 個のうち 1 個を選んでいます"))
        #expect(text.contains("  · xor-2                  0/3  未解答\n      解答がありません（null）"))
        let json = japanese.jsonLine()
        #expect(json.contains(#"{"id":"gradient-decay","score":0,"max_score":1,"status":"incorrect","feedback":"0.5 は期待される値ではありません（相対誤差 0.001 まで確認）"}"#), "\(json)")
        let english = try Grader(catalog: StudentForms.catalog, reportLanguage: .en).grade(data: file, file: "s001.json")
        #expect(english.result(for: "gradient-decay")?.feedback == "0.5 is not the expected value (checked to relative 0.001)")
        #expect(english.text().contains("0/1  incorrect"))
        #expect(Gradebook.summary(reports: [japanese, japanese]) == "2 件の提出を採点しました（学生 1 人）。平均点 1 / 21")
        #expect(GradescopeResults(report: japanese).tests.first { $0.name == "xor-2" }?.output == "未解答: 解答がありません（null）")
    }

    @Test func unknownExercisesAreNotedInTheReportsLanguage() {
        let report = StudentForms.grader.grade(data: Fixtures.file([("nope", "1")]), file: "s001.json")
        #expect(report.notes == [#"存在しない問題 "nope" への解答は無視しました"#])
        #expect(report.text().contains("  注: 存在しない問題"))
    }

    @Test func languageTagsAreReadByTheirPrimaryLanguage() {
        #expect(ReportLanguage(tag: "ja-JP") == .ja)
        #expect(ReportLanguage(tag: "en_US") == .en)
        #expect(ReportLanguage(tag: "fr") == nil)
    }

    @Test func theHandoutSpeaksTheCoursesLanguage() {
        let japanese = Handout.markdown(for: "s001", catalog: StudentForms.catalog)
        #expect(japanese.hasPrefix("# 演習シート: s001\n"))
        #expect(japanese.contains("選択肢: `\"sigmoid\"`、`\"relu\"`、`\"tanh\"`。"))
        #expect(japanese.contains(#"`{"W1": [[.., ..], [.., ..]], "b1": [.., ..], "W2": [[.., ..]], "b2": [..]}`。W1 は 2×2。"#))
        let english = Handout.markdown(for: "s001", catalog: StudentForms.catalog, language: .en)
        #expect(english.hasPrefix("# Exercise sheet: s001\n\nThe numbers on this sheet are yours alone."))
        #expect(english.contains("### Problem 3.1: `sigmoid-derivative` (1 point)"))
        #expect(english.contains("## Answers file\n\nSave the JSON below"))
        // No example in a handout is itself a correct answer.
        for example in ["3 * x^2 - 1", "(2/3)^4", "3.8×10⁻⁶"] {
            for exercise in StudentForms.catalog.exercises where exercise.kind != .choice {
                let result = StudentForms.result(exercise.id, "\"\(example)\"")
                #expect(result.status != .correct, "\(example) answers \(exercise.id)")
            }
        }
    }
}
