import ExerciseModel
import TextEscaping

// Feedback in Japanese (です・ます調). The same outcomes and numbers as `Feedback+English.swift`;
// a message quoted from the expression language (`detail`) stays as the language wrote it.

extension Feedback {
    var japanese: String {
        switch self {
        case .correct: return "正解です"
        case .correctAtPoints(let points): return "正解です（\(points) か所で導関数と一致しました）"
        case .notExpected(let answer, let tolerance, let matches, let yours):
            var text = "\(Format.number(answer)) は期待される値ではありません（\(tolerance.japanese)まで確認）"
            switch matches {
            case .workedExample?: text += "。これは本文の例題の答えです。あなたの数値は \(Self.describeJapanese(yours)) です（演習シートを確認してください）"
            case .anotherVariant?: text += "。これは別の学生の数値に対する答えです。あなたの数値は \(Self.describeJapanese(yours)) です（演習シートを確認してください）"
            case nil: break
            }
            return text
        case .wrongDerivative(let variable, let x, let answer, let gives, let expected, let mismatches, let points):
            return "\(variable) = \(Format.number(x)) で、あなたの解答「\(Escape.quotedSnippet(answer, limit: 60))」は \(Format.number(gives)) ですが、導関数の値は \(Format.number(expected)) です（確認した \(points) か所のうち \(mismatches) か所で異なります）"
        case .network(let check, let ignored):
            var text = check.right == check.expected.count
                ? "正解です。ネットワークは真理値表のすべての行を正しく計算します"
                : "ネットワークは \(check.expected.count) 行のうち \(check.right) 行を正しく計算します"
            if !ignored.isEmpty { text += "（無視した項目: \(ignored.joined(separator: "、"))）" }
            return text + "\n" + check.table(yours: "あなた", expected: "期待値")
        case .elements(let right, let total, let tolerance, let wrong, let more):
            if right == total { return "正解です" }
            let shown = wrong.map { $0.position.isEmpty ? Format.number($0.value) : "\($0.position) = \(Format.number($0.value))" }
            return "\(total) 個の要素のうち \(right) 個が正解です（\(tolerance.japanese)まで確認）。誤り: \(shown.joined(separator: "、"))\(more ? "、…" : "")"
        case .options(let hits, let correct, let misses):
            if hits == correct && misses == 0 { return "正解です" }
            var text = "正しい選択肢 \(correct) 個のうち \(hits) 個を選んでいます"
            if misses > 0 { text += "。誤った選択肢を \(misses) 個選んでいます" }
            return text
        case .noAnswer(.absent): return "解答がありません"
        case .noAnswer(.null): return "解答がありません（null）"
        case .noAnswer(.emptyString): return "解答がありません（空の文字列）"
        case .answeredTwice(let mentions):
            return "この問題の解答が \(Format.grouped(mentions)) つ書かれているため、どれも採点していません"
        default: return japaneseError
        }
    }

