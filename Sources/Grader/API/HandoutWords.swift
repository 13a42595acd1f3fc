import ExerciseModel

/// The fixed texts of a handout in one language: headings, instructions, and how each kind of
/// answer is written. The examples are never a correct answer to a course exercise.
public struct HandoutWords: Sendable {
    public let language: ReportLanguage

    public init(_ language: ReportLanguage) { self.language = language }

    var ja: Bool { language == .ja }

    /// The page title, also the HTML page's `<title>`.
    public func title(_ student: String) -> String { ja ? "演習シート: \(student)" : "Exercise sheet: \(student)" }

    var introduction: String {
        ja ? "この演習シートの数値はあなた専用です。解答は下の解答ファイルに書き、提出してください。"
            : "The numbers on this sheet are yours alone. Write your answers in the answers file below and hand it in."
    }

    func problem(_ number: String, id: String, points: String) -> String {
        ja ? "問題 \(number): `\(id)`（\(points) 点）" : "Problem \(number): `\(id)` (\(points) point\(points == "1" ? "" : "s"))"
    }

    var answerFormatLabel: String { ja ? "解答の形式: " : "Answer format: " }
    var answersFileHeading: String { ja ? "解答ファイル" : "Answers file" }
    var answersFileInstructions: String {
        ja ? "次の JSON をファイル（例: `answers.json`）に保存し、各 `null` を解答に置き換えてください。"
            : "Save the JSON below as a file (e.g. `answers.json`) and replace each `null` with your answer."
    }

    /// `example`: an answer in the right form that earns this student nothing (`Examples`, graded
    /// before it is printed); nil leaves the example out.
    func answerFormat(_ exercise: Exercise, example: String?) -> String {
        switch exercise.reference {
        case .number:
            let such = example.map { ja ? " `\($0)` のような" : " such as `\($0)`" } ?? ""
            return ja ? "数値、または\(such)式の文字列（`3.8×10⁻⁶` とも書けます）。"
                : "a number, or an expression in a string\(such) (`3.8×10⁻⁶` may be written too)."
        case .derivative(_, let variable):
            let jaExample = example.map { "（例: `\($0)`）" } ?? ""
            let enExample = example.map { " (e.g. `\($0)`)" } ?? ""
            return ja
                ? "\(variable) の式を文字列で\(jaExample)。比較は 1 か 0 になり、`c ? a : b`、`step`、`relu`、`sigmoid`（`σ`）などの関数が使えます。導関数を計算する `'`・`derivative`・`grad` は使えません。"
                : "an expression in \(variable) in a string\(enExample). Comparisons give 1 or 0; `c ? a : b`, `step`, `relu`, `sigmoid` (`σ`) and other functions may be used, but not `'`, `derivative` or `grad`, which would compute the derivative for you."
        case .truthTable(let inputs, _):
            let width = exercise.network?.inputs ?? inputs.first?.count ?? 2
            let hidden = exercise.network?.hidden ?? 2
            let row = "[" + Array(repeating: "..", count: width).joined(separator: ", ") + "]"
            let w1 = "[" + Array(repeating: row, count: hidden).joined(separator: ", ") + "]"
            let b1 = "[" + Array(repeating: "..", count: hidden).joined(separator: ", ") + "]"
            let shape = "`{\"W1\": \(w1), \"b1\": \(b1), \"W2\": [\(b1)], \"b2\": [..]}`"
            let size = exercise.network.map { ja ? "W1 は \($0.hidden)×\($0.inputs)。" : " W1 is \($0.hidden)×\($0.inputs)." } ?? ""
            return ja ? "\(shape)。\(size)h = step(W1·x + b1)、y = step(W2·h + b2) として全ての入力で実行されます。"
                : "\(shape).\(size) It is run on every input as h = step(W1·x + b1), y = step(W2·h + b2)."
        case .tensor(let shape, _):
            switch shape.count {
            case 0: return ja ? "数値。" : "a number."
            case 1: return ja ? "長さ \(shape[0]) の配列 `[.., ..]`。" : "an array of \(shape[0]) `[.., ..]`."
            default: return ja ? "\(shape[0])×\(shape[1]) の行列を行の配列で `[[.., ..], [.., ..]]`。" : "a \(shape[0])×\(shape[1]) matrix as an array of rows `[[.., ..], [.., ..]]`."
            }
        case .choice:
            let offered = exercise.options.map { options in
                (ja ? "選択肢: " : "options: ") + options.map { "`\"\($0)\"`" }.joined(separator: ja ? "、" : ", ") + (ja ? "。" : ". ")
            } ?? ""
            return offered + (ja ? "選択肢を文字列で。複数選ぶときは配列 `[\"..\", \"..\"]` で。" : "an option as a string; several as an array `[\"..\", \"..\"]`.")
        }
    }
}
