import TextEscaping
import ExerciseModel

/// A student's own exercise sheet: every prompt with the student's parameter values put in for
/// its `{{name}}` placeholders, how to write each answer, and an empty answers file to fill in.
/// It never contains a reference answer.
///
/// Markdown only; the command line renders it to HTML through the course's Markdown module.
public enum Handout {
    /// - Parameters:
    ///   - student: the id the student will put in their answers file; escaped wherever shown.
    ///   - catalog: the course's exercises; sheets become sections in course order.
    /// - Returns: GFM Markdown.
    public static func markdown(for student: String, catalog: ExerciseCatalog) -> String {
        let examples = Examples(catalog: catalog, student: student)
        var out = "# 演習シート: \(Escape.markdown(student))\n\n"
        out += "この演習シートの数値はあなた専用です。解答は下の解答ファイルに書き、提出してください。\n"
        for sheet in catalog.sheets where !sheet.exercises.isEmpty {
            out += "\n## \(Escape.markdown(sheet.chapterTitle ?? sheet.chapter))\n"
            for (index, exercise) in sheet.exercises.enumerated() {
                let number = sheet.problemNumber(ofExerciseAt: index)
                let values = Variants.values(student: student, exercise: exercise)
                let prompt = Placeholder.substitute(in: exercise.prompt) { values[$0].map(Format.number) }
                out += "\n### 問題 \(number): `\(exercise.id)`（\(Format.score(exercise.points)) 点）\n\n"
                out += prompt.trimmingWhitespace + "\n\n"
                out += "> 解答の形式: " + answerFormat(exercise, example: examples.example(for: exercise)) + "\n"
            }
        }
        out += "\n## 解答ファイル\n\n"
        out += "次の JSON をファイル（例: `answers.json`）に保存し、各 `null` を解答に置き換えてください。\n\n"
        out += "```json\n" + answersTemplate(for: student, catalog: catalog) + "\n```\n"
        return out
    }

    /// The answers file with every exercise present and `null` (graded as missing) as answer.
    public static func answersTemplate(for student: String, catalog: ExerciseCatalog) -> String {
        // Backticks are escaped too, so the template cannot close the Markdown fence around it.
        func json(_ text: String) -> String { JSONText.string(text).replacingAll("`", with: "\\u0060") }
        var lines = ["{", "  \"student\": \(json(student)),", "  \"answers\": {"]
        for (index, exercise) in catalog.exercises.enumerated() {
            let comma = index == catalog.exercises.count - 1 ? "" : ","
            lines.append("    \(json(exercise.id)): null\(comma)")
        }
        lines += ["  }", "}"]
        return lines.joined(separator: "\n")
    }

    /// The parameter values this student sees, by exercise id (exercises without parameters
    /// are left out): for a teacher's answer key or a regrade request.
    public static func variantValues(for student: String, catalog: ExerciseCatalog) -> [String: [String: Double]] {
        var result: [String: [String: Double]] = [:]
        for exercise in catalog.exercises where !exercise.parameters.isEmpty {
            result[exercise.id] = Variants.values(student: student, exercise: exercise)
        }
        return result
    }

    /// `example`: an answer in the right form that is not this student's answer (`Examples`);
    /// nil leaves the example out.
    static func answerFormat(_ exercise: Exercise, example: String?) -> String {
        switch exercise.reference {
        case .number:
            return "数値、または" + (example.map { " `\($0)` のような" } ?? "") + "式の文字列。"
        case .derivative(_, let variable):
            return "\(variable) の式を文字列で" + (example.map { "（例: `\($0)`）" } ?? "") + "。比較は 1 か 0 になり、`c ? a : b`、`step`、`relu`、`sigmoid` などの関数が使えます。"
        case .truthTable(let inputs, _):
            let width = inputs.first?.count ?? 2
            let row = "[" + Array(repeating: "..", count: width).joined(separator: ", ") + "]"
            return "`{\"W1\": [\(row), \(row)], \"b1\": [.., ..], \"W2\": [[.., ..]], \"b2\": [..]}`。h = step(W1·x + b1)、y = step(W2·h + b2) として全ての入力で実行されます。"
        case .tensor(let shape, _):
            switch shape.count {
            case 0: return "数値。"
            case 1: return "長さ \(shape[0]) の配列 `[.., ..]`。"
            default: return "\(shape[0])×\(shape[1]) の行列を行の配列で `[[.., ..], [.., ..]]`。"
            }
        case .choice:
            return "選択肢を文字列で。複数選ぶときは配列 `[\"..\", \"..\"]` で。"
        }
    }
}

/// Example answers for a handout's "answer format" lines, each graded before it is printed: an
/// example that is a correct answer (`"x > 0 ? 1 : 0"` is ReLU′; `"(1/4)^9"` the answer to a
/// 10-layer gradient) would hand it to the student. The first candidate this student's
/// exercise marks wrong is shown; none, when every candidate passes.
struct Examples {
    static let numbers = [#""3/8 + 2^-4""#, #""2*(3-1)/5""#, #""(1/3)^5""#]
    static func expressions(_ variable: String) -> [String] {
        [#""\#(variable) < 1 ? 2*\#(variable) : 3""#, #""\#(variable) > 2 ? -1 : \#(variable)^2""#, #""exp(-\#(variable)) + 1""#]
    }

    let grader: Grader?
    let student: String

    init(catalog: ExerciseCatalog, student: String) {
        self.grader = try? Grader(catalog: catalog)
        self.student = student
    }

    func example(for exercise: Exercise) -> String? {
        let candidates: [String]
        switch exercise.reference {
        case .number: candidates = Self.numbers
        case .derivative(_, let variable): candidates = Self.expressions(variable)
        default: return nil
        }
        return candidates.first { !isCredited($0, for: exercise) }
    }

    /// Whether `answer` (JSON text) earns any credit for this student.
    func isCredited(_ answer: String, for exercise: Exercise) -> Bool {
        guard let grader else { return true }
        let file = "{\"student\": \(JSONText.string(student)), \"answers\": {\(JSONText.string(exercise.id)): \(answer)}}"
        let status = grader.grade(data: Array(file.utf8), file: "example.json").result(for: exercise.id)?.status
        return status != .incorrect && status != .error
    }
}
