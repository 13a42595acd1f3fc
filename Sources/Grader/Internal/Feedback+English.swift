import ExerciseModel
import TextEscaping

// Feedback in English. Student text (an expression, a name) is quoted through
// `Escape.quotedSnippet`, so a pasted essay or a control character never floods a report.

extension Feedback {
    var english: String {
        switch self {
        case .correct: return "correct"
        case .correctAtPoints(let points): return "correct (agrees with the derivative at \(points) points)"
        case .notExpected(let answer, let tolerance, let matches, let yours):
            var text = "\(Format.number(answer)) is not the expected value (checked to \(tolerance.english))"
            switch matches {
            case .workedExample?: text += "; it is the answer to the chapter's worked example, but your numbers are \(Self.describe(yours)) (see your handout)"
            case .anotherVariant?: text += "; it is the answer for another student's numbers, but yours are \(Self.describe(yours)) (see your handout)"
            case nil: break
            }
            return text
        case .wrongDerivative(let variable, let x, let answer, let gives, let expected, let mismatches, let points):
            return "at \(variable) = \(Format.number(x)) your answer \"\(Escape.quotedSnippet(answer, limit: 60))\" gives \(Format.number(gives)) but the derivative is \(Format.number(expected)) (differs at \(mismatches) of \(points) check points)"
        case .network(let check, let ignored):
            var text = check.right == check.expected.count
                ? "correct: the network computes the whole truth table"
                : "the network gets \(check.right) of \(check.expected.count) rows right"
            if !ignored.isEmpty { text += " (ignored: \(ignored.joined(separator: ", ")))" }
            return text + "\n" + check.table(yours: "yours", expected: "expected")
        case .elements(let right, let total, let tolerance, let wrong, let more):
            if right == total { return "correct" }
            let shown = wrong.map { $0.position.isEmpty ? Format.number($0.value) : "\($0.position) = \(Format.number($0.value))" }
            return "\(right) of \(total) elements are right (checked to \(tolerance.english)); wrong: \(shown.joined(separator: ", "))\(more ? ", …" : "")"
        case .options(let hits, let correct, let misses):
            if hits == correct && misses == 0 { return "correct" }
            var parts = ["\(hits) of \(correct) correct option\(correct == 1 ? "" : "s") chosen"]
            if misses > 0 { parts.append("\(misses) wrong option\(misses == 1 ? "" : "s") chosen") }
            return parts.joined(separator: ", ")
        case .noAnswer(.absent): return "no answer"
        case .noAnswer(.null): return "no answer (null)"
        case .noAnswer(.emptyString): return "no answer (empty string)"
        case .answeredTwice(let mentions):
            return mentions == 2
                ? "this exercise is answered twice; neither answer is graded"
                : "this exercise is answered \(Format.grouped(mentions)) times; none of the answers is graded"
        default: return englishError
        }
    }