    private var japaneseError: String {
        switch self {
        case .computesTheAnswer(let name):
            return "解答に「\(Escape.quotedSnippet(name, limit: 30))」が使われています。これは答えを代わりに計算してしまう機能（微分・勾配・学習）なので使えません。自分で求めた結果を書いてください"
        case .numberTooLarge(let subject, let literal):
            let cut = JSONReader.cut(literal)
            let number = cut.length.map { "数 \(cut.shown)（\(Format.grouped($0.count)) \($0.digits ? "桁" : "文字")）" } ?? "数 \(cut.shown) "
            return (subject.map { "\($0.japanese.trimmingWhitespace): " } ?? "") + number + "は大きすぎます（±1.8e308 を超えています）"
        case .notANumber(let subject, let kind):
            return "\(subject.japanese)は数か、式を書いた文字列にしてください（\(kind.japanese)になっています）"
        case .usesName(let subject, let source, let name):
            return "\(subject.japanese)は数でなければなりませんが、「\(Escape.quotedSnippet(source))」は名前「\(Escape.quotedSnippet(name, limit: 30))」を使っています"
        case .stepsExceeded(let subject, let source, let limit):
            return "\(subject.japanese)「\(Escape.quotedSnippet(source))」の計算が \(Format.grouped(limit)) ステップ（1 つの解答の上限）を超えました"
        case .cannotEvaluate(let subject, let source, let detail):
            return "\(subject.japanese)「\(Escape.quotedSnippet(source))」を計算できません: \(detail)"
        case .nan(let subject, let source):
            return "\(subject.japanese)「\(Escape.quotedSnippet(source))」は数になりません（NaN。0/0 や負の数の log などで起こります）"
        case .overflows(let subject, let source, let value):
            return "\(subject.japanese)「\(Escape.quotedSnippet(source))」はオーバーフローします（\(Format.number(value))。0 での割り算などで起こります）"
        case .expressionTooLong(let length, let limit):
            return "式が \(length) 文字あります。上限は \(limit) 文字です"
        case .doesNotParse(let detail, let excerpt, let column, let notes):
            return "式を読み取れません: \(detail)" + Self.excerpt(excerpt, column: column, at: "位置")
                + notes.map { "\n    注: \($0)" }.joined()
        case .expressionKind(let variable, let kind):
            return "解答は \(variable) の式を文字列で書いてください（例: \"3 * \(variable)^2 - 1\"）。\(kind.japanese)になっています"
        case .strayVariable(let variable, let name):
            return "式に使える変数は \(variable) だけですが、「\(Escape.quotedSnippet(name, limit: 30))」が使われています"
        case .stepsExceededAtPoints(let points, let limit, let variable, let x):
            return "式を \(points) か所で確認する途中で \(Format.grouped(limit)) ステップ（1 つの解答の上限）を超えたため、\(variable) = \(Format.number(x)) で止めました"
        case .cannotEvaluateAt(let variable, let x, let detail):
            return "式を計算できません\(x.map { "（\(variable) = \(Format.number($0))）" } ?? ""): \(detail)"
        default: return japaneseNetworkError
        }
    }

