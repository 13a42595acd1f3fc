import Diagnostics
import TextEscaping

/// What a report says about the answers file as a whole, with its data: a value worded per
/// language by `text(in:)` when the report is made, as `Feedback` is for one answer. The English
/// wording is pinned by tests and the fuzz corpus; the location prefix (`file:line:col:`) is
/// the same in every language, so an editor can still jump to it.
enum FileMessage: Sendable, Hashable {
    // MARK: notes: the file was graded

    /// A member other than `student` and `answers`, at `location` (`a.json:1:18`).
    case unknownMember(location: String, name: String)
    /// More entries in `"answers"` than `GradingLimits.maxAnswers`.
    case tooManyAnswers(count: Int, limit: Int)
    /// Gradescope says who submitted; the file names someone else (both already escaped).
    case namesAnotherStudent(file: String, submitter: String)

    // MARK: errors: the file was not read

    case symbolicLink(path: String)
    case notRegular(path: String, kind: AnswersFile.Kind)
    /// `bytes` nil when the file grew past `read` bytes while being read.
    case tooLarge(path: String, bytes: Int?, read: Int, limit: Int)
    /// `open` or `read` failed; `reason` is the system's own (`strerror`), in its language.
    case system(path: String, reason: String)

    func text(in language: ReportLanguage) -> String {
        language == .ja ? japanese : english
    }

    private var english: String {
        switch self {
        case .unknownMember(let location, let name):
            return "\(location): unknown member \"\(Escape.quotedSnippet(name))\" ignored"
        case .tooManyAnswers(let count, let limit):
            return "\"answers\" has \(Format.grouped(count)) entries; only the first \(Format.grouped(limit)) are read"
        case .namesAnotherStudent(let file, let submitter):
            return "the answers file names student \"\(file)\"; the submission is from \"\(submitter)\", whose numbers are graded"
        case .symbolicLink(let path):
            return "\(path): error: this is a symbolic link; answers files must be regular files, so it was not followed"
        case .notRegular(let path, let kind):
            return "\(path): error: this is \(kind.rawValue), not an answers file; it was not read"
        case .tooLarge(let path, let bytes, let read, let limit):
            let size = bytes.map { "\($0) bytes" } ?? "more than \(read) bytes"
            return "\(path):1:1: error: the answers file is \(size); the limit is \(limit)"
        case .system(let path, let reason):
            return "\(path): error: cannot read the answers file: \(reason)"
        }
    }

    private var japanese: String {
        switch self {
        case .unknownMember(let location, let name):
            return "\(location): 不明な項目 \"\(Escape.quotedSnippet(name))\" は無視しました"
        case .tooManyAnswers(let count, let limit):
            return "\"answers\" に \(Format.grouped(count)) 件の解答があります。読むのは最初の \(Format.grouped(limit)) 件だけです"
        case .namesAnotherStudent(let file, let submitter):
            return "解答ファイルには学生 \"\(file)\" と書かれていますが、提出者は \"\(submitter)\" です。\"\(submitter)\" の数値で採点しました"
        case .symbolicLink(let path):
            return "\(path): error: これはシンボリックリンクです。解答ファイルは通常のファイルにしてください（リンク先は読んでいません）"
        case .notRegular(let path, let kind):
            return "\(path): error: これは\(Self.japanese(kind))で、解答ファイルではありません。読んでいません"
        case .tooLarge(let path, let bytes, let read, let limit):
            let size = bytes.map { "\($0) バイトです" } ?? "\(read) バイトを超えています"
            return "\(path):1:1: error: 解答ファイルの大きさは \(size)。上限は \(limit) バイトです"
        case .system(let path, let reason):
            return "\(path): error: 解答ファイルを読めません: \(reason)"
        }
    }

    private static func japanese(_ kind: AnswersFile.Kind) -> String {
        switch kind {
        case .folder: return "フォルダー"
        case .namedPipe: return "名前付きパイプ（FIFO）"
        case .device: return "デバイス"
        case .socket: return "ソケット"
        case .symbolicLink: return "シンボリックリンク"
        case .special: return "特殊なファイル"
        }
    }
}