    /// Why an answer could not be graded as written.
    private var englishError: String {
        switch self {
        case .computesTheAnswer(let name):
            return "the answer uses \"\(Escape.quotedSnippet(name, limit: 30))\", which computes the answer for you (a derivative, a gradient or training); write the result itself, worked out by hand"
        case .numberTooLarge(let subject, let literal):
            return (subject.map { "\($0.english): " } ?? "") + JSONReader.tooLarge(literal)
        case .notANumber(let subject, let kind):
            return "\(subject.english) must be a number or an expression in a string, not \(kind.english)"
        case .usesName(let subject, let source, let name):
            return "\(subject.english) must be a number, but \"\(Escape.quotedSnippet(source))\" uses the name '\(Escape.quotedSnippet(name, limit: 30))'"
        case .stepsExceeded(let subject, let source, let limit):
            return "\(subject.english) \"\(Escape.quotedSnippet(source))\" needs more than \(Format.grouped(limit)) evaluation steps (the limit for one answer)"
        case .cannotEvaluate(let subject, let source, let detail):
            return "\(subject.english) \"\(Escape.quotedSnippet(source))\" cannot be evaluated: \(detail)"
        case .nan(let subject, let source):
            return "\(subject.english) \"\(Escape.quotedSnippet(source))\" is not a number (NaN), e.g. from 0/0 or log of a negative"
        case .overflows(let subject, let source, let value):
            return "\(subject.english) \"\(Escape.quotedSnippet(source))\" overflows (\(Format.number(value))), e.g. from a division by zero"
        case .expressionTooLong(let length, let limit):
            return "the expression is \(length) characters long; the limit is \(limit)"
        case .doesNotParse(let detail, let excerpt, let column, let notes):
            return "the expression does not parse: \(detail)" + Self.excerpt(excerpt, column: column, at: "at character")
                + notes.map { "\n    note: \($0)" }.joined()
        case .expressionKind(let variable, let kind):
            return "the answer must be an expression in \(variable) in a string, such as \"3 * \(variable)^2 - 1\", not \(kind.english)"
        case .strayVariable(let variable, let name):
            return "the expression may use only \(variable), but uses '\(Escape.quotedSnippet(name, limit: 30))'"
        case .stepsExceededAtPoints(let points, let limit, let variable, let x):
            return "checking the expression at \(points) points needs more than \(Format.grouped(limit)) evaluation steps (the limit for one answer); it was stopped at \(variable) = \(Format.number(x))"
        case .cannotEvaluateAt(let variable, let x, let detail):
            return "the expression cannot be evaluated\(x.map { " at \(variable) = \(Format.number($0))" } ?? ""): \(detail)"
        default: return englishNetworkError
        }
    }

    private var englishNetworkError: String {
        switch self {
        case .networkKind(let kind):
            return #"the answer must be an object {"W1": [[..],[..]], "b1": [..], "W2": [[..]], "b2": [..]}, not "# + kind.english
        case .weightGivenTwice(let key): return "\"\(key)\" is given twice"
        case .weightMissing(let key): return "the network has no \"\(key)\"; it needs W1, b1, W2 and b2"
        case .firstLayerShape(let inputs, let expected?, _, let got):
            return "W1 must be a \(expected.hidden)×\(inputs) matrix: this exercise asks for \(expected.hidden) hidden unit\(expected.hidden == 1 ? "" : "s") (one row each) and \(inputs) inputs (one column each), but it is \(Format.englishShape(got))"
        case .firstLayerShape(let inputs, nil, let maxHidden, let got):
            return "W1 must be a matrix with one row per hidden unit (1 to \(maxHidden)) and \(inputs) columns (one per input), but it is \(Format.englishShape(got))"
        case .biasShape(let name, let count, let got):
            return name == "b1"
                ? "b1 must be a vector of \(count) (one bias per hidden unit, as W1 has \(count) rows), but it is \(Format.englishShape(got))"
                : "b2 must be a vector of 1 (the output's bias), but it is \(Format.englishShape(got))"
        case .secondLayerShape(let hidden, let got):
            return "W2 must be a 1×\(hidden) matrix [[…]] (one weight per hidden unit), but it is \(Format.englishShape(got))"
        case .networkFailed(let detail): return "the network cannot be executed: \(detail)"
        case .emptyArray(let name): return "\(name) is empty"
        case .tooManyElements(let name?, let limit): return "\(name) has more than \(limit) elements"
        case .tooManyElements(nil, let limit): return "the answer has more than \(limit) elements"
        case .rowNotArray(let name?, let index, let kind): return "\(name)[\(index)] must be a row [..] like \(name)[0], not \(kind.english)"
        case .rowNotArray(nil, let index, let kind): return "row \(index + 1) must be an array [..] like the others, not \(kind.english)"
        case .elementNotNumber(let path, let kind): return "\(path) must be a number, not \(kind.english)"
        case .raggedRows(let name, let first, let other):
            return "the rows\(name.map { " of \($0)" } ?? "") have different lengths (\(first) and \(other))"
        case .weightsKind(let name, let kind): return "\(name) must be numbers in an array, not \(kind.english)"
        case .tensorKind(let shape, let kind): return "the answer must be \(Format.englishShape(shape)) written as JSON arrays, not \(kind.english)"
        case .tensorShape(let expected, let got): return "the answer must be \(Format.englishShape(expected)), but it is \(Format.englishShape(got))"
        case .tooManyOptions(let limit): return "the answer picks more than \(limit) options"
        case .optionNotString(let index, let kind): return "option \(index + 1) must be a string, not \(kind.english)"
        case .choiceKind(let kind): return "the answer must be an option as a string, or several in an array of strings, not \(kind.english)"
        case .optionsInOneString(let text, let parts):
            return "\"\(Escape.quotedSnippet(text, limit: 60))\" is one string, so it is read as one option; to choose several, write a list: \(Self.list(parts))"
        case .exerciseBroken(let detail): return "this exercise cannot be graded (tell your teacher): \(detail)"
        case .fileUnreadable: return "the answers file could not be read (see the errors above)"
        default: return english
        }
    }

