import Diagnostics
import ExerciseModel
import Foundation
import NNEngine

/// Runs an exercise's `referenceProgram` for one student's parameters. The grader calls this
/// to recompute a varied reference answer with the same interpreter that computed the original.
public enum ReferenceProgram {
    /// The value of the program's last line (an expression) with `parameters` bound first.
    public static func evaluate(
        _ program: String, parameters: [String: Double], file: String = "<reference program>",
        budget: ExecutionBudget = .standard
    ) throws(DiagnosticList) -> Double {
        let session = ChapterSession(file: file, budget: budget)
        for (name, value) in parameters {
            session.machine.globals[name] = .number(session.machine.tape.constant(value))
        }
        let outputs = try session.run(block: program, firstLine: 1)
        guard let result = session.lastExpressionValue else {
            throw DiagnosticList([Diagnostic(at: SourceLocation(file: file, line: 1, column: 1), "the reference program must end with an expression")])
        }
        _ = outputs
        return result
    }
}

extension ChapterSession {
    func exercise(_ d: ExerciseDeclaration, at position: Position, map: LocationMap, block: ArraySlice<Statement>) throws(RuntimeError) -> Exercise {
        let m = machine
        guard !d.id.isEmpty else { throw RuntimeError(position: position, message: "an exercise id cannot be empty") }
        guard Exercise.isValidID(d.id) else {
            throw RuntimeError(position: position, message: "this exercise id is not allowed", notes: [Exercise.idRule])
        }
        if let earlier = exercises.first(where: { $0.id == d.id }) {
            throw RuntimeError(
                position: position, message: "exercise '\(d.id)' is already declared",
                notes: earlier.source.map { ["first declared at \($0)"] } ?? [])
        }
        var declaredKind: ExerciseKind?
        if let name = d.kind {
            guard let kind = ExerciseKind(rawValue: name) else {
                let kinds = ExerciseKind.allCases.map(\.rawValue)
                throw RuntimeError(
                    position: d.kindPosition ?? position, message: "unknown exercise kind '\(name)'",
                    notes: [Suggest.note(for: name, among: kinds) ?? "kinds: " + kinds.joined(separator: ", ")])
            }
            declaredKind = kind
        }
        guard let prompt = d.prompt, !prompt.isEmpty else {
            throw RuntimeError(position: position, message: "exercise '\(d.id)' needs a prompt", notes: ["add a line 'prompt \"...\"'"])
        }
        guard let answer = d.answer else {
            throw RuntimeError(position: position, message: "exercise '\(d.id)' needs an answer", notes: ["add a line 'answer EXPRESSION'"])
        }
        let answerPosition = d.answerPosition ?? position
        var points = 1.0
        if let e = d.points {
            points = try m.scalar(e)
            guard points > 0, points.isFinite else { throw RuntimeError(position: e.position, message: "points must be a positive number") }
        }
        var kind: ExerciseKind
        var reference: ReferenceAnswer
        var domain: [Double]?
        var program: String?
        switch answer {
        case .value(let e):
            let value = try m.evaluate(e)
            guard case .number(let v) = value else {
                throw RuntimeError(position: e.position, message: "the answer '\(e.text)' must be a number or a tensor, got \(value.typeName)")
            }
            try m.nonEmpty(v, e)
            for x in v.value.scalars where !x.isFinite {
                throw RuntimeError(position: e.position, message: "the answer '\(e.text)' is not finite (\(NumberFormat.automatic.format(x)))")
            }
            if v.value.count == 1 && declaredKind != .tensor {
                kind = .number
                reference = .number(v.value.scalars[0])
            } else {
                kind = .tensor
                reference = .tensor(shape: v.shape, scalars: v.value.scalars)
            }
            if !d.variations.isEmpty {
                guard kind == .number else {
                    throw RuntimeError(position: d.variations[0].position, message: "'vary' needs a single-number answer or a d/dx answer")
                }
                program = try referenceProgram(d, answer: e, block: block, expected: v.value.scalars[0])
            }
        case .derivative(let variable, let function):
            kind = .expression
            reference = .derivative(of: function.text, variable: variable)
            var low = -5.0, high = 5.0
            if let (a, b) = d.domain {
                low = try m.scalar(a)
                high = try m.scalar(b)
                guard low < high else { throw RuntimeError(position: a.position, message: "the domain must go from a smaller to a larger number") }
            }
            domain = [low, high]
            try checkStandalone(function, variable: variable, at: low, high, varied: try variantBindings(d))
        case .truthTable(let functions, let variables, let inputDomain):
            guard functions.count == 1 else {
                throw RuntimeError(position: answerPosition, message: "an exercise's truth table has exactly one function, got \(functions.count)")
            }
            let table = try truthTable(functions: functions, variables: variables, domain: inputDomain, at: answerPosition)
            kind = .network
            reference = .truthTable(inputs: table.inputs, outputs: table.outputs[0])
        case .choices(let options):
            kind = .choice
            reference = .choice(options)
        }
        if let declaredKind, declaredKind != kind {
            throw RuntimeError(
                position: d.kindPosition ?? position,
                message: "exercise '\(d.id)' is declared '\(declaredKind.rawValue)' but its answer is of kind '\(kind.rawValue)'",
                notes: ["number: a single number; tensor: a vector or matrix; expression: 'answer d/dx f(x)'; network: 'answer truth_table f over ...'; choice: strings"])
        }
        if d.variations.isEmpty == false, program == nil, kind != .expression {
            throw RuntimeError(position: d.variations[0].position, message: "'vary' needs a single-number answer or a d/dx answer")
        }
        var tolerance: Tolerance?
        if let (name, e) = d.tolerance {
            let t = try m.scalar(e)
            guard t >= 0, t.isFinite else { throw RuntimeError(position: e.position, message: "a tolerance must be a non-negative number") }
            switch name {
            case "absolute": tolerance = Tolerance(absolute: t)
            case "digits":
                guard t == t.rounded(), t >= 1 else { throw RuntimeError(position: e.position, message: "'tolerance digits' takes a whole number of significant figures") }
                tolerance = Tolerance(significantFigures: Int(t))
            default: tolerance = Tolerance(relative: t)
            }
        }
        var partial: PartialCredit?
        if let e = d.partial {
            let p = try m.scalar(e)
            guard p > 0, p <= 1 else { throw RuntimeError(position: e.position, message: "'partial' is the fraction of the points per correct part, between 0 and 1") }
            partial = PartialCredit(perPart: p)
        }
        var parameters: [VariantParameter] = []
        for variation in d.variations {
            var choices: [Double] = []
            for e in variation.values { choices.append(try m.scalar(e)) }
            parameters.append(VariantParameter(name: variation.name, choices: choices))
        }
        let exercise = Exercise(
            id: d.id, kind: kind, points: points, prompt: prompt, reference: reference, tolerance: tolerance,
            domain: domain, referenceProgram: program, parameters: parameters, partialCredit: partial,
            options: try offeredOptions(d, reference: reference, at: position), network: try networkShape(d, reference: reference),
            source: map.location(position).description)
        try checkPlaceholders(of: exercise, at: d.promptPosition ?? position)
        if let program, case .number(let value) = reference {
            try checkWorkedExample(d, program: program, answer: value, tolerance: tolerance ?? .standard, parameters: parameters)
        }
        return exercise
    }