/// Why an answers file as a whole cannot be read (its encoding, its shape), with its data;
/// worded per language when the diagnostic is made (syntax errors inside it: `JSONSyntax`).
enum FileProblem: Sendable, Hashable {
    case wideText, notText, empty, notAnObject, notUTF8
    case tooLarge(bytes: Int, limit: Int)
    /// The document is a JSON value, but not an object.
    case rootKind(Feedback.JSONKind)
    case studentTwice, studentKind(Feedback.JSONKind), studentInvalid, noStudent
    case answersTwice, answersKind(Feedback.JSONKind), noAnswers

    func text(in language: ReportLanguage) -> String { language == .ja ? japanese : english }

    func notes(in language: ReportLanguage) -> [String] {
        let ja = language == .ja
        switch self {
        case .wideText:
            return [ja ? "UTF-8 で保存し直してください（メモ帳なら「名前を付けて保存」で文字コードに UTF-8 を選びます）"
                : "save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"]
        case .notText, .notAnObject:
            return [(ja ? "解答ファイルの形は " : "an answers file looks like ") + Self.shape + (ja ? " です" : "")]
        case .notUTF8: return [ja ? "UTF-8 で保存し直してください" : "save it as UTF-8"]
        case .rootKind: return [(ja ? "期待する形: " : "expected ") + Self.shape]
        default: return []
        }
    }

    private static let shape = #"{"student": "<id>", "answers": {"<exercise-id>": <answer>, ...}}"#

    private var english: String {
        switch self {
        case .wideText: return "the file is UTF-16 (or UTF-32) text; answers files must be UTF-8"
        case .notText: return "the file is not text (it holds NUL bytes); answers files are UTF-8 text"
        case .empty: return "the file is empty; expected a JSON object"
        case .notAnObject: return "the answers file must be a JSON object, starting with '{'"
        case .notUTF8: return "the file is not valid UTF-8"
        case .tooLarge(let bytes, let limit): return "the answers file is \(bytes) bytes; the limit is \(limit)"
        case .rootKind(let kind): return "the answers file must be a JSON object, not \(kind.english)"
        case .studentTwice: return "\"student\" is given twice"
        case .studentKind(let kind): return "\"student\" must be a string, not \(kind.english)"
        case .studentInvalid: return "\"student\" must be 1 to 200 characters without control characters"
        case .noStudent: return "the answers file has no \"student\" id"
        case .answersTwice: return "\"answers\" is given twice"
        case .answersKind(let kind): return "\"answers\" must be an object mapping exercise ids to answers, not \(kind.english)"
        case .noAnswers: return "the answers file has no \"answers\" object"
        }
    }

    private var japanese: String {
        switch self {
        case .wideText: return "このファイルは UTF-16（または UTF-32）のテキストです。解答ファイルは UTF-8 で保存してください"
        case .notText: return "このファイルはテキストではありません（NUL バイトを含みます）。解答ファイルは UTF-8 のテキストです"
        case .empty: return "ファイルが空です。JSON のオブジェクトを書いてください"
        case .notAnObject: return "解答ファイルは JSON のオブジェクト（'{' で始まるもの）にしてください"
        case .notUTF8: return "このファイルは正しい UTF-8 ではありません"
        case .tooLarge(let bytes, let limit): return "解答ファイルの大きさは \(bytes) バイトです。上限は \(limit) バイトです"
        case .rootKind(let kind): return "解答ファイルは JSON のオブジェクトにしてください（\(kind.japanese)になっています）"
        case .studentTwice: return "\"student\" が 2 回書かれています"
        case .studentKind(let kind): return "\"student\" は文字列にしてください（\(kind.japanese)になっています）"
        case .studentInvalid: return "\"student\" は制御文字を含まない 1〜200 文字にしてください"
        case .noStudent: return "解答ファイルに \"student\"（学生 ID）がありません"
        case .answersTwice: return "\"answers\" が 2 回書かれています"
        case .answersKind(let kind): return "\"answers\" は問題 ID と解答を対応させるオブジェクトにしてください（\(kind.japanese)になっています）"
        case .noAnswers: return "解答ファイルに \"answers\" オブジェクトがありません"
        }
    }
}

extension SourceText {
    func diagnostic(at offset: Int, _ problem: FileProblem, in language: ReportLanguage, excerpt: Bool = true) -> Diagnostic {
        diagnostic(at: offset, problem.text(in: language), notes: problem.notes(in: language), excerpt: excerpt)
    }
}
