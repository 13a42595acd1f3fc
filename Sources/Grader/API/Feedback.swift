import ExerciseModel

/// The language reports, feedback and handouts are written in: the course's (`ExerciseSheet.language`)
/// unless `--lang` says otherwise.
public enum ReportLanguage: String, Sendable, Hashable, CaseIterable, Codable {
    case en, ja

    /// The language for a BCP 47 tag (`ja`, `ja-JP`, `en-US`); nil for one the grader does not speak.
    public init?(tag: String) {
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        guard let language = ReportLanguage(rawValue: primary) else { return nil }
        self = language
    }
}

/// What checking one answer found, with its numbers: a value, rendered in a language only when a
/// report is written (`text(in:)`), so one outcome reads the same in every language and a test
/// can check the verdict without reading prose. `indirect`: a result carries one pointer, not
/// the largest case's payload, so reports of a year group copy cheaply.
public indirect enum Feedback: Sendable, Hashable {
    // MARK: graded

    case correct
    /// An expression answer that agrees with the reference derivative at every check point.
    case correctAtPoints(Int)
    /// A number that is not the expected one. `matches` says, where true, that it is the answer
    /// for other numbers than the student's (`yours`), which are the only numbers named.
    case notExpected(answer: Double, tolerance: Tolerance, matches: OtherAnswer? = nil, yours: [String: Double] = [:])
    /// An expression answer that disagrees with the derivative at `mismatches` of `points` points;
    /// the first disagreement is shown.
    case wrongDerivative(variable: String, at: Double, answer: String, gives: Double, expected: Double, mismatches: Int, points: Int)
    /// A network answer executed on every row of the truth table.
    case network(TruthTableCheck, ignored: [String])
    /// A tensor answer with `right` of `total` elements right; `wrong` lists the first few others.
    case elements(right: Int, total: Int, tolerance: Tolerance, wrong: [WrongElement], more: Bool)
    /// A choice answer: `hits` of the `correct` options chosen, `misses` wrong ones.
    case options(hits: Int, correct: Int, misses: Int)

    // MARK: not graded: missing or given twice

    case noAnswer(Missing)
    case answeredTwice(mentions: Int)

    // MARK: not graded: the answer cannot be read as written

    /// The answer uses something that differentiates or otherwise computes the answer
    /// (`relu'`, `derivative`, `grad`, `train`, …): no credit, whatever its value.
    case computesTheAnswer(name: String)
    case numberTooLarge(Subject?, literal: String)
    case notANumber(Subject, kind: JSONKind)
    case usesName(Subject, source: String, name: String)
    case stepsExceeded(Subject, source: String, limit: Int)
    case cannotEvaluate(Subject, source: String, detail: String)
    case nan(Subject, source: String)
    case overflows(Subject, source: String, value: Double)
    case expressionTooLong(length: Int, limit: Int)
    /// `detail` is the language's own message; `excerpt` the line with a caret under the column.
    case doesNotParse(detail: String, excerpt: [String], column: Int?, notes: [String])
    case expressionKind(variable: String, kind: JSONKind)
    case strayVariable(variable: String, name: String)
    case stepsExceededAtPoints(points: Int, limit: Int, variable: String, at: Double)
    case cannotEvaluateAt(variable: String, at: Double?, detail: String)
    case networkKind(JSONKind)
    case weightGivenTwice(String)
    case weightMissing(String)
    /// W1 is not `hidden × inputs`; `expected` nil when the exercise declares no shape.
    case firstLayerShape(inputs: Int, expected: NetworkShape?, maxHidden: Int, got: [Int])
    case biasShape(name: String, count: Int, got: [Int])
    case secondLayerShape(hidden: Int, got: [Int])
    case networkFailed(detail: String)
    case emptyArray(String)
    case tooManyElements(name: String?, limit: Int)
    case rowNotArray(name: String?, index: Int, kind: JSONKind)
    case elementNotNumber(path: String, kind: JSONKind)
    case raggedRows(name: String?, first: Int, other: Int)
    case weightsKind(name: String, kind: JSONKind)
    case tensorKind(shape: [Int], kind: JSONKind)
    case tensorShape(expected: [Int], got: [Int])
    case tooManyOptions(limit: Int)
    case optionNotString(index: Int, kind: JSONKind)
    case choiceKind(JSONKind)
    /// Several options written in one string (`"a, b"`): the hint to write a list.
    case optionsInOneString(String, parts: [String])

    // MARK: not graded: the course's or the file's fault

    /// The exercise's reference could not be computed or is missing (`detail` is for the author).
    case exerciseBroken(detail: String)
    case fileUnreadable

    /// Who the numbers of a copied answer belong to.
    public enum OtherAnswer: Sendable, Hashable {
        /// The chapter's worked example: the declaring block's own values.
        case workedExample
        /// Numbers another student was given.
        case anotherVariant
    }

    public enum Missing: Sendable, Hashable { case absent, null, emptyString }

    /// What a number check is about: the whole answer, or one element of it (`[0][1]`).
    public enum Subject: Sendable, Hashable {
        case answer
        /// `element [0][1]` of a tensor answer.
        case element(String)
        /// A network weight, as the student named it (`W1[0][1]`).
        case named(String)
    }

    public struct WrongElement: Sendable, Hashable {
        /// `[0][1]`, `[2]`, or empty for a single number.
        public var position: String
        public var value: Double
    }

    /// A network's output on each row of the truth table, next to the expected one.
    public struct TruthTableCheck: Sendable, Hashable {
        public var inputs: [[Double]]
        public var computed: [Double]
        public var expected: [Double]
        public var right: Int { zip(computed, expected).filter { $0 == $1 }.count }
    }

    /// The kind of a JSON value, as a message names it.
    public enum JSONKind: Sendable, Hashable { case null, boolean, number, string, array, object }

    /// The feedback as a student reads it, in `language`.
    public func text(in language: ReportLanguage) -> String {
        switch language {
        case .en: return english
        case .ja: return japanese
        }
    }

    /// True for the outcomes that grade the answer (correct or not); false for those that could
    /// not grade it as written.
    var grades: Bool {
        switch self {
        case .correct, .correctAtPoints, .notExpected, .wrongDerivative, .network, .elements, .options: return true
        default: return false
        }
    }
}

extension JSONValue {
    var kind: Feedback.JSONKind {
        switch self {
        case .null: return .null
        case .bool: return .boolean
        case .number: return .number
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }
}
