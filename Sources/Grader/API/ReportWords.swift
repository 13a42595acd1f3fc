/// The fixed words of reports (statuses, headers, notes, summaries) in one language; feedback
/// itself is `Feedback.text(in:)`.
public struct ReportWords: Sendable {
    public let language: ReportLanguage

    public init(_ language: ReportLanguage) { self.language = language }

    /// How a status reads in a text report or a Gradescope test (the JSON keeps `rawValue`).
    public func status(_ status: ExerciseStatus) -> String {
        guard language == .ja else { return status.rawValue }
        switch status {
        case .correct: return "正解"
        case .partial: return "部分点"
        case .incorrect: return "不正解"
        case .error: return "採点できません"
        case .missing: return "未解答"
        }
    }

    public var note: String { language == .ja ? "注" : "note" }

    func unknownExercise(_ id: String) -> String {
        language == .ja ? "存在しない問題 \"\(id)\" への解答は無視しました" : "answer for unknown exercise \"\(id)\" ignored"
    }

    func moreUnknownExercises(_ count: Int) -> String {
        language == .ja
            ? "… ほかに存在しない問題への解答 \(Format.grouped(count)) 件を無視しました"
            : "… and \(Format.grouped(count)) more answers for unknown exercises ignored"
    }

    /// The closing line of a text report for several files.
    func summary(submissions: Int, students: Int, mean: String, maximum: String) -> String {
        if language == .ja {
            let who = students == submissions ? "" : "（学生 \(students) 人）"
            return "\(submissions) 件の提出を採点しました\(who)。平均点 \(mean) / \(maximum)"
        }
        let who = students == submissions ? "" : " (\(students) students)"
        return "\(submissions) submissions graded\(who); mean score \(mean) / \(maximum)"
    }
}
