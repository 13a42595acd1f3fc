import TextEscaping
import Diagnostics
import ExerciseModel
import NNEngine
import NNLanguage

// One check per answer kind. Each turns an untrusted JSON answer into an `Outcome`; none may
// throw, trap or run longer than the limits allow.

extension PreparedExercise {
    // MARK: number

    func gradeNumber(_ context: AnswerContext) -> Outcome {
        let bindings = context.bindings
        let reference: Double
        switch referenceNumber(bindings: bindings) {
        case .success(let value): reference = value
        case .failure(let error): return .error(.exerciseBroken(detail: "the reference answer could not be computed: \(error.message)"))
        }
        let answer: Double
        var steps = context.steps
        switch number(context.node, context, subject: .answer, steps: &steps) {
        case .success(let value): answer = value
        case .failure(let message): return .error(message.feedback, at: message.offset)
        }
        if tolerance.accepts(answer, reference) { return .graded(fraction: 1, feedback: .correct) }
        return .graded(
            fraction: 0,
            feedback: .notExpected(
                answer: answer, tolerance: tolerance, matches: otherAnswer(matching: answer, besides: bindings),
                yours: bindings))
    }

    /// Whether a wrong number is the right one for other numbers than the student's: the
    /// chapter's worked example (the sheet's `reference`, computed with the declaring block's own
    /// values) or another variant. Only that it is, never whose numbers, so the feedback names
    /// no one else's.
    func otherAnswer(matching answer: Double, besides bindings: [String: Double]) -> Feedback.OtherAnswer? {
        guard !exercise.parameters.isEmpty else { return nil }
        if case .number(let example) = exercise.reference, tolerance.accepts(answer, example) { return .workedExample }
        for other in Self.allBindings(exercise.parameters, limit: 64) where other != bindings {
            if case .success(let reference) = referenceNumber(bindings: other), tolerance.accepts(answer, reference) {
                return .anotherVariant
            }
        }
        return nil
    }

    /// A JSON number, or a string holding an arithmetic expression without variables, evaluated
    /// with steps drawn from `steps` (the whole answer's allowance).
    func number(_ node: JSONNode, _ context: AnswerContext, subject: Feedback.Subject, steps: inout Int) -> Result<Double, Message> {
        numberValue(node, context, subject: subject, steps: &steps).mapError { Message($0.feedback, at: $0.offset ?? node.offset) }
    }

    private func numberValue(_ node: JSONNode, _ context: AnswerContext, subject: Feedback.Subject, steps: inout Int) -> Result<Double, Message> {
        switch node.value {
        case .number(let value, let literal):
            guard value.isFinite else { return .failure(Message(.numberTooLarge(subject, literal: literal))) }
            return .success(value)
        case .string(let source):
            let compiled: any CompiledExpression
            switch compile(source, context, variables: []) {
            case .success(let expression): compiled = expression
            case .failure(let message): return .failure(message)
            }
            if let name = compiled.freeVariables.sorted().first {
                return .failure(Message(.usesName(subject, source: source, name: name)))
            }
            let value: Double
            do {
                value = try compiled.evaluate([], steps: &steps)
            } catch {
                if steps < 0 { return .failure(Message(.stepsExceeded(subject, source: source, limit: context.steps))) }
                return .failure(Message(.cannotEvaluate(subject, source: source, detail: error.message)))
            }
            if value.isNaN { return .failure(Message(.nan(subject, source: source))) }
            if value.isInfinite { return .failure(Message(.overflows(subject, source: source, value: value))) }
            return .success(value)
        default:
            return .failure(Message(.notANumber(subject, kind: node.value.kind)))
        }
    }

