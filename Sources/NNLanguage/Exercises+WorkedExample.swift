import Diagnostics
import ExerciseModel
import NNEngine

extension ChapterSession {
    /// How many combinations of a `vary` clause's values the build recomputes, as the grader
    /// checks them when it loads the key.
    static let variantsChecked = 64

    /// Refuses a worked example whose answer is a correct answer for some student: the block
    /// that declares a varied exercise computes it for the chapter's own values (`x = 2`,
    /// `t = 5`), and a reader may copy that. It must not be one of the variants, nor give the
    /// answer one of them has (within the exercise's tolerance). Every variant's reference is
    /// recomputed here, so a program that fails for some values is refused at its `vary` line
    /// too, before any student is dealt those values.
    func checkWorkedExample(
        _ d: ExerciseDeclaration, program: String, answer: Double, tolerance: Tolerance, parameters: [VariantParameter]
    ) throws(RuntimeError) {
        guard let vary = d.variations.first else { return }
        var example: [(name: String, value: Double)] = []
        for parameter in parameters {
            guard case .number(let v)? = machine.globals[parameter.name], v.value.count == 1 else { return }
            example.append((parameter.name, v.value.scalars[0]))
        }
        let lists = parameters.map { "\($0.name) in {" + $0.choices.map(Self.exact).joined(separator: ", ") + "}" }.joined(separator: ", ")
        if zip(example, parameters).allSatisfy({ $0.1.choices.contains($0.0.value) }) {
            throw RuntimeError(
                position: vary.position,
                message: "the worked example of '\(d.id)' (\(Self.describe(example))) is one of its variants: a student dealt these numbers could copy the answer the chapter computes",
                notes: ["give the example values outside the 'vary' lists (\(lists)), or take its values out of the lists"])
        }
        for variant in Self.combinations(parameters, limit: Self.variantsChecked) {
            let value: Double
            do {
                value = try ReferenceProgram.evaluate(program, parameters: Dictionary(variant.map { ($0.name, $0.value) }) { first, _ in first })
            } catch {
                throw RuntimeError(
                    position: vary.position,
                    message: "the answer of '\(d.id)' cannot be computed for \(Self.describe(variant)): \(error.diagnostics.first?.message ?? "")",
                    notes: ["every combination of the 'vary' values is a student's exercise"])
            }
            if tolerance.accepts(answer, value) {
                throw RuntimeError(
                    position: vary.position,
                    message: "the worked example of '\(d.id)' (\(Self.describe(example))) has the answer \(NumberFormat.automatic.format(answer)), which is also the answer for \(Self.describe(variant)): a student dealt those numbers could copy it",
                    notes: ["choose the example's values or the 'vary' lists (\(lists)) so that no variant shares the example's answer"])
            }
        }
    }

    /// Up to `limit` combinations of the parameters' choices, in declaration order.
    static func combinations(_ parameters: [VariantParameter], limit: Int) -> [[(name: String, value: Double)]] {
        var result: [[(name: String, value: Double)]] = [[]]
        for parameter in parameters {
            result = result.flatMap { partial in parameter.choices.map { partial + [(parameter.name, $0)] } }
            if result.count > limit { result = Array(result.prefix(limit)) }
        }
        return result
    }

    /// `x = 2, t = 5`.
    static func describe(_ values: [(name: String, value: Double)]) -> String {
        values.map { "\($0.name) = \(exact($0.value))" }.joined(separator: ", ")
    }

    /// Every digit a value has, so two different values never print alike.
    static func exact(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
