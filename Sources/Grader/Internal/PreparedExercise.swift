import Diagnostics
import ExerciseModel
import NNLanguage
import Synchronization

/// An exercise with everything that does not depend on the student computed once: the
/// reference derivative sampled over the domain, the reference function compiled, and a cache
/// of references per variant (a year group shares a handful of variants).
final class PreparedExercise: Sendable {
    let exercise: Exercise
    let tolerance: Tolerance
    /// The function whose derivative is expected (expression exercises).
    let referenceFunction: (any CompiledExpression)?
    let variable: String
    /// Samples for the exercise without parameters; variants use `sampleCache`.
    let fixedSamples: DerivativeSamples?
    private let sampleCache = Mutex<[[Double]: DerivativeSamples]>([:])
    private let numberCache = Mutex<[[Double]: Result<Double, Diagnostic>]>([:])
    /// Outcomes of string and number answers already graded, by variant and answer text: a year
    /// group writes `x > 0 ? 1 : 0` many times over, and grading it is a pure function of
    /// (exercise, variant, text). Bounded so a hostile batch cannot grow it without limit.
    private let outcomeCache = Mutex<[String: RenderedOutcome]>([:])
    static let outcomeCacheLimit = 50_000
    let language: any ExpressionLanguage
    let limits: GradingLimits

    /// Default interval for derivative checks when the exercise gives none.
    static let defaultDomain = DerivativeSamples.defaultDomain

    init(_ exercise: Exercise, language: any ExpressionLanguage, limits: GradingLimits) throws(Diagnostic) {
        self.exercise = exercise
        self.tolerance = exercise.tolerance ?? .standard
        self.language = language
        self.limits = limits
        let origin = "exercise '\(exercise.id)'"
        if case .derivative(let source, let variable) = exercise.reference {
            self.variable = variable
            let function: any CompiledExpression
            do {
                function = try language.compile(source, file: "\(origin) reference", limits: .reference, variables: [variable])
            } catch {
                throw ExercisePreparation.failure(exercise, "its reference function does not parse: \(error.message)")
            }
            let allowed = Set([variable] + exercise.parameters.map(\.name))
            if let stray = function.freeVariables.subtracting(allowed).sorted().first {
                throw ExercisePreparation.failure(exercise, "its reference function uses '\(stray)', which is neither '\(variable)' nor a parameter")
            }
            self.referenceFunction = function
            if exercise.parameters.isEmpty {
                self.fixedSamples = try DerivativeSamples(
                    function: function, variable: variable, bindings: [:],
                    domain: exercise.domain ?? Self.defaultDomain, count: limits.samplePoints, exercise: exercise)
            } else {
                self.fixedSamples = nil
                // Check every variant now, so an author error never shows up as a student's.
                for bindings in Self.allBindings(exercise.parameters, limit: 64) {
                    _ = try samples(bindings: bindings)
                }
            }
        } else {
            self.variable = "x"
            self.referenceFunction = nil
            self.fixedSamples = nil
            if exercise.kind == .number, exercise.referenceProgram != nil {
                for bindings in Self.allBindings(exercise.parameters, limit: 64) {
                    if case .failure(let error) = referenceNumber(bindings: bindings) {
                        throw ExercisePreparation.failure(
                            exercise, "its reference program fails for \(Self.describe(bindings)): \(error.message)")
                    }
                }
            }
        }
    }

    /// Up to `limit` combinations of parameter values, to check the reference for each.
    static func allBindings(_ parameters: [VariantParameter], limit: Int) -> [[String: Double]] {
        var combinations: [[String: Double]] = [[:]]
        for parameter in parameters {
            var next: [[String: Double]] = []
            for combination in combinations {
                for choice in parameter.choices where next.count < limit {
                    var extended = combination
                    extended[parameter.name] = choice
                    next.append(extended)
                }
            }
            combinations = next
        }
        return combinations
    }

    static func describe(_ bindings: [String: Double]) -> String {
        bindings.sorted { $0.key < $1.key }.map { "\($0.key) = \(Format.number($0.value))" }.joined(separator: ", ")
    }

