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