    static func describe(_ bindings: [String: Double]) -> String {
        bindings.sorted { $0.key < $1.key }.map { "\($0.key) = \(Format.number($0.value))" }.joined(separator: ", ")
    }

    /// `["a", "b"]`, as JSON.
    static func list(_ parts: [String]) -> String {
        "[" + parts.map { "\"\(Escape.quotedSnippet($0, limit: 30))\"" }.joined(separator: ", ") + "]"
    }

    /// The expression's line with a caret under the column, or where it is when the line is long.
    static func excerpt(_ lines: [String], column: Int?, at: String) -> String {
        if !lines.isEmpty { return lines.map { "\n    " + $0 }.joined() }
        return column.map { " (\(at) \($0))" } ?? ""
    }
}

extension Feedback.Subject {
    var english: String {
        switch self {
        case .answer: return "the answer"
        case .element(let position): return "element \(position)"
        case .named(let name): return name
        }
    }
}

extension Feedback.JSONKind {
    var english: String {
        switch self {
        case .null: return "null"
        case .boolean: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension Tolerance {
    /// "relative 1e-06 or absolute 1e-09".
    var english: String {
        if relative == nil, absolute == nil, significantFigures == nil { return Tolerance.standard.english }
        var parts: [String] = []
        if let relative { parts.append("relative \(Format.tolerance(relative))") }
        if let absolute { parts.append("absolute \(Format.tolerance(absolute))") }
        if let significantFigures { parts.append("\(significantFigures) significant figures") }
        return parts.joined(separator: " or ")
    }
}

extension Feedback.TruthTableCheck {
    /// One line per row: inputs, the network's output, the expected one, ✓ or ✗.
    func table(yours: String, expected expectedTitle: String) -> String {
        let width = inputs.first?.count ?? 0
        var table = (1...max(width, 1)).map { "x\($0)" }.joined(separator: " ") + " | \(yours) | \(expectedTitle)"
        let yoursWidth = max(yours.count, 5), expectedWidth = max(expectedTitle.count, 8)
        for (index, row) in inputs.enumerated() {
            let cells = row.map { Format.number($0).padded(to: 2) }.joined(separator: " ")
            table += "\n" + cells + " | " + Format.number(computed[index]).padded(to: yoursWidth) + " | "
                + Format.number(expected[index]).padded(to: expectedWidth) + (computed[index] == expected[index] ? "  ✓" : "  ✗")
        }
        return table
    }
}

extension Format {
    /// A tolerance as people write it: `1e-6`, not Swift's `1e-06`.
    static func tolerance(_ value: Double) -> String {
        number(value).replacingAll("e-0", with: "e-").replacingAll("e+0", with: "e+")
    }

    static func englishShape(_ shape: [Int]) -> String {
        switch shape.count {
        case 0: return "a number"
        case 1: return "a vector of \(shape[0])"
        default: return "a \(shape.map(String.init).joined(separator: "×")) matrix"
        }
    }
}
