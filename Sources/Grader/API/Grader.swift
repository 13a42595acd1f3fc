import TextEscaping
import Diagnostics
import ExerciseModel
import Foundation

/// Grades answers files by executing each answer with the engine: any correct network passes,
/// any equivalent derivative passes, and a year group is graded in about a second.
///
/// Exercises are checked and prepared once (reference derivatives sampled, variant references
/// cached); `grade` is then a pure function of the submission, safe to call from many threads.
public struct Grader: Sendable {
    public let catalog: ExerciseCatalog
    public let limits: GradingLimits
    /// The language of feedback and notes: `--lang`, else the course's, else English.
    public let reportLanguage: ReportLanguage
    let language: any ExpressionLanguage
    let prepared: [PreparedExercise]
    /// Unknown-exercise notes listed one by one (in id order); the rest are counted.
    static let unknownNotesShown = 10

    /// Prepares every exercise of `catalog` with the `nn` expression language.
    /// - Throws: a `Diagnostic` when an exercise's reference cannot be computed (a reference
    ///   function that does not parse, a variant program that fails for some parameter values).
    /// - Parameter reportLanguage: the language of feedback; nil for the course's (`ExerciseCatalog.language`).
    public init(catalog: ExerciseCatalog, limits: GradingLimits = .standard, reportLanguage: ReportLanguage? = nil) throws(Diagnostic) {
        try self.init(catalog: catalog, limits: limits, language: NNExpressionLanguage(), reportLanguage: reportLanguage)
    }

    init(catalog: ExerciseCatalog, limits: GradingLimits, language: any ExpressionLanguage, reportLanguage: ReportLanguage? = nil) throws(Diagnostic) {
        self.catalog = catalog
        self.limits = limits
        self.reportLanguage = reportLanguage ?? catalog.language
        self.language = language
        var prepared: [PreparedExercise] = []
        for exercise in catalog.exercises {
            prepared.append(try PreparedExercise(exercise, language: language, limits: limits))
        }
        self.prepared = prepared
    }

    /// Grades one parsed submission. Never throws: every problem becomes an exercise's
    /// `error` status with feedback, so one bad answer never stops the others.
    public func grade(_ submission: Submission) -> Report {
        var results: [ExerciseResult] = []
        results.reserveCapacity(prepared.count)
        for exercise in prepared {
            results.append(grade(exercise, in: submission))
        }
        var notes = submission.fileNotes.map { $0.text(in: reportLanguage) }
        let known = Set(prepared.map(\.exercise.id))
        // Ten are enough to see the mistake; a thousand would bury the report.
        let unknown = submission.answeredExercises.filter { !known.contains($0) }
        let words = ReportWords(reportLanguage)
        for id in unknown.prefix(Self.unknownNotesShown) {
            notes.append(words.unknownExercise(Escape.quotedSnippet(id, limit: 60)))
        }
        if unknown.count > Self.unknownNotesShown {
            notes.append(words.moreUnknownExercises(unknown.count - Self.unknownNotesShown))
        }
        return Report(student: submission.student, exercises: results, notes: notes.isEmpty ? nil : notes, language: reportLanguage)
    }

    /// Parses and grades one answers file; a file that cannot be read as an answers file gives
    /// a report whose exercises are all `error`, named after the file.
    ///
    /// `student`, when given, is who the submission is from whatever the file says (Gradescope's
    /// `submission_metadata.json`): their numbers are graded, and a note names the file's id.
    public func grade(data: some Collection<UInt8>, file: String, student: String? = nil) -> Report {
        // A file name is the student's too: a line break in it must not forge a report line.
        let file = Escape.visible(file)
        do {
            var submission = try Submission.parse(data: data, file: file, limits: limits, language: reportLanguage)
            if let student, student != submission.student {
                submission.fileNotes.append(.namesAnotherStudent(
                    file: Escape.quotedSnippet(submission.student, limit: 60), submitter: Escape.quotedSnippet(student, limit: 60)))
                submission.student = student
            }
            return grade(submission)
        } catch {
            var report = unreadable(file: file, error.description)
            if let student { report.student = student }
            return report
        }
    }