    private func key(_ bindings: [String: Double]) -> [Double] {
        exercise.parameters.map { bindings[$0.name] ?? .nan }
    }

    /// The cached outcome (and its feedback's text) for this answer text, or `compute()`'s, remembered.
    func outcome(forAnswer text: String, bindings: [String: Double], _ compute: () -> RenderedOutcome) -> RenderedOutcome {
        var key = text
        if !bindings.isEmpty {
            key = exercise.parameters.map { Format.number(bindings[$0.name] ?? .nan) }.joined(separator: ",") + "\u{0}" + text
        }
        if let cached = outcomeCache.withLock({ $0[key] }) { return cached }
        let computed = compute()
        outcomeCache.withLock {
            if $0.count < Self.outcomeCacheLimit { $0[key] = computed }
        }
        return computed
    }

    /// The reference derivative sampled for these parameter values, computed once per variant.
    func samples(bindings: [String: Double]) throws(Diagnostic) -> DerivativeSamples {
        if let fixedSamples { return fixedSamples }
        let key = key(bindings)
        if let cached = sampleCache.withLock({ $0[key] }) { return cached }
        guard let referenceFunction else { throw ExercisePreparation.failure(exercise, "it has no reference function") }
        let computed = try DerivativeSamples(
            function: referenceFunction, variable: variable, bindings: bindings,
            domain: exercise.domain ?? Self.defaultDomain, count: limits.samplePoints, exercise: exercise)
        sampleCache.withLock { $0[key] = computed }
        return computed
    }

    /// The reference number for these parameter values: the stored one, or the reference
    /// program re-run with the parameters bound (cached per variant).
    func referenceNumber(bindings: [String: Double]) -> Result<Double, Diagnostic> {
        guard let program = exercise.referenceProgram, !exercise.parameters.isEmpty else {
            if case .number(let value) = exercise.reference { return .success(value) }
            return .failure(ExercisePreparation.failure(exercise, "it has no reference number"))
        }
        let key = key(bindings)
        if let cached = numberCache.withLock({ $0[key] }) { return cached }
        let computed: Result<Double, Diagnostic>
        do {
            let value = try language.runReferenceProgram(program, bindings: bindings, file: "exercise '\(exercise.id)' referenceProgram")
            computed = value.isFinite
                ? .success(value)
                : .failure(Diagnostic(at: nil, "the reference program gives \(Format.number(value))"))
        } catch {
            computed = .failure(error)
        }
        numberCache.withLock { $0[key] = computed }
        return computed
    }
}

enum ExercisePreparation {
    static func failure(_ exercise: Exercise, _ message: String) -> Diagnostic {
        Diagnostic(at: exercise.source.flatMap(ExerciseCatalog.parseLocation), "exercise '\(exercise.id)': \(message)")
    }
}

extension GradingLimits {
    /// Authors' reference functions are trusted but still bounded; generous limits.
    static let reference = GradingLimits(maxExpressionLength: 10_000, maxExpressionDepth: 200)
}

extension DerivativeSamples {
    /// The language's sampling rule (`NNLanguage.DerivativeSamples`, shared with the build's
    /// check of card examples) over a compiled reference, its failures as the exercise's.
    init(
        function: any CompiledExpression, variable: String, bindings: [String: Double],
        domain: [Double], count: Int, exercise: Exercise
    ) throws(Diagnostic) {
        do {
            try self.init(domain: domain, count: count) { (x: Double) throws(Diagnostic) -> Double in
                try function.valueAndDerivative(at: x, variable: variable, bindings: bindings).derivative
            }
        } catch {
            switch error {
            case .derivative(let x, let error):
                throw ExercisePreparation.failure(exercise, "its reference derivative cannot be taken at \(variable) = \(Format.number(x)): \(error.message)")
            case .tooFewPoints(let kept, let n):
                throw ExercisePreparation.failure(
                    exercise, "only \(kept) of \(n) check points remain after leaving out kinks; widen the domain")
            }
        }
    }
}
