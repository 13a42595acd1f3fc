import ExerciseModel
import Testing
@testable import Grader

/// Every feedback case, in English and in Japanese, as a student reads it. The exhaustive
/// `caseName` switch makes a new case fail to compile here until it is written in both languages.
@Suite struct FeedbackTests {
    static let samples: [(Feedback, en: String, ja: String)] = [
        (.correct,
         "correct",
         "正解です"),
        (.correctAtPoints(200),
         "correct (agrees with the derivative at 200 points)",
         "正解です（200 か所で導関数と一致しました）"),
        (.notExpected(answer: 0.5, tolerance: .standard),
         "0.5 is not the expected value (checked to relative 1e-6 or absolute 1e-9)",
         "0.5 は期待される値ではありません（相対誤差 1e-6 または絶対誤差 1e-9 まで確認）"),
        (.notExpected(answer: -6, tolerance: Tolerance(relative: 1e-6), matches: .workedExample, yours: ["x": 3, "t": 6]),
         "-6 is not the expected value (checked to relative 1e-6); it is the answer to the chapter\'s worked example, but your numbers are t = 6, x = 3 (see your handout)",
         "-6 は期待される値ではありません（相対誤差 1e-6 まで確認）。これは本文の例題の答えです。あなたの数値は t = 6、x = 3 です（演習シートを確認してください）"),
        (.notExpected(answer: -12, tolerance: Tolerance(significantFigures: 3), matches: .anotherVariant, yours: ["x": 3, "t": 6]),
         "-12 is not the expected value (checked to 3 significant figures); it is the answer for another student\'s numbers, but yours are t = 6, x = 3 (see your handout)",
         "-12 は期待される値ではありません（有効数字 3 桁まで確認）。これは別の学生の数値に対する答えです。あなたの数値は t = 6、x = 3 です（演習シートを確認してください）"),
        (.wrongDerivative(variable: "x", at: 0.025, answer: "x > 1 ? 1 : 0", gives: 0, expected: 1, mismatches: 20, points: 200),
         "at x = 0.025 your answer \"x > 1 ? 1 : 0\" gives 0 but the derivative is 1 (differs at 20 of 200 check points)",
         "x = 0.025 で、あなたの解答「x > 1 ? 1 : 0」は 0 ですが、導関数の値は 1 です（確認した 200 か所のうち 20 か所で異なります）"),
        (.network(Feedback.TruthTableCheck(inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], computed: [0, 1, 1, 0], expected: [0, 1, 1, 0]), ignored: []),
         "correct: the network computes the whole truth table\nx1 x2 | yours | expected\n 0  0 |     0 |        0  ✓\n 0  1 |     1 |        1  ✓\n 1  0 |     1 |        1  ✓\n 1  1 |     0 |        0  ✓",
         "正解です。ネットワークは真理値表のすべての行を正しく計算します\nx1 x2 | あなた | 期待値\n 0  0 |     0 |        0  ✓\n 0  1 |     1 |        1  ✓\n 1  0 |     1 |        1  ✓\n 1  1 |     0 |        0  ✓"),
        (.network(Feedback.TruthTableCheck(inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], computed: [0, 1, 1, 1], expected: [0, 1, 1, 0]), ignored: ["W3"]),
         "the network gets 3 of 4 rows right (ignored: W3)\nx1 x2 | yours | expected\n 0  0 |     0 |        0  ✓\n 0  1 |     1 |        1  ✓\n 1  0 |     1 |        1  ✓\n 1  1 |     1 |        0  ✗",
         "ネットワークは 4 行のうち 3 行を正しく計算します（無視した項目: W3）\nx1 x2 | あなた | 期待値\n 0  0 |     0 |        0  ✓\n 0  1 |     1 |        1  ✓\n 1  0 |     1 |        1  ✓\n 1  1 |     1 |        0  ✗"),
        (.elements(right: 4, total: 4, tolerance: .standard, wrong: [], more: false),
         "correct",
         "正解です"),
        (.elements(right: 2, total: 4, tolerance: Tolerance(absolute: 1e-6), wrong: [.init(position: "[0][1]", value: 1), .init(position: "[1][1]", value: 0.3)], more: false),
         "2 of 4 elements are right (checked to absolute 1e-6); wrong: [0][1] = 1, [1][1] = 0.3",
         "4 個の要素のうち 2 個が正解です（絶対誤差 1e-6 まで確認）。誤り: [0][1] = 1、[1][1] = 0.3"),
        (.options(hits: 2, correct: 2, misses: 0),
         "correct",
         "正解です"),
        (.options(hits: 1, correct: 2, misses: 1),
         "1 of 2 correct options chosen, 1 wrong option chosen",
         "正しい選択肢 2 個のうち 1 個を選んでいます。誤った選択肢を 1 個選んでいます"),
        (.noAnswer(.absent),
         "no answer",
         "解答がありません"),
        (.noAnswer(.null),
         "no answer (null)",
         "解答がありません（null）"),
        (.noAnswer(.emptyString),
         "no answer (empty string)",
         "解答がありません（空の文字列）"),
        (.answeredTwice(mentions: 2),
         "this exercise is answered twice; neither answer is graded",
         "この問題の解答が 2 つ書かれているため、どれも採点していません"),
        (.answeredTwice(mentions: 3),
         "this exercise is answered 3 times; none of the answers is graded",
         "この問題の解答が 3 つ書かれているため、どれも採点していません"),
        (.computesTheAnswer(name: "relu'"),
         "the answer uses \"relu\'\", which computes the answer for you (a derivative, a gradient or training); write the result itself, worked out by hand",
         "解答に「relu\'」が使われています。これは答えを代わりに計算してしまう機能（微分・勾配・学習）なので使えません。自分で求めた結果を書いてください"),
        (.numberTooLarge(nil, literal: "1e999"),
         "the number 1e999 is too large (beyond ±1.8e308)",
         "数 1e999 は大きすぎます（±1.8e308 を超えています）"),
        (.numberTooLarge(.named("W1[0][1]"), literal: String(repeating: "9", count: 400)),
         "W1[0][1]: the number 99999999999999999999…9999999999 (400 digits) is too large (beyond ±1.8e308)",
         "W1[0][1]: 数 99999999999999999999…9999999999（400 桁）は大きすぎます（±1.8e308 を超えています）"),
        (.notANumber(.answer, kind: .array),
         "the answer must be a number or an expression in a string, not an array",
         "解答は数か、式を書いた文字列にしてください（配列になっています）"),
        (.usesName(.element("[1]"), source: "2 * y", name: "y"),
         "element [1] must be a number, but \"2 * y\" uses the name \'y\'",
         "要素 [1] は数でなければなりませんが、「2 * y」は名前「y」を使っています"),
        (.stepsExceeded(.answer, source: "sum(zeros(1000, 1000))", limit: 710_000),
         "the answer \"sum(zeros(1000, 1000))\" needs more than 710,000 evaluation steps (the limit for one answer)",
         "解答「sum(zeros(1000, 1000))」の計算が 710,000 ステップ（1 つの解答の上限）を超えました"),
        (.cannotEvaluate(.answer, source: "zeros(2) @ zeros(3)", detail: "shapes do not match"),
         "the answer \"zeros(2) @ zeros(3)\" cannot be evaluated: shapes do not match",
         "解答「zeros(2) @ zeros(3)」を計算できません: shapes do not match"),
        (.nan(.answer, source: "0/0"),
         "the answer \"0/0\" is not a number (NaN), e.g. from 0/0 or log of a negative",
         "解答「0/0」は数になりません（NaN。0/0 や負の数の log などで起こります）"),
        (.overflows(.answer, source: "1/0", value: .infinity),
         "the answer \"1/0\" overflows (+∞), e.g. from a division by zero",
         "解答「1/0」はオーバーフローします（+∞。0 での割り算などで起こります）"),
        (.expressionTooLong(length: 1200, limit: 1000),
         "the expression is 1200 characters long; the limit is 1000",
         "式が 1200 文字あります。上限は 1000 文字です"),
        (.doesNotParse(detail: "expected an expression, found '<'", excerpt: ["<b>", "^"], column: 1, notes: ["write x^2 for a power"]),
         "the expression does not parse: expected an expression, found \'<\'\n    <b>\n    ^\n    note: write x^2 for a power",
         "式を読み取れません: expected an expression, found \'<\'\n    <b>\n    ^\n    注: write x^2 for a power"),
        (.doesNotParse(detail: "unexpected ')'", excerpt: [], column: 130, notes: []),
         "the expression does not parse: unexpected \')\' (at character 130)",
         "式を読み取れません: unexpected \')\' (位置 130)"),
        (.expressionKind(variable: "x", kind: .object),
         "the answer must be an expression in x in a string, such as \"3 * x^2 - 1\", not an object",
         "解答は x の式を文字列で書いてください（例: \"3 * x^2 - 1\"）。オブジェクトになっています"),
        (.strayVariable(variable: "x", name: "t"),
         "the expression may use only x, but uses \'t\'",
         "式に使える変数は x だけですが、「t」が使われています"),
        (.stepsExceededAtPoints(points: 200, limit: 710_000, variable: "x", at: -3.225),
         "checking the expression at 200 points needs more than 710,000 evaluation steps (the limit for one answer); it was stopped at x = -3.225",
         "式を 200 か所で確認する途中で 710,000 ステップ（1 つの解答の上限）を超えたため、x = -3.225 で止めました"),
        (.cannotEvaluateAt(variable: "x", at: 0.5, detail: "shapes do not match"),
         "the expression cannot be evaluated at x = 0.5: shapes do not match",
         "式を計算できません（x = 0.5）: shapes do not match"),
        (.cannotEvaluateAt(variable: "x", at: nil, detail: "shapes do not match"),
         "the expression cannot be evaluated: shapes do not match",
         "式を計算できません: shapes do not match"),
        (.networkKind(.array),
         "the answer must be an object {\"W1\": [[..],[..]], \"b1\": [..], \"W2\": [[..]], \"b2\": [..]}, not an array",
         "解答はオブジェクト {\"W1\": [[..],[..]], \"b1\": [..], \"W2\": [[..]], \"b2\": [..]} で書いてください（配列になっています）"),
        (.weightGivenTwice("W1"),
         "\"W1\" is given twice",
         "\"W1\" が 2 回書かれています"),
        (.weightMissing("b2"),
         "the network has no \"b2\"; it needs W1, b1, W2 and b2",
         "ネットワークに \"b2\" がありません。W1、b1、W2、b2 が必要です"),
        (.firstLayerShape(inputs: 2, expected: NetworkShape(inputs: 2, hidden: 2), maxHidden: 64, got: [3, 2]),
         "W1 must be a 2×2 matrix: this exercise asks for 2 hidden units (one row each) and 2 inputs (one column each), but it is a 3×2 matrix",
         "W1 は 2×2 の行列にしてください。この問題は隠れ層のニューロンが 2 個（1 行に 1 個）、入力が 2 個（1 列に 1 個）ですが、3×2 の行列になっています"),
        (.firstLayerShape(inputs: 2, expected: nil, maxHidden: 64, got: [2]),
         "W1 must be a matrix with one row per hidden unit (1 to 64) and 2 columns (one per input), but it is a vector of 2",
         "W1 は隠れ層のニューロン 1 個につき 1 行（1〜64 行）、入力 1 個につき 1 列（2 列）の行列にしてください。長さ 2 のベクトルになっています"),
        (.biasShape(name: "b1", count: 2, got: [3]),
         "b1 must be a vector of 2 (one bias per hidden unit, as W1 has 2 rows), but it is a vector of 3",
         "b1 は長さ 2 のベクトルにしてください（W1 が 2 行なので、隠れ層のニューロン 1 個につきバイアス 1 個）。長さ 3 のベクトルになっています"),
        (.biasShape(name: "b2", count: 1, got: [2]),
         "b2 must be a vector of 1 (the output\'s bias), but it is a vector of 2",
         "b2 は長さ 1 のベクトル（出力のバイアス）にしてください。長さ 2 のベクトルになっています"),
        (.secondLayerShape(hidden: 2, got: [2, 2]),
         "W2 must be a 1×2 matrix [[…]] (one weight per hidden unit), but it is a 2×2 matrix",
         "W2 は 1×2 の行列 [[…]]（隠れ層のニューロン 1 個につき重み 1 個）にしてください。2×2 の行列になっています"),
        (.networkFailed(detail: "shapes do not match"),
         "the network cannot be executed: shapes do not match",
         "ネットワークを実行できません: shapes do not match"),
        (.emptyArray("W1"),
         "W1 is empty",
         "W1 が空です"),
        (.tooManyElements(name: "W1", limit: 10_000),
         "W1 has more than 10000 elements",
         "W1 の要素が 10000 個を超えています"),
        (.tooManyElements(name: nil, limit: 10_000),
         "the answer has more than 10000 elements",
         "解答の要素が 10000 個を超えています"),
        (.rowNotArray(name: "W1", index: 1, kind: .number),
         "W1[1] must be a row [..] like W1[0], not a number",
         "W1[1] は W1[0] と同じく行 [..] にしてください（数になっています）"),
        (.rowNotArray(name: nil, index: 1, kind: .string),
         "row 2 must be an array [..] like the others, not a string",
         "2 行目はほかの行と同じく配列 [..] にしてください（文字列になっています）"),
        (.elementNotNumber(path: "W1[0][1]", kind: .string),
         "W1[0][1] must be a number, not a string",
         "W1[0][1] は数にしてください（文字列になっています）"),
        (.raggedRows(name: "W1", first: 2, other: 3),
         "the rows of W1 have different lengths (2 and 3)",
         "W1 の行の長さがそろっていません（2 と 3）"),
        (.raggedRows(name: nil, first: 2, other: 1),
         "the rows have different lengths (2 and 1)",
         "行の長さがそろっていません（2 と 1）"),
        (.weightsKind(name: "b1", kind: .string),
         "b1 must be numbers in an array, not a string",
         "b1 は数の配列にしてください（文字列になっています）"),
        (.tensorKind(shape: [2, 2], kind: .boolean),
         "the answer must be a 2×2 matrix written as JSON arrays, not a boolean",
         "解答は、2×2 の行列を JSON の配列で書いてください（真偽値になっています）"),
        (.tensorShape(expected: [2], got: [3]),
         "the answer must be a vector of 2, but it is a vector of 3",
         "解答は、長さ 2 のベクトルにしてください。長さ 3 のベクトルになっています"),
        (.tooManyOptions(limit: 100),
         "the answer picks more than 100 options",
         "選んだ選択肢が 100 個を超えています"),
        (.optionNotString(index: 0, kind: .null),
         "option 1 must be a string, not null",
         "1 番目の選択肢は文字列にしてください（null 値になっています）"),
        (.choiceKind(.object),
         "the answer must be an option as a string, or several in an array of strings, not an object",
         "解答は選択肢を文字列で、複数なら文字列の配列で書いてください（オブジェクトになっています）"),
        (.optionsInOneString("sigmoid, tanh", parts: ["sigmoid", "tanh"]),
         "\"sigmoid, tanh\" is one string, so it is read as one option; to choose several, write a list: [\"sigmoid\", \"tanh\"]",
         "「sigmoid, tanh」は 1 つの文字列なので、1 つの選択肢として読まれます。複数選ぶときは配列で書いてください: [\"sigmoid\", \"tanh\"]"),
        (.exerciseBroken(detail: "the exercise has no truth table"),
         "this exercise cannot be graded (tell your teacher): the exercise has no truth table",
         "この問題は採点できません（教員に知らせてください）: the exercise has no truth table"),
        (.fileUnreadable,
         "the answers file could not be read (see the errors above)",
         "解答ファイルを読めませんでした（上のエラーを見てください）"),
    ]

    static func caseName(_ feedback: Feedback) -> String {
        switch feedback {
        case .correct: return "correct"
        case .correctAtPoints: return "correctAtPoints"
        case .notExpected: return "notExpected"
        case .wrongDerivative: return "wrongDerivative"
        case .network: return "network"
        case .elements: return "elements"
        case .options: return "options"
        case .noAnswer: return "noAnswer"
        case .answeredTwice: return "answeredTwice"
        case .computesTheAnswer: return "computesTheAnswer"
        case .numberTooLarge: return "numberTooLarge"
        case .notANumber: return "notANumber"
        case .usesName: return "usesName"
        case .stepsExceeded: return "stepsExceeded"
        case .cannotEvaluate: return "cannotEvaluate"
        case .nan: return "nan"
        case .overflows: return "overflows"
        case .expressionTooLong: return "expressionTooLong"
        case .doesNotParse: return "doesNotParse"
        case .expressionKind: return "expressionKind"
        case .strayVariable: return "strayVariable"
        case .stepsExceededAtPoints: return "stepsExceededAtPoints"
        case .cannotEvaluateAt: return "cannotEvaluateAt"
        case .networkKind: return "networkKind"
        case .weightGivenTwice: return "weightGivenTwice"
        case .weightMissing: return "weightMissing"
        case .firstLayerShape: return "firstLayerShape"
        case .biasShape: return "biasShape"
        case .secondLayerShape: return "secondLayerShape"
        case .networkFailed: return "networkFailed"
        case .emptyArray: return "emptyArray"
        case .tooManyElements: return "tooManyElements"
        case .rowNotArray: return "rowNotArray"
        case .elementNotNumber: return "elementNotNumber"
        case .raggedRows: return "raggedRows"
        case .weightsKind: return "weightsKind"
        case .tensorKind: return "tensorKind"
        case .tensorShape: return "tensorShape"
        case .tooManyOptions: return "tooManyOptions"
        case .optionNotString: return "optionNotString"
        case .choiceKind: return "choiceKind"
        case .optionsInOneString: return "optionsInOneString"
        case .exerciseBroken: return "exerciseBroken"
        case .fileUnreadable: return "fileUnreadable"
        }
    }

    @Test func everyCaseReadsAsWrittenInBothLanguages() {
        for (feedback, en, ja) in Self.samples {
            #expect(feedback.text(in: .en) == en)
            #expect(feedback.text(in: .ja) == ja)
            #expect(en != ja, "\(Self.caseName(feedback)) is not translated")
        }
    }

    @Test func everyCaseHasASample() {
        #expect(Set(Self.samples.map { Self.caseName($0.0) }).count == 44)
    }
}
