/// The exercise contract: declared by `nn` blocks, written by `coursegen build` as JSON under
/// `exercises/`, read by `coursegen grade`. Keep it stable: graders in the field read old files.
/// Documented in `docs/grading.md`.

/// All exercises of one chapter, as written to `exercises/<chapter>.json`.
public struct ExerciseSheet: Codable, Sendable, Hashable {
    /// Bumped on incompatible changes so an old grader refuses a new file with a clear message.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    /// The chapter file the exercises come from, relative to the content folder (e.g. `04-backprop.md`).
    public var chapter: String
    /// The chapter's title (its first heading), for handouts; absent in hand-written sheets.
    public var chapterTitle: String?
    /// The chapter's position in the course (1-based), for problem numbers (`ExerciseSheet.problemNumber`);
    /// absent in hand-written sheets.
    public var chapterNumber: Int?
    /// The course's language (BCP 47, e.g. `ja`), so `grade` and `handout` speak it by default;
    /// absent in hand-written sheets (then English).
    public var language: String?
    public var exercises: [Exercise]

    public init(
        chapter: String, chapterTitle: String? = nil, chapterNumber: Int? = nil, language: String? = nil,
        exercises: [Exercise], formatVersion: Int = ExerciseSheet.currentFormatVersion
    ) {
        self.formatVersion = formatVersion
        self.chapter = chapter
        self.chapterTitle = chapterTitle
        self.chapterNumber = chapterNumber
        self.language = language
        self.exercises = exercises
    }

    /// The number a page, a handout and a report show for the exercise at `index` in this sheet:
    /// `4.2` is the second exercise of chapter 4; `2` when the sheet has no chapter number.
    /// The one rule, so a student finds "問題 4.2" in every place.
    public func problemNumber(ofExerciseAt index: Int) -> String {
        chapterNumber.map { "\($0).\(index + 1)" } ?? "\(index + 1)"
    }
}

/// The shape of a network answer: `h = step(W1·x + b1)`, `y = step(W2·h + b2)` with `W1` of
/// `hidden × inputs`, `W2` of `outputs × hidden`. Declared so the page can draw the matrices and
/// the grader can refuse a network of another size (an exercise asking for 2 hidden units must
/// not accept 1 or 64).
public struct NetworkShape: Codable, Sendable, Hashable {
    public var inputs: Int
    public var hidden: Int
    public var outputs: Int

    public init(inputs: Int, hidden: Int, outputs: Int = 1) {
        self.inputs = inputs
        self.hidden = hidden
        self.outputs = outputs
    }
}

/// What kind of answer an exercise takes, which decides how the grader checks it.
public enum ExerciseKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// A number, or an arithmetic expression string such as "0.25^9".
    case number
    /// An expression in one variable (a derivative), checked pointwise against the reference.
    case expression
    /// Weights of a step-activated 2-layer network, executed on every input of a truth table.
    case network
    /// A vector or matrix, compared elementwise.
    case tensor
    /// One or several options.
    case choice
}

/// How close a numeric answer must be. The answer passes when any given bound holds.
public struct Tolerance: Codable, Sendable, Hashable {
    public var relative: Double?
    public var absolute: Double?
    public var significantFigures: Int?

    public init(relative: Double? = nil, absolute: Double? = nil, significantFigures: Int? = nil) {
        self.relative = relative
        self.absolute = absolute
        self.significantFigures = significantFigures
    }

    /// 1e-6 relative or 1e-9 absolute: tight enough to tell a wrong chain rule from a right one.
    public static let standard = Tolerance(relative: 1e-6, absolute: 1e-9)
}

/// A reference answer, computed by the `nn` block that declared the exercise.
public enum ReferenceAnswer: Sendable, Hashable {
    case number(Double)
    /// `source` is a function of `variable` (e.g. "relu(x)"); the expected answer is its
    /// derivative, taken by the engine's autodiff at each check point.
    case derivative(of: String, variable: String)
    /// `inputs` rows and the expected output for each; the network is executed on every row.
    case truthTable(inputs: [[Double]], outputs: [Double])
    case tensor(shape: [Int], scalars: [Double])
    case choice([String])
}

/// A parameter drawn per student (another x, t or w), from a stable hash of student and exercise id.
public struct VariantParameter: Codable, Sendable, Hashable {
    public var name: String
    /// The values a student may be given; drawn uniformly.
    public var choices: [Double]

    public init(name: String, choices: [Double]) {
        self.name = name
        self.choices = choices
    }
}

/// Credit for an answer that is wrong as a whole but right in part (e.g. 3 of 4 truth-table rows).
public struct PartialCredit: Codable, Sendable, Hashable {
    /// Fraction of the points per correct part (row, element, option).
    public var perPart: Double?
    public init(perPart: Double? = nil) { self.perPart = perPart }
}