    /// Reads and grades the file at `path`. Only a regular file is read (at most
    /// `limits.maxFileBytes` + 1 bytes): a symbolic link, folder, named pipe, device or socket
    /// is reported without being opened for reading or waited on, so a submissions folder
    /// cannot make the grader hang or quote a file elsewhere.
    public func grade(fileAt rawPath: String, student: String? = nil) -> Report {
        var report = read(fileAt: rawPath, student: student)
        if let student { report.student = student }
        return report
    }

    private func read(fileAt rawPath: String, student: String?) -> Report {
        let path = Escape.visible(rawPath)
        let limit = min(max(limits.maxFileBytes, 0), GradingLimits.maxFileBytesRange.upperBound)
        switch AnswersFile.read(rawPath, limit: limit) {
        case .success(let bytes):
            return grade(data: bytes, file: path, student: student)
        case .failure(.symbolicLink):
            return unreadable(file: path, .symbolicLink(path: path))
        case .failure(.notRegular(let kind)):
            return unreadable(file: path, .notRegular(path: path, kind: kind))
        case .failure(.tooLarge(let bytes)):
            return unreadable(file: path, .tooLarge(path: path, bytes: bytes, read: limit, limit: limits.maxFileBytes))
        case .failure(.system(let reason)):
            return unreadable(file: path, .system(path: path, reason: reason))
        }
    }

    /// Grades many files at once, spread over the machine's cores; reports come back in the
    /// order of `paths`.
    public func grade(filesAt paths: [String]) -> [Report] {
        parallelMap(paths) { grade(fileAt: $0) }
    }

    /// Grades many in-memory files at once, in parallel; reports in input order.
    public func grade(files: [(file: String, data: [UInt8])]) -> [Report] {
        parallelMap(files) { grade(data: $0.data, file: $0.file) }
    }

