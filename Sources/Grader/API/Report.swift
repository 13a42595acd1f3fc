/// The outcome of one exercise for one student.
public enum ExerciseStatus: String, Codable, Sendable, Hashable, CaseIterable {
    /// Full marks.
    case correct
    /// Some credit, by the exercise's declared partial credit.
    case partial
    /// Graded and wrong.
    case incorrect
    /// The answer could not be graded as written (malformed, wrong shape, over a limit).
    case error
    /// No answer for this exercise in the file.
    case missing
}

/// One exercise's line in a report; `feedback` is plain text written for the student.
public struct ExerciseResult: Codable, Sendable, Hashable {
    public var id: String
    public var score: Double
    public var maxScore: Double
    public var status: ExerciseStatus
    /// Plain text, possibly several lines, in the report's language; escape it (`Escape`)
    /// before putting it in HTML or Markdown.
    public var feedback: String
    /// What the grader found, as a value (`feedback` is its text); nil in a report read back from JSON.
    public var message: Feedback?

    public init(id: String, score: Double, maxScore: Double, status: ExerciseStatus, feedback: String) {
        self.id = id
        self.score = score
        self.maxScore = maxScore
        self.status = status
        self.feedback = feedback
    }

    /// A result whose feedback is `message` written in `language`, after `location`
    /// (`answers.json:4:5: …`) when the answer could not be graded as written.
    public init(
        id: String, score: Double, maxScore: Double, status: ExerciseStatus, message: Feedback,
        location: String? = nil, language: ReportLanguage
    ) {
        let text = message.text(in: language)
        self.init(id: id, score: score, maxScore: maxScore, status: status, feedback: location.map { "\($0): \(text)" } ?? text)
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case id, score, maxScore = "max_score", status, feedback
    }

    /// Results are equal when they read the same (a report read back from JSON has no `message`).
    public static func == (a: ExerciseResult, b: ExerciseResult) -> Bool {
        a.id == b.id && a.score == b.score && a.maxScore == b.maxScore && a.status == b.status && a.feedback == b.feedback
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(feedback)
    }
}

/// One submission's grades: the `--format json` object, a stable contract (`docs/grading.md`).
///
/// `{"student", "score", "max_score", "exercises": [{"id", "score", "max_score", "status", "feedback"}]}`
/// plus, only when there is something to say, `"file"`-level `"errors"` (the file could not be
/// read, so every exercise is `error`) and `"notes"` (unknown members ignored).
public struct Report: Codable, Sendable, Hashable {
    public var student: String
    public var score: Double
    public var maxScore: Double
    /// In the catalogue's order (chapter files, then declaration order).
    public var exercises: [ExerciseResult]
    /// Why the file as a whole could not be graded; nil when it could.
    public var errors: [String]?
    /// Things in the file that were ignored; nil when none.
    public var notes: [String]?
    /// The language of the feedback and of the text report's words (not written in the JSON).
    public var language: ReportLanguage = .en

    /// The totals are computed from `exercises`, so they can never disagree with them.
    public init(
        student: String, exercises: [ExerciseResult], errors: [String]? = nil, notes: [String]? = nil,
        language: ReportLanguage = .en
    ) {
        self.language = language
        self.student = student
        self.exercises = exercises
        self.score = Report.rounded(exercises.reduce(0) { $0 + $1.score })
        self.maxScore = Report.rounded(exercises.reduce(0) { $0 + $1.maxScore })
        self.errors = errors
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case student, score, maxScore = "max_score", exercises, errors, notes
    }

    /// Scores are sums of fractions of points: round to 1e-6 so 0.1 + 0.2 reads 0.3.
    static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }

    /// One exercise's result by id (a gradebook column, a test), nil for an unknown id.
    public func result(for id: String) -> ExerciseResult? { exercises.first { $0.id == id } }
}
