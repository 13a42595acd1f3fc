import ExerciseModel
import Foundation
@testable import Grader

/// The course's five exercises as `coursegen build` declares them, plus a tensor and a choice
/// exercise, so every answer kind is graded against a realistic catalogue.
enum Fixtures {
    static let xor = Exercise(
        id: "xor-network", kind: .network, points: 2, prompt: "XOR を計算する 2 層ネットワークの重みを答えよ。",
        reference: .truthTable(inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], outputs: [0, 1, 1, 0]),
        partialCredit: PartialCredit(perPart: 0.25), source: "Content/03.md:120:1")
    static let relu = Exercise(
        id: "relu-derivative", kind: .expression, points: 1, prompt: "ReLU の導関数を x の式で答えよ。",
        reference: .derivative(of: "relu(x)", variable: "x"), domain: [-5, 5])
    static let leaky = Exercise(
        id: "leaky-relu-derivative", kind: .expression, points: 1, prompt: "Leaky ReLU (傾き 0.01) の導関数を答えよ。",
        reference: .derivative(of: "leaky_relu(x, 0.01)", variable: "x"), domain: [-5, 5])
    /// As the language declares it (`vary x in {1, 2, 3}, t in {4, 5, 6}, w2 in {1, 2}`): the
    /// program is the block's statements without the varied assignments, then the answer.
    static let backprop = Exercise(
        id: "backprop-w1", kind: .number, points: 2,
        prompt: "x = {{x}}, t = {{t}}, w1 = 1, w2 = {{w2}} のとき ∂L/∂w1 を求めよ。",
        reference: .number(-6), tolerance: Tolerance(relative: 1e-6),
        referenceProgram: "w1 = param(1)\na1 = w1 * x\nh1 = a1\na2 = w2 * h1\ny = a2\nL = 1/2 * (y - t)^2\nbackward L\ngrad(w1)",
        parameters: [
            VariantParameter(name: "x", choices: [1, 2, 3]), VariantParameter(name: "t", choices: [4, 5, 6]),
            VariantParameter(name: "w2", choices: [1, 2]),
        ])
    static let decay = Exercise(
        id: "gradient-decay", kind: .number, points: 1, prompt: "σ'(a) = 0.25 のとき、第1層の勾配は第10層の何倍か。",
        reference: .number(pow(0.25, 9)), tolerance: Tolerance(relative: 1e-3))
    static let weights = Exercise(
        id: "weights", kind: .tensor, points: 4, prompt: "重み行列を答えよ。",
        reference: .tensor(shape: [2, 2], scalars: [0.5, -1, 2, 0.25]), tolerance: Tolerance(absolute: 1e-6),
        partialCredit: PartialCredit(perPart: 0.25))
    static let activations = Exercise(
        id: "activations", kind: .choice, points: 2, prompt: "勾配消失を起こしやすい活性化関数をすべて選べ。",
        reference: .choice(["sigmoid", "tanh"]), partialCredit: PartialCredit(perPart: 0.5))

    static let sheet = ExerciseSheet(chapter: "03.md", exercises: [xor, relu, leaky, backprop, decay])
    static let extraSheet = ExerciseSheet(chapter: "04.md", exercises: [weights, activations])

    static let grader: Grader = {
        do {
            return try Grader(catalog: ExerciseCatalog(sheets: [sheet, extraSheet]))
        } catch {
            fatalError("fixture catalogue does not load: \(error)")
        }
    }()

    /// The answer for `backprop-w1` that is right for this student's variant, computed here
    /// in closed form (L = ½(w2·w1·x − t)², ∂L/∂w1 = (w2·w1·x − t)·w2·x), not by the grader.
    static func backpropAnswer(for student: String) -> Double {
        let v = Variants.values(student: student, exercise: backprop)
        let (x, t, w1, w2) = (v["x"]!, v["t"]!, 1.0, v["w2"]!)
        return (w2 * w1 * x - t) * w2 * x
    }

    /// An answers file with the given answers (raw JSON text per exercise).
    static func file(student: String = "s001", _ answers: [(String, String)]) -> [UInt8] {
        let members = answers.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ",\n    ")
        return Array("{\n  \"student\": \"\(student)\",\n  \"answers\": {\n    \(members)\n  }\n}\n".utf8)
    }

    static func grade(student: String = "s001", _ answers: [(String, String)]) -> Report {
        grader.grade(data: file(student: student, answers), file: "\(student).json")
    }

    static func result(_ id: String, _ answer: String, student: String = "s001") -> ExerciseResult {
        grade(student: student, [(id, answer)]).result(for: id)!
    }

    /// The repository root, for the nasty-file corpus under `Fuzz/corpus`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
