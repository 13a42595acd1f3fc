import NNLanguage

/// Bounds on what one untrusted answers file may make the grader do.
///
/// Every submission is graded under these limits so a year group's batch finishes in about a
/// second even when some files are hostile: too big, too deep, or full of huge expressions.
/// A file past a limit is reported with a message, never crashes or hangs the grader.
public struct GradingLimits: Sendable, Hashable {
    /// Largest answers file read, in bytes (1 MiB). Larger files are refused before parsing.
    public var maxFileBytes: Int
    /// Deepest JSON nesting accepted (the network answer needs 3 levels).
    public var maxJSONDepth: Int
    /// Longest expression answer, in characters, before the expression parser sees it.
    public var maxExpressionLength: Int
    /// Deepest expression nesting (parentheses, calls, operators) the expression parser accepts.
    public var maxExpressionDepth: Int
    /// Most elements in a vector, matrix or weight answer.
    public var maxTensorElements: Int
    /// Most options in a choice answer.
    public var maxChoices: Int
    /// Most hidden units in a network answer.
    public var maxHiddenUnits: Int
    /// Points at which an expression answer is compared with the reference derivative.
    public var samplePoints: Int
    /// Evaluation steps one answer may take in all: every evaluation it needs (an expression at
    /// each check point, each element of a tensor) draws from it. Steps are counted, not timed,
    /// so an answer over the limit is an `error` on every machine, however busy, and one
    /// answer's cost never touches another's grade.
    public var maxAnswerSteps: Int
    /// Evaluation steps one answers file may take in all. Each exercise's answer gets an equal
    /// share (`maxFileSteps` / number of exercises, at most `maxAnswerSteps`), fixed before any
    /// answer is read, so the file is bounded without one answer taking from another.
    public var maxFileSteps: Int
    /// Most answers read from one file; more are reported and ignored.
    public var maxAnswers: Int

    public init(
        maxFileBytes: Int = 1 << 20, maxJSONDepth: Int = 16, maxExpressionLength: Int = 1_000,
        maxExpressionDepth: Int = 64, maxTensorElements: Int = 10_000, maxChoices: Int = 100,
        maxHiddenUnits: Int = 64, samplePoints: Int = DerivativeSamples.defaultCount, maxAnswerSteps: Int = 1_000_000,
        maxFileSteps: Int = 5_000_000, maxAnswers: Int = 1_000
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxJSONDepth = maxJSONDepth
        self.maxExpressionLength = maxExpressionLength
        self.maxExpressionDepth = maxExpressionDepth
        self.maxTensorElements = maxTensorElements
        self.maxChoices = maxChoices
        self.maxHiddenUnits = maxHiddenUnits
        self.samplePoints = samplePoints
        self.maxAnswerSteps = maxAnswerSteps
        self.maxFileSteps = maxFileSteps
        self.maxAnswers = maxAnswers
    }

    /// The `maxFileBytes` values accepted: up to 1 GiB. (A file is read whole into memory, and
    /// files are read in parallel; a bigger bound is a typo, not a course.)
    public static let maxFileBytesRange = 1...(1 << 30)

    /// The steps each answer gets when a catalogue has `exercises` exercises (see `maxFileSteps`).
    /// A share is rounded down to two significant digits (710,000, not 714,285): it is the
    /// number a student reads in the message when their answer goes over it.
    public func answerSteps(exercises: Int) -> Int {
        let share = min(maxAnswerSteps, maxFileSteps / max(exercises, 1))
        var unit = 1
        while share / unit >= 100 { unit *= 10 }
        return share / unit * unit
    }

    /// The limits `coursegen grade` uses unless told otherwise.
    public static let standard = GradingLimits()
}