    /// `hidden N` of a network exercise: the shape its answer must have (inputs from the truth table).
    private func networkShape(_ d: ExerciseDeclaration, reference: ReferenceAnswer) throws(RuntimeError) -> NetworkShape? {
        guard let e = d.hidden else { return nil }
        guard case .truthTable(let inputs, _) = reference else {
            throw RuntimeError(position: e.position, message: "'hidden' is for network exercises (answer truth_table …)")
        }
        let hidden = try machine.scalar(e)
        guard hidden >= 1, hidden <= 64, hidden == hidden.rounded() else {
            throw RuntimeError(position: e.position, message: "'hidden' takes a whole number of hidden units from 1 to 64")
        }
        return NetworkShape(inputs: inputs.first?.count ?? 0, hidden: Int(hidden), outputs: 1)
    }

    /// `options "a", "b", "c"` of a choice exercise: every option offered, which must include the answer's.
    private func offeredOptions(_ d: ExerciseDeclaration, reference: ReferenceAnswer, at exercise: Position) throws(RuntimeError) -> [String]? {
        guard let options = d.options else { return nil }
        let position = d.optionsPosition ?? exercise
        guard case .choice(let answers) = reference else {
            throw RuntimeError(position: position, message: "'options' is for choice exercises (answer \"a\", \"b\")")
        }
        if let duplicate = options.first(where: { option in options.filter { $0 == option }.count > 1 }) {
            throw RuntimeError(position: position, message: "the option \"\(duplicate)\" is listed twice")
        }
        if let stray = answers.first(where: { !options.contains($0) }) {
            throw RuntimeError(
                position: d.answerPosition ?? position, message: "the answer \"\(stray)\" is not among the options",
                notes: ["options: " + options.map { "\"\($0)\"" }.joined(separator: ", ")])
        }
        return options
    }

