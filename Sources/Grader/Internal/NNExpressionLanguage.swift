import Diagnostics
import NNLanguage

/// The expression seam over the `nn` language: the one place the grader calls `NNLanguage`.
struct NNExpressionLanguage: ExpressionLanguage {
    func compile(_ source: String, file: String, limits: GradingLimits) throws(Diagnostic) -> any CompiledExpression {
        let expressionLimits = ExpressionLimits(
            length: limits.maxExpressionLength, depth: limits.maxExpressionDepth, steps: limits.maxEvaluationSteps)
        return CompiledNNExpression(expression: try Expression.parse(source, file: file, limits: expressionLimits))
    }

    /// A one-expression program is evaluated directly. A longer one runs in a fresh
    /// `ChapterSession`: the parameters are assigned first, the program's lines but the last
    /// run as a block, and the last line is evaluated at full precision (`.16e` round-trips).
    /// A line of the program that assigns a parameter (`x = 2`, the author's own example value)
    /// is left out, so the student's value is the one used.
    func runReferenceProgram(_ program: String, bindings: [String: Double], file: String) throws(Diagnostic) -> Double {
        let referenceLimits = ExpressionLimits(length: 100_000, depth: 200, steps: 10_000_000)
        if let single = try? Expression.parse(program, file: file, limits: referenceLimits) {
            return try single.evaluate(bindings)
        }
        var lines = program.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.trimmingWhitespace.isEmpty || last.trimmingWhitespace.hasPrefix("#") {
            lines.removeLast()
        }
        guard let last = lines.popLast() else {
            throw Diagnostic(at: nil, "\(file): the reference program is empty")
        }
        let body = lines.map { line in Self.assignsParameter(line, bindings) ? "" : line }
        let session = ChapterSession(file: file)
        do {
            let prelude = bindings.sorted { $0.key < $1.key }.map { "\($0.key) = \(Self.literal($0.value))" }
            if !prelude.isEmpty { _ = try session.run(block: prelude.joined(separator: "\n"), firstLine: 1) }
            if !body.allSatisfy({ $0.trimmingWhitespace.isEmpty }) {
                _ = try session.run(block: body.joined(separator: "\n"), firstLine: 1)
            }
        } catch {
            throw error.diagnostics.first ?? Diagnostic(at: nil, "\(file): the reference program failed")
        }
        let text = try session.inline(
            last.trimmingWhitespace, format: ".16e",
            at: SourceLocation(file: file, line: lines.count + 1, column: 1))
        guard let value = Double(text) else {
            throw Diagnostic(at: SourceLocation(file: file, line: lines.count + 1, column: 1), "the reference program's last line gives \(text), not a number")
        }
        return value
    }

    /// `x = …` (not `x == …`) at the start of a line, for a parameter `x`.
    static func assignsParameter(_ line: String, _ bindings: [String: Double]) -> Bool {
        let trimmed = Substring(line.trimmingWhitespace)
        for name in bindings.keys where trimmed.hasPrefix(name) {
            let rest = trimmed.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
            if rest.hasPrefix("="), !rest.hasPrefix("==") { return true }
        }
        return false
    }

    /// A number as `nn` source that reads back exactly.
    static func literal(_ value: Double) -> String {
        let text = "\(value)"
        return value < 0 ? "(\(text))" : text
    }
}

struct CompiledNNExpression: CompiledExpression {
    let expression: Expression

    var freeVariables: Set<String> { expression.freeVariables }

    func evaluate(_ bindings: [String: Double]) throws(Diagnostic) -> Double {
        try expression.evaluate(bindings)
    }

    func valueAndDerivative(at x: Double, variable: String, bindings: [String: Double]) throws(Diagnostic) -> (value: Double, derivative: Double) {
        try expression.valueAndDerivative(at: x, variable: variable, bindings: bindings)
    }
}