    private var japaneseNetworkError: String {
        switch self {
        case .networkKind(let kind):
            return #"解答はオブジェクト {"W1": [[..],[..]], "b1": [..], "W2": [[..]], "b2": [..]} で書いてください（"# + kind.japanese + "になっています）"
        case .weightGivenTwice(let key): return "\"\(key)\" が 2 回書かれています"
        case .weightMissing(let key): return "ネットワークに \"\(key)\" がありません。W1、b1、W2、b2 が必要です"
        case .firstLayerShape(let inputs, let expected?, _, let got):
            return "W1 は \(expected.hidden)×\(inputs) の行列にしてください。この問題は隠れ層のニューロンが \(expected.hidden) 個（1 行に 1 個）、入力が \(inputs) 個（1 列に 1 個）ですが、\(Format.japaneseShape(got))になっています"
        case .firstLayerShape(let inputs, nil, let maxHidden, let got):
            return "W1 は隠れ層のニューロン 1 個につき 1 行（1〜\(maxHidden) 行）、入力 1 個につき 1 列（\(inputs) 列）の行列にしてください。\(Format.japaneseShape(got))になっています"
        case .biasShape(let name, let count, let got):
            return name == "b1"
                ? "b1 は長さ \(count) のベクトルにしてください（W1 が \(count) 行なので、隠れ層のニューロン 1 個につきバイアス 1 個）。\(Format.japaneseShape(got))になっています"
                : "b2 は長さ 1 のベクトル（出力のバイアス）にしてください。\(Format.japaneseShape(got))になっています"
        case .secondLayerShape(let hidden, let got):
            return "W2 は 1×\(hidden) の行列 [[…]]（隠れ層のニューロン 1 個につき重み 1 個）にしてください。\(Format.japaneseShape(got))になっています"
        case .networkFailed(let detail): return "ネットワークを実行できません: \(detail)"
        case .emptyArray(let name): return "\(name) が空です"
        case .tooManyElements(let name?, let limit): return "\(name) の要素が \(limit) 個を超えています"
        case .tooManyElements(nil, let limit): return "解答の要素が \(limit) 個を超えています"
        case .rowNotArray(let name?, let index, let kind): return "\(name)[\(index)] は \(name)[0] と同じく行 [..] にしてください（\(kind.japanese)になっています）"
        case .rowNotArray(nil, let index, let kind): return "\(index + 1) 行目はほかの行と同じく配列 [..] にしてください（\(kind.japanese)になっています）"
        case .elementNotNumber(let path, let kind): return "\(path) は数にしてください（\(kind.japanese)になっています）"
        case .raggedRows(let name, let first, let other):
            return "\(name.map { "\($0) の" } ?? "")行の長さがそろっていません（\(first) と \(other)）"
        case .weightsKind(let name, let kind): return "\(name) は数の配列にしてください（\(kind.japanese)になっています）"
        case .tensorKind(let shape, let kind): return "解答は、\(Format.japaneseShape(shape))を JSON の配列で書いてください（\(kind.japanese)になっています）"
        case .tensorShape(let expected, let got): return "解答は、\(Format.japaneseShape(expected))にしてください。\(Format.japaneseShape(got))になっています"
        case .tooManyOptions(let limit): return "選んだ選択肢が \(limit) 個を超えています"
        case .optionNotString(let index, let kind): return "\(index + 1) 番目の選択肢は文字列にしてください（\(kind.japanese)になっています）"
        case .choiceKind(let kind): return "解答は選択肢を文字列で、複数なら文字列の配列で書いてください（\(kind.japanese)になっています）"
        case .optionsInOneString(let text, let parts):
            return "「\(Escape.quotedSnippet(text, limit: 60))」は 1 つの文字列なので、1 つの選択肢として読まれます。複数選ぶときは配列で書いてください: \(Self.list(parts))"
        case .exerciseBroken(let detail): return "この問題は採点できません（教員に知らせてください）: \(detail)"
        case .fileUnreadable: return "解答ファイルを読めませんでした（上のエラーを見てください）"
        default: return japanese
        }
    }

    static func describeJapanese(_ bindings: [String: Double]) -> String {
        bindings.sorted { $0.key < $1.key }.map { "\($0.key) = \(Format.number($0.value))" }.joined(separator: "、")
    }
}

extension Feedback.Subject {
    var japanese: String {
        switch self {
        case .answer: return "解答"
        case .element(let position): return "要素 \(position) "
        case .named(let name): return "\(name) "
        }
    }
}

extension Feedback.JSONKind {
    var japanese: String {
        switch self {
        case .null: return "null 値"
        case .boolean: return "真偽値"
        case .number: return "数"
        case .string: return "文字列"
        case .array: return "配列"
        case .object: return "オブジェクト"
        }
    }
}

extension Tolerance {
    /// 「相対誤差 1e-06 または絶対誤差 1e-09」.
    var japanese: String {
        if relative == nil, absolute == nil, significantFigures == nil { return Tolerance.standard.japanese }
        var parts: [String] = []
        if let relative { parts.append("相対誤差 \(Format.tolerance(relative)) ") }
        if let absolute { parts.append("絶対誤差 \(Format.tolerance(absolute)) ") }
        if let significantFigures { parts.append("有効数字 \(significantFigures) 桁") }
        return parts.joined(separator: "または")
    }
}

extension Format {
    static func japaneseShape(_ shape: [Int]) -> String {
        switch shape.count {
        case 0: return "数"
        case 1: return "長さ \(shape[0]) のベクトル"
        default: return "\(shape.map(String.init).joined(separator: "×")) の行列"
        }
    }
}