    /// Compiles a student's expression after the length check, with feedback on failure. The
    /// text is read as students write it (`AnswerSpelling`); anything that would compute the
    /// answer for them (`relu'`, `derivative`, `d/dx`, `grad`) is refused before it runs.
    func compile(_ written: String, _ context: AnswerContext, variables: [String]) -> Result<any CompiledExpression, Message> {
        let length = written.count
        guard length <= context.limits.maxExpressionLength else {
            return .failure(Message(.expressionTooLong(length: length, limit: context.limits.maxExpressionLength)))
        }
        let source = AnswerSpelling.normalized(written)
        let compiled: any CompiledExpression
        do {
            compiled = try context.language.compile(source, file: "answer", limits: context.limits, variables: variables)
        } catch {
            if let name = context.language.computingUse(in: source) { return .failure(Message(.computesTheAnswer(name: name))) }
            var excerpt: [String] = []
            if let location = error.location {
                let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
                let lineText = location.line - 1 < lines.count && location.line >= 1 ? String(lines[location.line - 1]) : source
                if lineText.count <= 120 {
                    excerpt = [Escape.quotedSnippet(lineText, limit: 120), String(repeating: " ", count: max(location.column - 1, 0)) + "^"]
                }
            }
            return .failure(Message(.doesNotParse(detail: error.message, excerpt: excerpt, column: error.location?.column, notes: error.notes)))
        }
        if let name = compiled.computingUse { return .failure(Message(.computesTheAnswer(name: name))) }
        return .success(compiled)
    }

    // MARK: expression

    func gradeExpression(_ context: AnswerContext) -> Outcome {
        let bindings = context.bindings
        let samples: DerivativeSamples
        do {
            samples = try self.samples(bindings: bindings)
        } catch {
            return .error(.exerciseBroken(detail: "the reference derivative could not be computed: \(error.message)"))
        }
        let source: String
        switch context.node.value {
        case .string(let text): source = text
        case .number(_, let literal): source = literal
        default: return .error(.expressionKind(variable: variable, kind: context.node.value.kind))
        }
        let answer: any CompiledExpression
        switch compile(source, context, variables: [variable]) {
        case .success(let compiled): answer = compiled
        case .failure(let message): return .error(message.feedback, at: message.offset)
        }
        if let stray = answer.freeVariables.subtracting([variable]).sorted().first {
            return .error(.strayVariable(variable: variable, name: stray))
        }
        // One allowance for every check point: the answer's cost is counted, never timed.
        var steps = context.steps
        var firstMismatch: (x: Double, got: Double, expected: Double)?
        var mismatches = 0
        var point = [0.0]
        for (index, x) in samples.points.enumerated() {
            point[0] = x
            let got: Double
            do {
                got = try answer.evaluate(point, steps: &steps)
            } catch {
                if steps < 0 {
                    return .error(.stepsExceededAtPoints(points: samples.points.count, limit: context.steps, variable: variable, at: x))
                }
                return .error(.cannotEvaluateAt(variable: variable, at: index == 0 ? nil : x, detail: error.message))
            }
            let expected = samples.expected[index]
            if !tolerance.accepts(got, expected) {
                mismatches += 1
                if firstMismatch == nil { firstMismatch = (x, got, expected) }
            }
        }
        guard let firstMismatch else { return .graded(fraction: 1, feedback: .correctAtPoints(samples.points.count)) }
        return .graded(
            fraction: 0,
            feedback: .wrongDerivative(
                variable: variable, at: firstMismatch.x, answer: source, gives: firstMismatch.got,
                expected: firstMismatch.expected, mismatches: mismatches, points: samples.points.count))
    }

    // MARK: network