    /// The `*.json` files named by `paths`: files as given, folders' direct children sorted.
    /// A file named twice (`a.json a.json`, or a folder and a file in it) is listed once, at
    /// its first mention: it is one submission, not two by the same student.
    /// - Throws: a `Diagnostic` for a path that does not exist.
    public static func answerFiles(in paths: [String]) throws(Diagnostic) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Diagnostic(at: nil, "no such file or folder: \(path)")
            }
            if isDirectory.boolValue {
                let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { $0.hasSuffix(".json") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return AnswersFile.distinct(files)
    }

    private func unreadable(file: String, _ problem: FileMessage) -> Report {
        unreadable(file: file, problem.text(in: reportLanguage))
    }

    private func unreadable(file: String, _ message: String) -> Report {
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let results = prepared.map {
            ExerciseResult(
                id: $0.exercise.id, score: 0, maxScore: $0.exercise.points, status: .error,
                message: .fileUnreadable, language: reportLanguage)
        }
        return Report(student: name.isEmpty ? file : name, exercises: results, errors: [message], language: reportLanguage)
    }

    private func parallelMap<Input: Sendable>(_ inputs: [Input], _ body: @Sendable (Input) -> Report) -> [Report] {
        let count = inputs.count
        guard count > 1 else { return inputs.map(body) }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, count)
        let chunk = (count + workers * 8 - 1) / (workers * 8)
        let chunks = (count + chunk - 1) / chunk
        let results = UnsafeMutableBufferPointer<Report>.allocate(capacity: count)
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: chunks) { index in
            let start = index * chunk
            for i in start..<min(start + chunk, count) {
                (output.baseAddress! + i).initialize(to: body(inputs[i]))
            }
        }
        let array = Array(results)
        results.deinitialize()
        results.deallocate()
        return array
    }

    // MARK: - One exercise

    private func grade(_ prepared: PreparedExercise, in submission: Submission) -> ExerciseResult {
        let exercise = prepared.exercise
        func result(
            _ status: ExerciseStatus, _ message: Feedback, text: String? = nil, at location: SourceLocation? = nil, score: Double = 0
        ) -> ExerciseResult {
            let text = text ?? message.text(in: reportLanguage)
            var result = ExerciseResult(
                id: exercise.id, score: Report.rounded(score), maxScore: exercise.points, status: status,
                feedback: location.map { "\($0): \(text)" } ?? text)
            result.message = message
            return result
        }
        guard let answer = submission.answers[exercise.id] else {
            return result(.missing, .noAnswer(.absent))
        }
        if let duplicate = answer.duplicateAt {
            return result(.error, .answeredTwice(mentions: answer.mentions), at: duplicate)
        }
        switch answer.node.value {
        case .null: return result(.missing, .noAnswer(.null))
        case .string(let text) where text.trimmingWhitespace.isEmpty: return result(.missing, .noAnswer(.emptyString))
        case .number(let value, let literal) where !value.isFinite:
            // 1e999: an error for this answer only, whatever the kind (the reader kept it as ±∞).
            return result(.error, .numberTooLarge(nil, literal: literal), at: answer.text.location(at: answer.node.offset))
        default: break
        }
        let bindings = exercise.parameters.isEmpty ? [:] : Variants.values(student: submission.student, exercise: exercise)
        let context = AnswerContext(
            answer: answer, student: submission.student, bindings: bindings, limits: limits, language: language,
            steps: limits.answerSteps(exercises: self.prepared.count))
        // Feedback is written once per outcome: a cached answer text shares its text too.
        let render = { (outcome: Outcome) in RenderedOutcome(outcome: outcome, text: outcome.feedback.text(in: reportLanguage)) }
        let rendered: RenderedOutcome
        switch (exercise.kind, answer.node.value) {
        // A string or number answer's outcome depends only on its text (and the variant), so it
        // is cached; its errors point at the answer itself (offset nil), valid in any file.
        case (.number, .string(let text)), (.number, .number(_, let text)):
            rendered = prepared.outcome(forAnswer: text, bindings: bindings) { render(prepared.gradeNumber(context).locatedAtAnswer) }
        case (.expression, .string(let text)), (.expression, .number(_, let text)):
            rendered = prepared.outcome(forAnswer: text, bindings: bindings) { render(prepared.gradeExpression(context).locatedAtAnswer) }
        case (.number, _): rendered = render(prepared.gradeNumber(context))
        case (.expression, _): rendered = render(prepared.gradeExpression(context))
        case (.network, _): rendered = render(prepared.gradeNetwork(context))
        case (.tensor, _): rendered = render(prepared.gradeTensor(context))
        case (.choice, _): rendered = render(prepared.gradeChoice(context))
        }
        switch rendered.outcome {
        case .error(let message, let offset):
            return result(.error, message, text: rendered.text, at: answer.text.location(at: offset ?? answer.node.offset))
        case .graded(let fraction, let feedback):
            let clamped = min(max(fraction, 0), 1)
            let status: ExerciseStatus = clamped >= 1 ? .correct : clamped > 0 ? .partial : .incorrect
            return result(status, feedback, text: rendered.text, score: clamped * exercise.points)
        }
    }
}

/// What checking one answer produced: a fraction of the points, or why it could not be graded.
enum Outcome: Sendable {
    case graded(fraction: Double, feedback: Feedback)
    /// `at`: byte offset in the answers file of the offending part; nil for the answer itself.
    case error(Feedback, at: Int? = nil)

    var feedback: Feedback {
        switch self {
        case .graded(_, let feedback), .error(let feedback, _): return feedback
        }
    }

    /// The same outcome with any error located at the answer's start, for caching across files.
    var locatedAtAnswer: Outcome {
        if case .error(let message, _) = self { return .error(message) }
        return self
    }
}

/// An outcome with its feedback written in the report's language.
struct RenderedOutcome: Sendable {
    var outcome: Outcome
    var text: String
}

/// Everything a check needs about the answer being graded.
struct AnswerContext {
    var answer: Submission.Answer
    var student: String
    /// The student's parameter values for this exercise; empty when it has none.
    var bindings: [String: Double]
    var limits: GradingLimits
    var language: any ExpressionLanguage
    /// Evaluation steps this answer may take in all (`GradingLimits.answerSteps`).
    var steps: Int

    var node: JSONNode { answer.node }
}
