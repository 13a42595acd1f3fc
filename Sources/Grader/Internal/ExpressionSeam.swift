import Diagnostics

/// What the grader needs from the `nn` expression language, and nothing more.
///
/// Number strings (`"0.25^9"`), derivative answers, reference derivatives and variant
/// reference programs all go through this seam, so the grader never parses an expression
/// itself and one conformance (over `NNLanguage`) is the only place that knows the language.
protocol ExpressionLanguage: Sendable {
    /// Parses an expression a student or an author wrote, ready to be evaluated many times with
    /// `variables` bound (in that order).
    /// - Throws: a `Diagnostic` located in `file` (column in the expression).
    func compile(_ source: String, file: String, limits: GradingLimits, variables: [String]) throws(Diagnostic) -> any CompiledExpression

    /// The first thing in `source` that would compute the answer for the student (`relu'`,
    /// `derivative`, `d/dx`, `grad`, `train`), found even when `source` does not parse.
    func computingUse(in source: String) -> String?

    /// Runs a variant's reference program with the parameters bound, returning its last value.
    func runReferenceProgram(_ program: String, bindings: [String: Double], file: String) throws(Diagnostic) -> Double
}

protocol CompiledExpression: Sendable {
    var freeVariables: Set<String> { get }
    /// The first use of something that computes rather than states (see `ExpressionLanguage.computingUse`).
    var computingUse: String? { get }
    /// The value with the compiled variables bound to `values`, its steps drawn from `steps`:
    /// the allowance of the whole answer, shared by all its evaluations, so the verdict is the
    /// same on a busy machine and an idle one.
    /// - Throws: a `Diagnostic` for an expression that cannot be evaluated; when `steps` is
    ///   negative afterwards, the allowance ran out.
    func evaluate(_ values: [Double], steps: inout Int) throws(Diagnostic) -> Double
    /// Value and derivative with respect to `variable` at `x`, by the engine's autodiff.
    func valueAndDerivative(at x: Double, variable: String, bindings: [String: Double]) throws(Diagnostic) -> (value: Double, derivative: Double)
}
