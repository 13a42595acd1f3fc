import ArgumentParser
import Diagnostics
import Foundation
import NNLanguage

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate an expression of x at given points, with its derivative by autodiff.",
        discussion: """
            Example: coursegen eval 'leaky_relu(x, 0.01)' --at x=-2,0,3 --grad x
            An expression that starts with '-' goes after the options and '--':
            coursegen eval --at x=1 -- '-x^2'
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "An expression in the nn language's expression syntax.")
    var expression: String

    @Option(help: "Points, as VAR=V[,V...].")
    var at: String

    @Option(help: "Also print the derivative with respect to this variable.")
    var grad: String?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func validate() throws {
        let (variable, _) = try Self.parsePoints(at)
        if let grad, grad != variable {
            throw ValidationError("--grad \(grad) must name the variable of --at (\(variable))")
        }
    }

    func run() throws {
        let (variable, points) = try Self.parsePoints(at)
        let parsed: NNLanguage.Expression
        do {
            parsed = try NNLanguage.Expression.parse(expression, file: "<expression>")
        } catch {
            throw DiagnosticOutput.fail(with: error)
        }
        let unknown = parsed.freeVariables.subtracting([variable])
        if let name = unknown.sorted().first {
            let column = Self.column(ofIdentifier: name, in: expression)
            throw DiagnosticOutput.fail(with: Diagnostic(
                at: column.map { SourceLocation(file: "<expression>", line: 1, column: $0) },
                "the expression uses '\(name)', but --at gives only '\(variable)'",
                sourceLine: column == nil ? nil : expression))
        }
        var rows: [(x: Double, value: Double, grad: Double?)] = []
        for point in points {
            do {
                if grad != nil {
                    let result = try parsed.valueAndDerivative(at: point, variable: variable)
                    rows.append((point, result.value, result.derivative))
                } else {
                    rows.append((point, try parsed.evaluate([variable: point]), nil))
                }
            } catch {
                throw DiagnosticOutput.fail(with: error)
            }
        }
        var output = ""
        switch format {
        case .text:
            for row in rows {
                var line = "\(variable)=\(Self.number(row.x))  value=\(Self.number(row.value))"
                if let g = row.grad { line += "  d/d\(variable)=\(Self.number(g))" }
                output += line + "\n"
            }
        case .json:
            let objects = rows.map { row in
                var fields = ["\"\(variable)\": \(Self.json(row.x))", "\"value\": \(Self.json(row.value))"]
                if let g = row.grad { fields.append("\"grad\": \(Self.json(g))") }
                return "{" + fields.joined(separator: ", ") + "}"
            }
            output = "[" + objects.joined(separator: ", ") + "]\n"
        }
        try DiagnosticOutput.writeToStandardOutput(output, what: "the values")
    }

    /// 1-based column (characters) of the first whole-word occurrence of `name`.
    static func column(ofIdentifier name: String, in text: String) -> Int? {
        let characters = Array(text), target = Array(name)
        func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        var index = 0
        while index + target.count <= characters.count {
            if Array(characters[index..<(index + target.count)]) == target,
                index == 0 || !isWordCharacter(characters[index - 1]),
                index + target.count == characters.count || !isWordCharacter(characters[index + target.count])
            {
                return index + 1
            }
            index += 1
        }
        return nil
    }

    /// `x=1,2.5,-3` → ("x", [1, 2.5, -3]).
    static func parsePoints(_ text: String) throws -> (String, [Double]) {
        guard let equals = text.firstIndex(of: "=") else {
            throw ValidationError("--at takes VAR=V[,V...], e.g. --at x=-1,0,1")
        }
        let variable = text[..<equals].trimmingCharacters(in: .whitespaces)
        guard !variable.isEmpty else { throw ValidationError("--at needs a variable name before '='") }
        var values: [Double] = []
        for piece in text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard let value = Double(trimmed), value.isFinite else {
                throw ValidationError("--at: '\(trimmed)' is not a finite number")
            }
            values.append(value)
        }
        return (variable, values)
    }

    /// Shortest form that reads back as the same Double.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// JSON has no NaN or infinity: those become null.
    static func json(_ value: Double) -> String { value.isFinite ? number(value) : "null" }
}