public struct Exercise: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var kind: ExerciseKind
    public var points: Double
    /// The question, in Markdown (Japanese in the bundled course).
    public var prompt: String
    public var reference: ReferenceAnswer
    public var tolerance: Tolerance?
    /// For expression answers: the interval to check over, e.g. [-5, 5].
    public var domain: [Double]?
    /// For variants: an `nn` program that recomputes `reference` given the parameters as
    /// variables; its last expression is the reference number.
    public var referenceProgram: String?
    public var parameters: [VariantParameter]
    public var partialCredit: PartialCredit?
    /// For `choice` exercises: every option the student is offered (the reference holds the right
    /// ones), so the page can draw them; nil when the prompt lists them itself.
    public var options: [String]?
    /// For `network` exercises: the required shape; nil in old sheets (any shape accepted).
    public var network: NetworkShape?
    /// Where the exercise was declared: `file:line:column`, the file relative to the content folder
    /// in a built site (`04-backprop.md:193:1`).
    public var source: String?

    public init(
        id: String, kind: ExerciseKind, points: Double, prompt: String, reference: ReferenceAnswer,
        tolerance: Tolerance? = nil, domain: [Double]? = nil, referenceProgram: String? = nil,
        parameters: [VariantParameter] = [], partialCredit: PartialCredit? = nil,
        options: [String]? = nil, network: NetworkShape? = nil, source: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.points = points
        self.prompt = prompt
        self.reference = reference
        self.tolerance = tolerance
        self.domain = domain
        self.referenceProgram = referenceProgram
        self.parameters = parameters
        self.partialCredit = partialCredit
        self.options = options
        self.network = network
        self.source = source
    }
}

/// The JSON form of a reference answer is one object with one key naming the case, so the
/// files read plainly and other tools can consume them:
/// `{"number": -6}`, `{"derivative": {"of": "relu(x)", "variable": "x"}}`,
/// `{"truthTable": {"inputs": [[0, 0], ...], "outputs": [0, ...]}}`,
/// `{"tensor": {"shape": [2], "scalars": [1, 2]}}`, `{"choice": ["a", "c"]}`.
extension ReferenceAnswer: Codable {
    private enum CaseKey: String, CodingKey { case number, derivative, truthTable, tensor, choice }
    private enum DerivativeKey: String, CodingKey { case of, variable }
    private enum TruthTableKey: String, CodingKey { case inputs, outputs }
    private enum TensorKey: String, CodingKey { case shape, scalars }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CaseKey.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: container.codingPath,
                debugDescription: "a reference answer has exactly one of number, derivative, truthTable, tensor, choice"))
        }
        switch key {
        case .number:
            self = .number(try container.decode(Double.self, forKey: .number))
        case .derivative:
            let fields = try container.nestedContainer(keyedBy: DerivativeKey.self, forKey: .derivative)
            self = .derivative(
                of: try fields.decode(String.self, forKey: .of),
                variable: try fields.decode(String.self, forKey: .variable))
        case .truthTable:
            let fields = try container.nestedContainer(keyedBy: TruthTableKey.self, forKey: .truthTable)
            self = .truthTable(
                inputs: try fields.decode([[Double]].self, forKey: .inputs),
                outputs: try fields.decode([Double].self, forKey: .outputs))
        case .tensor:
            let fields = try container.nestedContainer(keyedBy: TensorKey.self, forKey: .tensor)
            self = .tensor(
                shape: try fields.decode([Int].self, forKey: .shape),
                scalars: try fields.decode([Double].self, forKey: .scalars))
        case .choice:
            self = .choice(try container.decode([String].self, forKey: .choice))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CaseKey.self)
        switch self {
        case .number(let value):
            try container.encode(value, forKey: .number)
        case .derivative(let source, let variable):
            var fields = container.nestedContainer(keyedBy: DerivativeKey.self, forKey: .derivative)
            try fields.encode(source, forKey: .of)
            try fields.encode(variable, forKey: .variable)
        case .truthTable(let inputs, let outputs):
            var fields = container.nestedContainer(keyedBy: TruthTableKey.self, forKey: .truthTable)
            try fields.encode(inputs, forKey: .inputs)
            try fields.encode(outputs, forKey: .outputs)
        case .tensor(let shape, let scalars):
            var fields = container.nestedContainer(keyedBy: TensorKey.self, forKey: .tensor)
            try fields.encode(shape, forKey: .shape)
            try fields.encode(scalars, forKey: .scalars)
        case .choice(let options):
            try container.encode(options, forKey: .choice)
        }
    }
}
