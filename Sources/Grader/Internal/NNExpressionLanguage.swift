import Diagnostics
import NNLanguage

/// The expression seam over the `nn` language: the one place the grader calls `NNLanguage`.
struct NNExpressionLanguage: ExpressionLanguage {
    func compile(_ source: String, file: String, limits: GradingLimits) throws(Diagnostic) -> any CompiledExpression {
        let expressionLimits = ExpressionLimits(
            length: limits.maxExpressionLength, depth: limits.maxExpressionDepth, steps: limits.maxEvaluationSteps)
        return CompiledNNExpression(expression: try Expression.parse(source, file: file, limits: expressionLimits))
    }

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

    var freeVariables: Set<String> { expression.freeVariables }

    func evaluate(_ bindings: [String: Double]) throws(Diagnostic) -> Double {
        try expression.evaluate(bindings)
    }

    func valueAndDerivative(at x: Double, variable: String, bindings: [String: Double]) throws(Diagnostic) -> (value: Double, derivative: Double) {
        try expression.valueAndDerivative(at: x, variable: variable, bindings: bindings)
    }
}
