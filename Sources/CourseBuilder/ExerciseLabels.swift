/// The words of exercise cards and of the answering script, per language (`SiteLabels` merges
/// them into the site's labels; the script gets them through `assets/exercise-data.js`).
enum ExerciseLabels {
    static let japanese = [
        "problem": "問題 {n}", "points": "{n} 点", "point1": "1 点", "answerForm": "解答の形式",
        "formNumber": "数値、または計算式{examples}。", "examples": "（例: {list}）", "exampleSeparator": "、",
        "formExpression": "{v} の式{examples}。+ - * / ^、比較（1 か 0 になります）、c ? a : b、exp・log・step・relu・sigmoid などの関数が使えます。",
        "formNetwork": "ステップ関数を活性化に使う 2 層ネットワークの重み：h = step(W1·x + b1)、y = step(W2·h + b2)。",
        "formNetworkAny": "ステップ関数を活性化に使う 2 層ネットワークの重みを JSON で：{\"W1\": [[…]], \"b1\": […], \"W2\": [[…]], \"b2\": […]}。",
        "formScalar": "数値 1 つ。", "formVector": "長さ {n} のベクトル。", "formMatrix": "{r}×{c} の行列。",
        "formTensor": "形 {shape} のテンソルを入れ子の配列で。",
        "formChoice": "当てはまるものをすべて選んでください。",
        "formChoiceList": "選択肢をカンマ（,）で区切って書いてください。",
        "varies": "{names} の値は学生ごとに異なります。学籍番号を入れると、あなたの値が表示されます。",
        "variesSheet": "{names} の値は学生ごとに異なります。あなたの値はコースのページ（学籍番号を入れたとき）か演習シートにあります。",
        "variesMine": "あなた（{id}）の値：{values}。採点もこの値で行います。",
        "answer": "解答", "hidden": "隠れ層", "inputs": "入力", "outputs": "出力",
        // The answering script's words.
        "studentLabel": "学籍番号", "studentSet": "設定", "studentChange": "変更",
        "studentNone": "学籍番号を入れると、問題の数値があなた専用の値になり、解答を保存・提出できます。",
        "studentIs": "学籍番号 {id} の問題と解答です。解答はこのブラウザに保存されます。",
        "download": "解答ファイルをダウンロード", "downloaded": "{file} を書き出しました（{answered} / {total} 問に解答）。",
        "needStudent": "先に学籍番号を入れてください。",
        "malformed": "問題 {n}（{id}）：{message}", "notDownloaded": "解答ファイルは書き出していません。",
        "preview": "解釈：", "empty": "未解答",
        "errNumber": "「{text}」は数値でも計算式でもありません",
        "errCell": "{name} の {cell} 番目が数値ではありません（「{text}」）",
        "errIncomplete": "{name} に空欄があります", "errJSON": "JSON として読めません：{message}",
        "errUnexpected": "{pos} 文字目の「{text}」が読めません", "errEnd": "式が途中で終わっています",
        "errExpected": "{pos} 文字目に「{what}」が必要です", "errVariable": "変数 {name} は使えません（数値の問題です）",
        "errChar": "{pos} 文字目の文字「{text}」は式に使えません",
        "errPositional": "{pos} 文字目：名前付きの引数の後に位置引数は置けません",
    ]

    static let english = [
        "problem": "Problem {n}", "points": "{n} points", "point1": "1 point", "answerForm": "Answer",
        "formNumber": "A number, or arithmetic{examples}.", "examples": " (e.g. {list})", "exampleSeparator": ", ",
        "formExpression": "An expression in {v}{examples}: + - * / ^, comparisons (giving 1 or 0), c ? a : b, functions such as exp, log, step, relu, sigmoid.",
        "formNetwork": "The weights of a 2-layer network with step activations: h = step(W1·x + b1), y = step(W2·h + b2).",
        "formNetworkAny": "The weights of a 2-layer network with step activations, as JSON: {\"W1\": [[…]], \"b1\": […], \"W2\": [[…]], \"b2\": […]}.",
        "formScalar": "One number.", "formVector": "A vector of {n} numbers.", "formMatrix": "A {r}×{c} matrix.",
        "formTensor": "A tensor of shape {shape}, as nested arrays.",
        "formChoice": "Choose every option that applies.",
        "formChoiceList": "Write the options, separated by commas.",
        "varies": "The values of {names} differ from student to student. Enter your student id to see yours.",
        "variesSheet": "The values of {names} differ from student to student: yours are on the course's pages (once you enter your id) and on your exercise sheet.",
        "variesMine": "Your values ({id}): {values}; your answer is graded with them.",
        "answer": "Answer", "hidden": "hidden", "inputs": "inputs", "outputs": "outputs",
        "studentLabel": "Student id", "studentSet": "Set", "studentChange": "Change",
        "studentNone": "Enter your student id: the problems then show your own numbers, and your answers can be saved and handed in.",
        "studentIs": "Problems and answers of student {id}. Your answers are kept in this browser.",
        "download": "Download answers file", "downloaded": "Wrote {file} ({answered} of {total} problems answered).",
        "needStudent": "Enter your student id first.",
        "malformed": "Problem {n} ({id}): {message}", "notDownloaded": "No answers file was written.",
        "preview": "Read as: ", "empty": "not answered",
        "errNumber": "“{text}” is neither a number nor arithmetic",
        "errCell": "element {cell} of {name} is not a number (“{text}”)",
        "errIncomplete": "{name} has empty cells", "errJSON": "this is not valid JSON: {message}",
        "errUnexpected": "cannot read “{text}” at character {pos}", "errEnd": "the expression ends too early",
        "errExpected": "expected “{what}” at character {pos}", "errVariable": "{name} cannot be used here (the answer is a number)",
        "errChar": "the character “{text}” at {pos} cannot be used in an expression",
        "errPositional": "character {pos}: a positional argument cannot follow a keyword argument",
    ]

    /// Keys the answering script reads (it gets no other label).
    static let scriptKeys = [
        "problem", "answer", "varies", "variesMine", "studentLabel", "studentSet", "studentChange", "studentNone", "studentIs", "download", "downloaded",
        "needStudent", "malformed", "notDownloaded", "preview", "empty", "errNumber", "errCell", "errIncomplete",
        "errJSON", "errUnexpected", "errEnd", "errExpected", "errVariable", "errChar", "errPositional",
    ]
}
