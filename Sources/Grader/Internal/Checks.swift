import TextEscaping
import Diagnostics
import ExerciseModel
import NNEngine

// One check per answer kind. Each turns an untrusted JSON answer into an `Outcome`; none may
// throw, trap or run longer than the limits allow.

extension PreparedExercise {
    // MARK: number

    func gradeNumber(_ context: AnswerContext) -> Outcome {
        let bindings = context.bindings
        let reference: Double
        switch referenceNumber(bindings: bindings) {
        case .success(let value): reference = value
        case .failure(let error): return .error("the reference answer could not be computed: \(error.message)")
        }
        let answer: Double
        var steps = context.steps
        switch number(context.node, context, what: "the answer", steps: &steps) {
        case .success(let value): answer = value
        case .failure(let message): return .error(message.text, at: message.offset)
        }
        if tolerance.accepts(answer, reference) {
            return .graded(fraction: 1, feedback: "correct")
        }
        var feedback = "\(Format.number(answer)) is not the expected value (checked to \(tolerance.summary))"
        if let other = otherVariant(matching: answer, besides: bindings) {
            feedback += "; it is the answer for \(Self.describe(other)), but your numbers are \(Self.describe(bindings)) (see your handout)"
        }
        return .graded(fraction: 0, feedback: feedback)
    }

    /// Another variant whose reference `answer` matches (e.g. the chapter's worked example copied
    /// by a student who was given other numbers), so the feedback can say so.
    func otherVariant(matching answer: Double, besides bindings: [String: Double]) -> [String: Double]? {
        guard !exercise.parameters.isEmpty else { return nil }
        for other in Self.allBindings(exercise.parameters, limit: 64) where other != bindings {
            if case .success(let reference) = referenceNumber(bindings: other), tolerance.accepts(answer, reference) {
                return other
            }
        }
        return nil
    }

    /// A JSON number, or a string holding an arithmetic expression without variables, evaluated
    /// with steps drawn from `steps` (the whole answer's allowance).
    func number(_ node: JSONNode, _ context: AnswerContext, what: String, steps: inout Int) -> Result<Double, Message> {
        numberValue(node, context, what: what, steps: &steps).mapError { Message($0.text, at: $0.offset ?? node.offset) }
    }

    private func numberValue(_ node: JSONNode, _ context: AnswerContext, what: String, steps: inout Int) -> Result<Double, Message> {
        switch node.value {
        case .number(let value, let literal):
            guard value.isFinite else { return .failure(Message("\(what): \(JSONReader.tooLarge(literal))")) }
            return .success(value)
        case .string(let source):
            let compiled: any CompiledExpression
            switch compile(source, context, variables: []) {
            case .success(let expression): compiled = expression
            case .failure(let message): return .failure(message)
            }
            if let name = compiled.freeVariables.sorted().first {
                return .failure(Message("\(what) must be a number, but \"\(Escape.quotedSnippet(source))\" uses the name '\(Escape.quotedSnippet(name, limit: 30))'"))
            }
            let value: Double
            do {
                value = try compiled.evaluate([], steps: &steps)
            } catch {
                if steps < 0 {
                    return .failure(Message("\(what) \"\(Escape.quotedSnippet(source))\" needs more than \(Format.grouped(context.steps)) evaluation steps (the limit for one answer)"))
                }
                return .failure(Message("\(what) \"\(Escape.quotedSnippet(source))\" cannot be evaluated: \(error.message)"))
            }
            if value.isNaN {
                return .failure(Message("\(what) \"\(Escape.quotedSnippet(source))\" is not a number (NaN), e.g. from 0/0 or log of a negative"))
            }
            if value.isInfinite {
                return .failure(Message("\(what) \"\(Escape.quotedSnippet(source))\" overflows (\(Format.number(value))), e.g. from a division by zero"))
            }
            return .success(value)
        default:
            return .failure(Message("\(what) must be a number or an expression in a string, not \(node.value.kindName)"))
        }
    }

    /// Compiles a student's expression after the length check, with feedback on failure.
    func compile(_ source: String, _ context: AnswerContext, variables: [String]) -> Result<any CompiledExpression, Message> {
        let length = source.count
        guard length <= context.limits.maxExpressionLength else {
            return .failure(Message("the expression is \(length) characters long; the limit is \(context.limits.maxExpressionLength)"))
        }
        do {
            return .success(try context.language.compile(source, file: "answer", limits: context.limits, variables: variables))
        } catch {
            var text = "the expression does not parse: \(error.message)"
            if let location = error.location {
                let line = source.split(separator: "\n", omittingEmptySubsequences: false)
                let lineText = location.line - 1 < line.count && location.line >= 1 ? String(line[location.line - 1]) : source
                if lineText.count <= 120 {
                    let caret = String(repeating: " ", count: max(location.column - 1, 0)) + "^"
                    text += "\n    \(Escape.quotedSnippet(lineText, limit: 120))\n    \(caret)"
                } else {
                    text += " (at character \(location.column))"
                }
            }
            for note in error.notes { text += "\n    note: \(note)" }
            return .failure(Message(text))
        }
    }

