import Diagnostics
import ExerciseModel

/// Example answers an exercise card may show ("e.g. 3/8, 2^-5"), each checked against every
/// variant of the exercise first: an example that earns credit for some student's numbers
/// would print that student's answer on the page.
public enum ExampleAnswers {
    /// Number examples, in the order a card shows them.
    public static let numbers = ["3/8", "2^-5", "1.5e-3"]
    /// Expression examples in `variable`.
    public static func expressions(_ variable: String) -> [String] {
        ["\(variable) > 0 ? 1 : 0", "2*\(variable) + 1", "exp(-\(variable))"]
    }

    /// The candidates for this exercise's kind that are a correct answer for none of its
    /// variants; empty for kinds whose card shows no examples.
    public static func safe(for exercise: Exercise) -> [String] {
        switch exercise.reference {
        case .number: return numbers.filter { !credits($0, exercise) }
        case .derivative(_, let variable): return expressions(variable).filter { !credits($0, exercise) }
        default: return []
        }
    }

    /// Whether `example` passes for some variant of `exercise` (up to the 64 combinations the
    /// build and the grader check); true too when a reference cannot be computed, so an
    /// example is dropped rather than risked.
    public static func credits(_ example: String, _ exercise: Exercise) -> Bool {
        let tolerance = exercise.tolerance ?? .standard
        guard let answer = try? Expression.parse(example) else { return true }
        let variants = ChapterSession.combinations(exercise.parameters, limit: ChapterSession.variantsChecked)
            .map { Dictionary($0.map { ($0.name, $0.value) }) { first, _ in first } }
        switch exercise.reference {
        case .number(let worked):
            guard let value = try? answer.evaluate() else { return false }
            if tolerance.accepts(value, worked) { return true }
            guard let program = exercise.referenceProgram, !exercise.parameters.isEmpty else { return false }
            return variants.contains { variant in
                guard let reference = try? ReferenceProgram.evaluate(program, parameters: variant) else { return true }
                return tolerance.accepts(value, reference)
            }
        case .derivative(let source, let variable):
            guard let function = try? Expression.parse(source) else { return true }
            return variants.contains { variant in
                let samples: DerivativeSamples
                do {
                    samples = try DerivativeSamples(domain: exercise.domain ?? DerivativeSamples.defaultDomain, count: DerivativeSamples.defaultCount) {
                        (x: Double) throws(Diagnostic) -> Double in
                        try function.valueAndDerivative(at: x, variable: variable, bindings: variant).derivative
                    }
                } catch {
                    return true
                }
                return zip(samples.points, samples.expected).allSatisfy { x, expected in
                    var bindings = variant
                    bindings[variable] = x
                    guard let got = try? answer.evaluate(bindings) else { return false }
                    return tolerance.accepts(got, expected)
                }
            }
        default:
            return false
        }
    }
}