    func gradeNetwork(_ context: AnswerContext) -> Outcome {
        guard case .truthTable(let inputs, let outputs) = exercise.reference, let width = inputs.first?.count else {
            return .error(.exerciseBroken(detail: "the exercise has no truth table"))
        }
        let weights: [String: JSONNode], ignored: [String]
        switch networkMembers(context.node) {
        case .failure(let message): return .error(message.feedback, at: message.offset)
        case .success(let members): (weights, ignored) = members
        }
        let limit = context.limits
        let w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor
        switch numbers(weights["W1"]!, name: "W1", limit: limit.maxTensorElements) {
        case .failure(let message): return .error(message.feedback, at: message.offset)
        case .success(let tensor): w1 = tensor
        }
        // A declared shape is the one asked for: 2 hidden units means 2, not 1 or 64.
        let hiddenUnits = exercise.network.map { $0.hidden...$0.hidden } ?? 1...limit.maxHiddenUnits
        guard w1.rank == 2, w1.shape[1] == width, hiddenUnits.contains(w1.shape[0]) else {
            return .error(.firstLayerShape(inputs: width, expected: exercise.network, maxHidden: limit.maxHiddenUnits, got: w1.shape))
        }
        let hidden = w1.shape[0]
        switch numbers(weights["b1"]!, name: "b1", limit: limit.maxTensorElements) {
        case .failure(let message): return .error(message.feedback, at: message.offset)
        case .success(let tensor): b1 = tensor
        }
        guard b1.rank == 1, b1.count == hidden else { return .error(.biasShape(name: "b1", count: hidden, got: b1.shape)) }
        switch numbers(weights["W2"]!, name: "W2", limit: limit.maxTensorElements) {
        case .failure(let message): return .error(message.feedback, at: message.offset)
        case .success(let tensor): w2 = tensor.rank == 1 ? Tensor(shape: [1, tensor.count], scalars: tensor.scalars) : tensor
        }
        guard w2.rank == 2, w2.shape == [1, hidden] else { return .error(.secondLayerShape(hidden: hidden, got: w2.shape)) }
        switch numbers(weights["b2"]!, name: "b2", limit: limit.maxTensorElements) {
        case .failure(let message): return .error(message.feedback, at: message.offset)
        case .success(let tensor): b2 = tensor.rank == 0 ? Tensor(vector: [tensor.scalars[0]]) : tensor
        }
        guard b2.rank == 1, b2.count == 1 else { return .error(.biasShape(name: "b2", count: 1, got: b2.shape)) }
        // Execute the network with the engine on every row of the truth table.
        guard let step = Catalogue.function(named: "step") else { return .error(.exerciseBroken(detail: "the engine has no step function")) }
        var computed: [Double] = []
        do {
            let tape = Tape()
            let w1v = tape.constant(w1), b1v = tape.constant(b1), w2v = tape.constant(w2), b2v = tape.constant(b2)
            for row in inputs {
                let x = tape.constant(Tensor(vector: row))
                let h = try step.apply([try w1v.matmul(x) + b1v], [])
                let y = try step.apply([try w2v.matmul(h) + b2v], [])
                computed.append(y.value.scalars[0])
            }
        } catch {
            return .error(.networkFailed(detail: "\(error)"))
        }
        let check = Feedback.TruthTableCheck(inputs: inputs, computed: computed, expected: outputs)
        let right = check.right
        let fraction = right == inputs.count ? 1 : min((exercise.partialCredit?.perPart ?? 0) * Double(right), 0.999_999)
        return .graded(fraction: fraction, feedback: .network(check, ignored: ignored))
    }

    /// W1, b1, W2 and b2 of a network answer, each given once; other members are ignored (and named).
    private func networkMembers(_ node: JSONNode) -> Result<(weights: [String: JSONNode], ignored: [String]), Message> {
        guard case .object(let members) = node.value else { return .failure(Message(.networkKind(node.value.kind))) }
        var weights: [String: JSONNode] = [:]
        var ignored: [String] = []
        for member in members {
            if ["W1", "b1", "W2", "b2"].contains(member.key) {
                guard weights[member.key] == nil else { return .failure(Message(.weightGivenTwice(member.key))) }
                weights[member.key] = member.value
            } else {
                ignored.append(Escape.quotedSnippet(member.key, limit: 30))
            }
        }
        for key in ["W1", "b1", "W2", "b2"] where weights[key] == nil {
            return .failure(Message(.weightMissing(key)))
        }
        return .success((weights, ignored))
    }