    // MARK: expression

    func gradeExpression(_ context: AnswerContext) -> Outcome {
        let bindings = context.bindings
        let samples: DerivativeSamples
        do {
            samples = try self.samples(bindings: bindings)
        } catch {
            return .error("the reference derivative could not be computed: \(error.message)")
        }
        let answer: any CompiledExpression
        let source: String
        switch context.node.value {
        case .string(let text):
            source = text
            switch compile(text, context, variables: [variable]) {
            case .success(let compiled): answer = compiled
            case .failure(let message): return .error(message.text, at: message.offset)
            }
        case .number(_, let literal):
            source = literal
            switch compile(literal, context, variables: [variable]) {
            case .success(let compiled): answer = compiled
            case .failure(let message): return .error(message.text, at: message.offset)
            }
        default:
            return .error("the answer must be an expression in \(variable) in a string, such as \"\(variable) > 0 ? 1 : 0\", not \(context.node.value.kindName)")
        }
        if let stray = answer.freeVariables.subtracting([variable]).sorted().first {
            return .error("the expression may use only \(variable), but uses '\(Escape.quotedSnippet(stray, limit: 30))'")
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
                    return .error("checking the expression at \(samples.points.count) points needs more than \(Format.grouped(context.steps)) evaluation steps (the limit for one answer); it was stopped at \(variable) = \(Format.number(x))")
                }
                let place = index == 0 ? "" : " at \(variable) = \(Format.number(x))"
                return .error("the expression cannot be evaluated\(place): \(error.message)")
            }
            let expected = samples.expected[index]
            if !tolerance.accepts(got, expected) {
                mismatches += 1
                if firstMismatch == nil { firstMismatch = (x, got, expected) }
            }
        }
        guard let firstMismatch else {
            return .graded(fraction: 1, feedback: "correct (agrees with the derivative at \(samples.points.count) points)")
        }
        return .graded(
            fraction: 0,
            feedback: "at \(variable) = \(Format.number(firstMismatch.x)) your answer \"\(Escape.quotedSnippet(source, limit: 60))\" gives \(Format.number(firstMismatch.got)) but the derivative is \(Format.number(firstMismatch.expected)) (differs at \(mismatches) of \(samples.points.count) check points)")
    }

    // MARK: network

    func gradeNetwork(_ context: AnswerContext) -> Outcome {
        guard case .truthTable(let inputs, let outputs) = exercise.reference, let width = inputs.first?.count else {
            return .error("the exercise has no truth table")
        }
        guard case .object(let members) = context.node.value else {
            return .error(#"the answer must be an object {"W1": [[..],[..]], "b1": [..], "W2": [[..]], "b2": [..]}, not "# + context.node.value.kindName)
        }
        var weights: [String: JSONNode] = [:]
        var ignored: [String] = []
        for member in members {
            if ["W1", "b1", "W2", "b2"].contains(member.key) {
                guard weights[member.key] == nil else { return .error("\"\(member.key)\" is given twice") }
                weights[member.key] = member.value
            } else {
                ignored.append(Escape.quotedSnippet(member.key, limit: 30))
            }
        }
        for key in ["W1", "b1", "W2", "b2"] where weights[key] == nil {
            return .error("the network has no \"\(key)\"; it needs W1, b1, W2 and b2")
        }
        let limit = context.limits
        let w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor
        switch numbers(weights["W1"]!, name: "W1", limit: limit.maxTensorElements) {
        case .failure(let message): return .error(message.text, at: message.offset)
        case .success(let tensor): w1 = tensor
        }
        guard w1.rank == 2, w1.shape[1] == width, (1...limit.maxHiddenUnits).contains(w1.shape[0]) else {
            return .error("W1 must be a matrix with one row per hidden unit (1 to \(limit.maxHiddenUnits)) and \(width) columns (one per input), but it is \(Format.shape(w1.shape))")
        }
        let hidden = w1.shape[0]
        switch numbers(weights["b1"]!, name: "b1", limit: limit.maxTensorElements) {
        case .failure(let message): return .error(message.text, at: message.offset)
        case .success(let tensor): b1 = tensor
        }
        guard b1.rank == 1, b1.count == hidden else {
            return .error("b1 must be a vector of \(hidden) (one bias per hidden unit, as W1 has \(hidden) rows), but it is \(Format.shape(b1.shape))")
        }
        switch numbers(weights["W2"]!, name: "W2", limit: limit.maxTensorElements) {
        case .failure(let message): return .error(message.text, at: message.offset)
        case .success(let tensor): w2 = tensor.rank == 1 ? Tensor(shape: [1, tensor.count], scalars: tensor.scalars) : tensor
        }
        guard w2.rank == 2, w2.shape == [1, hidden] else {
            return .error("W2 must be a 1×\(hidden) matrix [[…]] (one weight per hidden unit), but it is \(Format.shape(w2.shape))")
        }
        switch numbers(weights["b2"]!, name: "b2", limit: limit.maxTensorElements) {
        case .failure(let message): return .error(message.text, at: message.offset)
        case .success(let tensor): b2 = tensor.rank == 0 ? Tensor(vector: [tensor.scalars[0]]) : tensor
        }
        guard b2.rank == 1, b2.count == 1 else {
            return .error("b2 must be a vector of 1 (the output's bias), but it is \(Format.shape(b2.shape))")
        }
        // Execute the network with the engine on every row of the truth table.
        guard let step = Catalogue.function(named: "step") else { return .error("the engine has no step function") }
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
            return .error("the network cannot be executed: \(error)")
        }
        var right = 0
        var table = (1...width).map { "x\($0)" }.joined(separator: " ") + " | yours | expected"
        for (index, row) in inputs.enumerated() {
            let ok = computed[index] == outputs[index]
            if ok { right += 1 }
            let cells = row.map { Format.number($0).padded(to: 2) }.joined(separator: " ")
            table += "\n" + cells + " | " + Format.number(computed[index]).padded(to: 5) + " | "
                + Format.number(outputs[index]).padded(to: 8) + (ok ? "  ✓" : "  ✗")
        }
        var feedback = right == inputs.count
            ? "correct: the network computes the whole truth table"
            : "the network gets \(right) of \(inputs.count) rows right"
        if !ignored.isEmpty { feedback += " (ignored: \(ignored.joined(separator: ", ")))" }
        feedback += "\n" + table
        let fraction = right == inputs.count ? 1 : (exercise.partialCredit?.perPart ?? 0) * Double(right)
        return .graded(fraction: min(fraction, right == inputs.count ? 1 : 0.999_999), feedback: feedback)
    }

    /// A JSON number, array of numbers, or array of equal-length arrays of numbers, as a tensor;
    /// only JSON numbers are accepted (weights are numbers, not expressions).
    func numbers(_ node: JSONNode, name: String, limit: Int) -> Result<Tensor, Message> {
        switch node.value {
        case .number(let value, let literal):
            guard value.isFinite else { return .failure(Message("\(name): \(JSONReader.tooLarge(literal))", at: node.offset)) }
            return .success(Tensor(value))
        case .array(let elements):
            guard !elements.isEmpty else { return .failure(Message("\(name) is empty", at: node.offset)) }
            guard elements.count <= limit else { return .failure(Message("\(name) has more than \(limit) elements")) }
            if case .array = elements[0].value {
                var rows: [[Double]] = []
                for (i, element) in elements.enumerated() {
                    guard case .array(let cells) = element.value else {
                        return .failure(Message("\(name)[\(i)] must be a row [..] like \(name)[0], not \(element.value.kindName)", at: element.offset))
                    }
                    var row: [Double] = []
                    for (j, cell) in cells.enumerated() {
                        guard case .number(let value, let literal) = cell.value else {
                            return .failure(Message("\(name)[\(i)][\(j)] must be a number, not \(cell.value.kindName)", at: cell.offset))
                        }
                        guard value.isFinite else {
                            return .failure(Message("\(name)[\(i)][\(j)]: \(JSONReader.tooLarge(literal))", at: cell.offset))
                        }
                        row.append(value)
                    }
                    guard row.count == rows.first?.count ?? row.count else {
                        return .failure(Message("the rows of \(name) have different lengths (\(rows[0].count) and \(row.count))", at: element.offset))
                    }
                    guard !row.isEmpty else { return .failure(Message("\(name)[\(i)] is empty", at: element.offset)) }
                    rows.append(row)
                    guard rows.count * row.count <= limit else { return .failure(Message("\(name) has more than \(limit) elements")) }
                }
                return .success(Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0 }))
            }
            var vector: [Double] = []
            for (i, element) in elements.enumerated() {
                guard case .number(let value, let literal) = element.value else {
                    return .failure(Message("\(name)[\(i)] must be a number, not \(element.value.kindName)", at: element.offset))
                }
                guard value.isFinite else {
                    return .failure(Message("\(name)[\(i)]: \(JSONReader.tooLarge(literal))", at: element.offset))
                }
                vector.append(value)
            }
            return .success(Tensor(vector: vector))
        default:
            return .failure(Message("\(name) must be numbers in an array, not \(node.value.kindName)", at: node.offset))
        }
    }

    // MARK: tensor

    func gradeTensor(_ context: AnswerContext) -> Outcome {
        guard case .tensor(let shape, let reference) = exercise.reference else { return .error("the exercise has no reference tensor") }
        // Elements are numbers or number expressions, in nested arrays matching the shape.
        var elements: [JSONNode] = []
        var answerShape: [Int] = []
        switch context.node.value {
        case .number, .string:
            answerShape = []
            elements = [context.node]
        case .array(let items):
            if items.contains(where: { if case .array = $0.value { return true } else { return false } }) {
                var width: Int?
                for (i, item) in items.enumerated() {
                    guard case .array(let cells) = item.value else {
                        return .error("row \(i + 1) must be an array [..] like the others, not \(item.value.kindName)", at: item.offset)
                    }
                    if let width, width != cells.count {
                        return .error("the rows have different lengths (\(width) and \(cells.count))", at: item.offset)
                    }
                    width = cells.count
                    elements += cells
                    guard elements.count <= context.limits.maxTensorElements else {
                        return .error("the answer has more than \(context.limits.maxTensorElements) elements")
                    }
                }
                answerShape = [items.count, width ?? 0]
            } else {
                guard items.count <= context.limits.maxTensorElements else {
                    return .error("the answer has more than \(context.limits.maxTensorElements) elements")
                }
                answerShape = [items.count]
                elements = items
            }
        default:
            return .error("the answer must be \(Format.shape(shape)) written as JSON arrays, not \(context.node.value.kindName)")
        }
        // A one-element answer fits any one-element shape (5, [5], [[5]]).
        let fits = answerShape == shape || (elements.count == 1 && reference.count == 1)
        guard fits else {
            return .error("the answer must be \(Format.shape(shape)), but it is \(Format.shape(answerShape))")
        }
        var right = 0
        var wrong: [String] = []
        var steps = context.steps  // shared by all elements
        for (index, element) in elements.enumerated() {
            let position = shape.count == 2 ? "[\(index / shape[1])][\(index % shape[1])]" : shape.count == 1 ? "[\(index)]" : ""
            let value: Double
            switch number(element, context, what: "element \(position)", steps: &steps) {
            case .failure(let message): return .error(message.text, at: message.offset)
            case .success(let number): value = number
            }
            if tolerance.accepts(value, reference[index]) {
                right += 1
            } else if wrong.count < 5 {
                wrong.append(position.isEmpty ? Format.number(value) : "\(position) = \(Format.number(value))")
            }
        }
        if right == reference.count { return .graded(fraction: 1, feedback: "correct") }
        let fraction = min((exercise.partialCredit?.perPart ?? 0) * Double(right), 0.999_999)
        let shown = wrong.joined(separator: ", ") + (reference.count - right > wrong.count ? ", …" : "")
        return .graded(
            fraction: fraction,
            feedback: "\(right) of \(reference.count) elements are right (checked to \(tolerance.summary)); wrong: \(shown)")
    }

    // MARK: choice

    func gradeChoice(_ context: AnswerContext) -> Outcome {
        guard case .choice(let options) = exercise.reference else { return .error("the exercise has no correct options") }
        var picked: [String] = []
        switch context.node.value {
        case .string(let text):
            picked = [text]
        case .array(let items):
            guard items.count <= context.limits.maxChoices else {
                return .error("the answer picks more than \(context.limits.maxChoices) options")
            }
            for (i, item) in items.enumerated() {
                guard case .string(let text) = item.value else {
                    return .error("option \(i + 1) must be a string, not \(item.value.kindName)", at: item.offset)
                }
                picked.append(text)
            }
        default:
            return .error("the answer must be an option as a string, or several in an array of strings, not \(context.node.value.kindName)")
        }
        let correct = Set(options.map(Self.normalizedOption))
        let chosen = Set(picked.map(Self.normalizedOption))
        let hits = chosen.intersection(correct).count
        let misses = chosen.subtracting(correct).count
        if chosen == correct { return .graded(fraction: 1, feedback: "correct") }
        let fraction = min(max((exercise.partialCredit?.perPart ?? 0) * Double(hits - misses), 0), 0.999_999)
        var parts = ["\(hits) of \(correct.count) correct option\(correct.count == 1 ? "" : "s") chosen"]
        if misses > 0 { parts.append("\(misses) wrong option\(misses == 1 ? "" : "s") chosen") }
        return .graded(fraction: fraction, feedback: parts.joined(separator: ", "))
    }

    /// Options compare without surrounding spaces and case: "B" and " b" are the same option.
    static func normalizedOption(_ option: String) -> String {
        option.trimmingWhitespace.lowercased()
    }
}

/// Feedback for an answer that cannot be graded as written.
struct Message: Error {
    var text: String
    /// Where in the answers file the problem is, when more precise than the answer's start.
    var offset: Int?
    init(_ text: String, at offset: Int? = nil) {
        self.text = text
        self.offset = offset
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
