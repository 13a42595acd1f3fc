import Diagnostics
import ExerciseModel
import Foundation

/// Every exercise of a course, read once from the `exercises/*.json` sheets `coursegen build`
/// writes, checked, and kept in order (sheet file name, then declaration order).
///
/// Author mistakes (a placeholder naming no parameter, a domain the wrong way round) are found
/// here, before any student is graded, and reported against the chapter that declared them.
public struct ExerciseCatalog: Sendable {
    public let sheets: [ExerciseSheet]
    /// All exercises in course order.
    public let exercises: [Exercise]
    private let index: [String: Int]

    /// Checks sheets already in memory.
    /// - Throws: a `Diagnostic` naming the exercise and what is wrong with it.
    public init(sheets: [ExerciseSheet]) throws(Diagnostic) {
        var exercises: [Exercise] = []
        var index: [String: Int] = [:]
        for sheet in sheets {
            guard sheet.formatVersion <= ExerciseSheet.currentFormatVersion else {
                throw Diagnostic(
                    at: nil,
                    "exercise sheet for \(sheet.chapter) has format version \(sheet.formatVersion); this grader reads up to \(ExerciseSheet.currentFormatVersion)",
                    notes: ["update coursegen, or rebuild the course with this version"])
            }
            for exercise in sheet.exercises {
                try ExerciseCatalog.check(exercise, chapter: sheet.chapter)
                if let earlier = index[exercise.id] {
                    throw ExerciseCatalog.problem(
                        exercise, chapter: sheet.chapter,
                        "exercise id '\(exercise.id)' is declared twice",
                        notes: ["first declared at \(exercises[earlier].source ?? "an earlier sheet")"])
                }
                index[exercise.id] = exercises.count
                exercises.append(exercise)
            }
        }
        self.sheets = sheets
        self.exercises = exercises
        self.index = index
    }

    /// The folder `load(directory:)` reads: `directory/exercises/` when it exists, else
    /// `directory`. The CLI uses it to refuse writing a report over a sheet.
    public static func sheetFolder(in directory: String) -> String {
        var isDirectory: ObjCBool = false
        let nested = (directory as NSString).appendingPathComponent("exercises")
        let exists = FileManager.default.fileExists(atPath: nested, isDirectory: &isDirectory)
        return exists && isDirectory.boolValue ? nested : directory
    }