    /// A JSON number, array of numbers, or array of equal-length arrays of numbers, as a tensor;
    /// only JSON numbers are accepted (weights are numbers, not expressions).
    func numbers(_ node: JSONNode, name: String, limit: Int) -> Result<Tensor, Message> {
        switch node.value {
        case .number(let value, let literal):
            guard value.isFinite else { return .failure(Message(.numberTooLarge(.named(name), literal: literal), at: node.offset)) }
            return .success(Tensor(value))
        case .array(let elements):
            guard !elements.isEmpty else { return .failure(Message(.emptyArray(name), at: node.offset)) }
            guard elements.count <= limit else { return .failure(Message(.tooManyElements(name: name, limit: limit))) }
            if case .array = elements[0].value { return matrix(elements, name: name, limit: limit) }
            var vector: [Double] = []
            for (i, element) in elements.enumerated() {
                switch Self.finite(element, path: "\(name)[\(i)]") {
                case .failure(let message): return .failure(message)
                case .success(let value): vector.append(value)
                }
            }
            return .success(Tensor(vector: vector))
        default:
            return .failure(Message(.weightsKind(name: name, kind: node.value.kind), at: node.offset))
        }
    }

    private func matrix(_ elements: [JSONNode], name: String, limit: Int) -> Result<Tensor, Message> {
        var rows: [[Double]] = []
        for (i, element) in elements.enumerated() {
            guard case .array(let cells) = element.value else {
                return .failure(Message(.rowNotArray(name: name, index: i, kind: element.value.kind), at: element.offset))
            }
            var row: [Double] = []
            for (j, cell) in cells.enumerated() {
                switch Self.finite(cell, path: "\(name)[\(i)][\(j)]") {
                case .failure(let message): return .failure(message)
                case .success(let value): row.append(value)
                }
            }
            guard row.count == rows.first?.count ?? row.count else {
                return .failure(Message(.raggedRows(name: name, first: rows[0].count, other: row.count), at: element.offset))
            }
            guard !row.isEmpty else { return .failure(Message(.emptyArray("\(name)[\(i)]"), at: element.offset)) }
            rows.append(row)
            guard rows.count * row.count <= limit else { return .failure(Message(.tooManyElements(name: name, limit: limit))) }
        }
        return .success(Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0 }))
    }

    /// A weight: a finite JSON number (weights are numbers, not expressions).
    private static func finite(_ node: JSONNode, path: String) -> Result<Double, Message> {
        guard case .number(let value, let literal) = node.value else {
            return .failure(Message(.elementNotNumber(path: path, kind: node.value.kind), at: node.offset))
        }
        guard value.isFinite else { return .failure(Message(.numberTooLarge(.named(path), literal: literal), at: node.offset)) }
        return .success(value)
    }

    // MARK: tensor

    func gradeTensor(_ context: AnswerContext) -> Outcome {
        guard case .tensor(let shape, let reference) = exercise.reference else {
            return .error(.exerciseBroken(detail: "the exercise has no reference tensor"))
        }
        let elements: [JSONNode], answerShape: [Int]
        switch tensorElements(context, shape: shape) {
        case .failure(let message): return .error(message.feedback, at: message.offset)
        case .success(let read): (elements, answerShape) = read
        }
        // A one-element answer fits any one-element shape (5, [5], [[5]]).
        guard answerShape == shape || (elements.count == 1 && reference.count == 1) else {
            return .error(.tensorShape(expected: shape, got: answerShape))
        }
        var right = 0
        var wrong: [Feedback.WrongElement] = []
        var steps = context.steps  // shared by all elements
        for (index, element) in elements.enumerated() {
            let position = shape.count == 2 ? "[\(index / shape[1])][\(index % shape[1])]" : shape.count == 1 ? "[\(index)]" : ""
            let value: Double
            switch number(element, context, subject: .element(position), steps: &steps) {
            case .failure(let message): return .error(message.feedback, at: message.offset)
            case .success(let number): value = number
            }
            if tolerance.accepts(value, reference[index]) {
                right += 1
            } else if wrong.count < 5 {
                wrong.append(Feedback.WrongElement(position: position, value: value))
            }
        }
        let fraction = right == reference.count ? 1 : min((exercise.partialCredit?.perPart ?? 0) * Double(right), 0.999_999)
        return .graded(
            fraction: fraction,
            feedback: .elements(right: right, total: reference.count, tolerance: tolerance, wrong: wrong, more: reference.count - right > wrong.count))
    }

    /// The elements of a tensor answer (numbers or number expressions, in nested arrays) and its shape.
    private func tensorElements(_ context: AnswerContext, shape: [Int]) -> Result<(elements: [JSONNode], shape: [Int]), Message> {
        let limit = context.limits.maxTensorElements
        switch context.node.value {
        case .number, .string:
            return .success(([context.node], []))
        case .array(let items):
            guard items.contains(where: { if case .array = $0.value { return true } else { return false } }) else {
                guard items.count <= limit else { return .failure(Message(.tooManyElements(name: nil, limit: limit))) }
                return .success((items, [items.count]))
            }
            var elements: [JSONNode] = []
            var width: Int?
            for (i, item) in items.enumerated() {
                guard case .array(let cells) = item.value else {
                    return .failure(Message(.rowNotArray(name: nil, index: i, kind: item.value.kind), at: item.offset))
                }
                if let width, width != cells.count {
                    return .failure(Message(.raggedRows(name: nil, first: width, other: cells.count), at: item.offset))
                }
                width = cells.count
                elements += cells
                guard elements.count <= limit else { return .failure(Message(.tooManyElements(name: nil, limit: limit))) }
            }
            return .success((elements, [items.count, width ?? 0]))
        default:
            return .failure(Message(.tensorKind(shape: shape, kind: context.node.value.kind)))
        }
    }

    // MARK: choice

    func gradeChoice(_ context: AnswerContext) -> Outcome {
        guard case .choice(let options) = exercise.reference else { return .error(.exerciseBroken(detail: "the exercise has no correct options")) }
        var picked: [String] = []
        switch context.node.value {
        case .string(let text):
            if let parts = severalOptions(in: text) { return .error(.optionsInOneString(text, parts: parts)) }
            picked = [text]
        case .array(let items):
            guard items.count <= context.limits.maxChoices else { return .error(.tooManyOptions(limit: context.limits.maxChoices)) }
            for (i, item) in items.enumerated() {
                guard case .string(let text) = item.value else {
                    return .error(.optionNotString(index: i, kind: item.value.kind), at: item.offset)
                }
                picked.append(text)
            }
        default:
            return .error(.choiceKind(context.node.value.kind))
        }
        let correct = Set(options.map(Self.normalizedOption))
        let chosen = Set(picked.map(Self.normalizedOption))
        let hits = chosen.intersection(correct).count
        let misses = chosen.subtracting(correct).count
        let fraction = chosen == correct ? 1 : min(max((exercise.partialCredit?.perPart ?? 0) * Double(hits - misses), 0), 0.999_999)
        return .graded(fraction: fraction, feedback: .options(hits: hits, correct: correct.count, misses: misses))
    }

    /// The options in `"a, b"` (or `a、b`), when the string is not itself an option but lists
    /// several: the student meant a list.
    private func severalOptions(in text: String) -> [String]? {
        let known = Set(((exercise.options ?? []) + (exercise.reference.choices ?? [])).map(Self.normalizedOption))
        guard !known.contains(Self.normalizedOption(text)) else { return nil }
        let parts = AnswerSpelling.narrowed(text).split(whereSeparator: { $0 == "," || $0 == "、" || $0 == ";" })
            .map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
        return parts.count >= 2 ? parts : nil
    }

    /// Options compare without surrounding spaces, case or width: "B", " b" and "ｂ" are the same option.
    static func normalizedOption(_ option: String) -> String {
        AnswerSpelling.narrowed(option).trimmingWhitespace.lowercased()
    }
}

/// Feedback for an answer that cannot be graded as written.
struct Message: Error {
    var feedback: Feedback
    /// Where in the answers file the problem is, when more precise than the answer's start.
    var offset: Int?
    init(_ feedback: Feedback, at offset: Int? = nil) {
        self.feedback = feedback
        self.offset = offset
    }
}

extension ReferenceAnswer {
    /// The right options of a choice exercise; nil for other kinds.
    var choices: [String]? {
        if case .choice(let options) = self { return options }
        return nil
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
