import Diagnostics
import NNLanguage

/// The expression seam over the `nn` language: the one place the grader calls `NNLanguage`.
struct NNExpressionLanguage: ExpressionLanguage {
    /// Parses once, then compiles to a `ScalarProgram` when the expression is scalar (nearly
    /// every answer), so its many evaluations skip the interpreter; the others are interpreted.
    /// Both draw from the same step allowance and give the same values.
    func compile(_ source: String, file: String, limits: GradingLimits, variables: [String]) throws(Diagnostic) -> any CompiledExpression {
        let expressionLimits = ExpressionLimits(
            length: limits.maxExpressionLength, depth: limits.maxExpressionDepth, steps: limits.maxAnswerSteps)
        let expression = try Expression.parse(source, file: file, limits: expressionLimits)
        return CompiledNNExpression(expression: expression, variables: variables, program: expression.scalarProgram(variables: variables))
    }

    func computingUse(in source: String) -> String? { Expression.computingUse(in: source) }

    /// Runs the program with the language's own `ReferenceProgram`, the interpreter that
    /// computed the original reference, so a student's variant is computed exactly as the
    /// chapter's example was. The budget is the language's standard block budget: the program
    /// is the author's, trusted, and runs once per variant (the grader caches the result).
    func runReferenceProgram(_ program: String, bindings: [String: Double], file: String) throws(Diagnostic) -> Double {
        do {
            return try ReferenceProgram.evaluate(program, parameters: bindings, file: file)
        } catch {
            throw error.diagnostics.first ?? Diagnostic(at: nil, "\(file): the reference program failed")
        }
    }
}

struct CompiledNNExpression: CompiledExpression {
    let expression: Expression
    let variables: [String]
    /// nil when the expression needs the interpreter (lists, learning, errors).
    let program: ScalarProgram?

    var freeVariables: Set<String> { expression.freeVariables }
    var computingUse: String? { expression.computingUse }

    func evaluate(_ values: [Double], steps: inout Int) throws(Diagnostic) -> Double {
        if let program { return try program.evaluate(values, steps: &steps) }
        var bindings: [String: Double] = [:]
        for (name, value) in zip(variables, values) { bindings[name] = value }
        return try expression.evaluate(bindings, steps: &steps)
    }

    func valueAndDerivative(at x: Double, variable: String, bindings: [String: Double]) throws(Diagnostic) -> (value: Double, derivative: Double) {
        try expression.valueAndDerivative(at: x, variable: variable, bindings: bindings)
    }
}