    /// Reads every `*.json` sheet under `directory/exercises/` (or `directory` itself when it
    /// has no `exercises/` folder), in file-name order.
    /// - Throws: a `Diagnostic` when the folder cannot be read, a sheet is not a valid exercise
    ///   sheet, or an exercise is inconsistent.
    public static func load(directory: String) throws(Diagnostic) -> ExerciseCatalog {
        let manager = FileManager.default
        let folder = sheetFolder(in: directory)
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw Diagnostic(at: nil, "cannot read the exercises folder \(folder): \(error.localizedDescription)")
        }
        guard !names.isEmpty else {
            // Scripts written before the key moved out name the site: say where the key went.
            let isSite = manager.fileExists(atPath: (folder as NSString).appendingPathComponent(".coursegen-site"))
            throw Diagnostic(
                at: nil, "no exercise sheets (*.json) in \(folder)",
                notes: [isSite
                    ? "'\(folder)' is a site; `coursegen build` writes the grading key beside it, to grading/ (or to its --key folder)"
                    : "run `coursegen build` first; it writes the grading key, one <chapter>.json per chapter, to grading/ beside the site"])
        }
        var sheets: [ExerciseSheet] = []
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = manager.contents(atPath: path) else {
                throw Diagnostic(at: SourceLocation(file: path, line: 1, column: 1), "cannot read this exercise sheet")
            }
            do {
                sheets.append(try JSONDecoder().decode(ExerciseSheet.self, from: data))
            } catch let error as DecodingError {
                throw Diagnostic(
                    at: SourceLocation(file: path, line: 1, column: 1),
                    "not a valid exercise sheet: \(describe(error))")
            } catch {
                throw Diagnostic(at: SourceLocation(file: path, line: 1, column: 1), "not a valid exercise sheet: \(error)")
            }
        }
        return try ExerciseCatalog(sheets: sheets)
    }

    public func exercise(id: String) -> Exercise? { index[id].map { exercises[$0] } }

    /// Exercise ids in course order: the gradebook's columns.
    public var exerciseIDs: [String] { exercises.map(\.id) }

    /// The course's language (the first sheet's `language` the grader speaks), English when
    /// the sheets say none: what reports and handouts are written in unless `--lang` says otherwise.
    public var language: ReportLanguage {
        sheets.lazy.compactMap { $0.language.flatMap(ReportLanguage.init(tag:)) }.first ?? .en
    }

    // MARK: - Checks

    static func problem(_ exercise: Exercise, chapter: String, _ message: String, notes: [String] = []) -> Diagnostic {
        Diagnostic(
            at: exercise.source.flatMap(parseLocation),
            "exercise '\(exercise.id)' (\(chapter)): \(message)", notes: notes)
    }

    static func check(_ exercise: Exercise, chapter: String) throws(Diagnostic) {
        func fail(_ message: String) -> Diagnostic { problem(exercise, chapter: chapter, message) }
        guard Exercise.isValidID(exercise.id) else { throw fail(Exercise.idRule) }
        guard exercise.points.isFinite, exercise.points >= 0 else { throw fail("points must be a finite number ≥ 0") }
        switch (exercise.kind, exercise.reference) {
        case (.number, .number(let value)):
            guard value.isFinite else { throw fail("the reference number is not finite") }
        case (.expression, .derivative(let source, let variable)):
            guard !source.isEmpty, isIdentifier(variable) else { throw fail("the reference needs a function and a variable name") }
        case (.network, .truthTable(let inputs, let outputs)):
            guard !inputs.isEmpty, inputs.count == outputs.count,
                let width = inputs.first?.count, width > 0, inputs.allSatisfy({ $0.count == width }),
                inputs.joined().allSatisfy(\.isFinite), outputs.allSatisfy(\.isFinite)
            else { throw fail("the truth table needs as many outputs as input rows, all rows of one width") }
        case (.tensor, .tensor(let shape, let scalars)):
            guard shape.count <= 2, shape.allSatisfy({ $0 > 0 }), shape.reduce(1, *) == scalars.count,
                scalars.allSatisfy(\.isFinite)
            else { throw fail("the reference tensor's shape and scalars disagree (rank ≤ 2)") }
        case (.choice, .choice(let options)):
            guard !options.isEmpty else { throw fail("a choice exercise needs at least one correct option") }
        default:
            throw fail("kind '\(exercise.kind.rawValue)' does not match its reference answer")
        }
        if let tolerance = exercise.tolerance {
            for bound in [tolerance.relative, tolerance.absolute].compactMap({ $0 }) where !(bound.isFinite && bound >= 0) {
                throw fail("tolerance bounds must be finite and ≥ 0")
            }
            if let figures = tolerance.significantFigures, !(1...17).contains(figures) {
                throw fail("significant figures must be 1 to 17")
            }
        }
        if let domain = exercise.domain {
            guard domain.count == 2, domain.allSatisfy(\.isFinite), domain[0] < domain[1] else {
                throw fail("the domain must be [low, high] with low < high")
            }
        }
        if let credit = exercise.partialCredit?.perPart, !(credit.isFinite && credit >= 0 && credit <= 1) {
            throw fail("partial credit per part must be between 0 and 1")
        }
        var names = Set<String>()
        for parameter in exercise.parameters {
            guard isIdentifier(parameter.name) else { throw fail("parameter name '\(parameter.name)' is not an identifier") }
            guard names.insert(parameter.name).inserted else { throw fail("parameter '\(parameter.name)' is declared twice") }
            guard !parameter.choices.isEmpty, parameter.choices.allSatisfy(\.isFinite) else {
                throw fail("parameter '\(parameter.name)' needs at least one finite choice")
            }
        }
        if !exercise.parameters.isEmpty {
            switch exercise.kind {
            case .number:
                guard exercise.referenceProgram != nil else {
                    throw fail("an exercise with parameters needs a referenceProgram to recompute its answer")
                }
            case .expression:
                break  // the parameters are bound when the reference derivative is taken
            default:
                throw fail("per-student parameters are supported for number and expression exercises")
            }
        }
        if let placeholder = Placeholder.unknownNames(in: exercise).first {
            throw fail("the prompt uses {{\(placeholder)}} but no parameter has that name")
        }
    }

    static func isIdentifier(_ name: String) -> Bool { Placeholder.isParameterName(name) }

    static func parseLocation(_ text: String) -> SourceLocation? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else {
            return nil
        }
        return SourceLocation(file: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription)\(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