    /// A `{{name}}` naming no parameter would be written into the exercise file, and `grade`
    /// and `handout` would then refuse the file: the build refuses it instead.
    private func checkPlaceholders(of exercise: Exercise, at position: Position) throws(RuntimeError) {
        guard let name = Placeholder.unknownNames(in: exercise).first else { return }
        let declared = exercise.parameters.map(\.name)
        var notes = Suggest.note(for: name, among: declared).map { [$0] } ?? []
        notes.append(declared.isEmpty
            ? "the exercise has no parameters; a placeholder needs one, as in 'vary \(name) in {1, 2, 3}'"
            : "parameters: " + declared.joined(separator: ", "))
        throw RuntimeError(
            position: position,
            message: "the prompt of '\(exercise.id)' uses {{\(name)}}, but the exercise has no parameter '\(name)'",
            notes: notes)
    }

    /// Every combination of the `vary` choices (the grader's variants), or one empty binding.
    private func variantBindings(_ d: ExerciseDeclaration) throws(RuntimeError) -> [[String: Double]] {
        var combinations: [[String: Double]] = [[:]]
        for variation in d.variations {
            var choices: [Double] = []
            for e in variation.values { choices.append(try machine.scalar(e)) }
            combinations = combinations.flatMap { partial in
                choices.map { choice in partial.merging([variation.name: choice]) { $1 } }
            }
        }
        return combinations
    }

    /// The grader re-derives an expression answer from its text alone, so the text may use only
    /// the variable, the varied parameters (bound per student), constants and named functions
    /// (not the chapter's own definitions). It is tried with every variant's parameters.
    private func checkStandalone(
        _ function: Expr, variable: String, at low: Double, _ high: Double, varied: [[String: Double]]
    ) throws(RuntimeError) {
        do {
            let parsed = try Expression.parse(function.text)
            let parameters = Set(varied.first?.keys.map { $0 } ?? [])
            let unknown = parsed.freeVariables.subtracting([variable]).subtracting(parameters)
            if let name = unknown.sorted().first {
                let allowed = ([variable] + parameters.sorted()).map { "'\($0)'" }.joined(separator: ", ")
                throw RuntimeError(
                    position: function.position,
                    message: "the answer '\(function.text)' uses '\(name)'; a derivative answer may use only \(allowed)",
                    notes: parameters.isEmpty ? ["a parameter the answer uses is declared with 'vary \(name) in {…}'"] : [])
            }
            for bindings in varied {
                for x in [low, (low + high) / 2 + 0.1234, high] {
                    _ = try parsed.valueAndDerivative(at: x, variable: variable, bindings: bindings)
                }
            }
        } catch let error as RuntimeError {
            throw error
        } catch let error as Diagnostic {
            throw RuntimeError(
                position: function.position, message: "the answer '\(function.text)' must stand alone: \(error.message)",
                notes: ["the grader sees only this text; write it with catalogue functions, not the chapter's definitions"])
        } catch {
            throw RuntimeError(position: function.position, message: "\(error)")
        }
    }

    /// The block's computing statements before the exercise, without assignments to the varied
    /// names (the grader binds those), then the answer expression. Checked here: with the
    /// chapter's own values it must reproduce the reference exactly.
    private func referenceProgram(_ d: ExerciseDeclaration, answer: Expr, block: ArraySlice<Statement>, expected: Double) throws(RuntimeError) -> String {
        let varied = Set(d.variations.map(\.name))
        var lines: [String] = []
        for statement in block {
            switch statement.kind {
            case .assign(let name, _) where varied.contains(name): continue
            case .assign, .define, .backward: lines.append(statement.text)
            case .trace(_, let name, let call) where !varied.contains(name): lines.append("\(name) = \(call.text)")
            default: continue
            }
        }
        lines.append(answer.text)
        let program = lines.joined(separator: "\n")
        var parameters: [String: Double] = [:]
        for variation in d.variations {
            guard case .number(let v)? = machine.globals[variation.name], v.value.count == 1 else {
                throw RuntimeError(
                    position: variation.position,
                    message: "the varied parameter '\(variation.name)' must be a number assigned before the exercise")
            }
            parameters[variation.name] = v.value.scalars[0]
        }
        do {
            let value = try ReferenceProgram.evaluate(program, parameters: parameters)
            guard value == expected || abs(value - expected) <= 1e-12 * max(1, abs(expected)) else {
                throw RuntimeError(
                    position: answer.position,
                    message: "the reference program of '\(d.id)' gives \(NumberFormat.automatic.format(value)), not \(NumberFormat.automatic.format(expected))",
                    notes: ["the program is this block's assignments and definitions; keep the exercise's computation in its own block"])
            }
        } catch let error as RuntimeError {
            throw error
        } catch let error as DiagnosticList {
            throw RuntimeError(
                position: answer.position,
                message: "the reference program of '\(d.id)' does not run on its own: \(error.diagnostics.first?.message ?? "")",
                notes: ["an exercise with 'vary' recomputes its answer from its own block; define everything it uses in that block"])
        } catch {
            throw RuntimeError(position: answer.position, message: "\(error)")
        }
        return program
    }
}
