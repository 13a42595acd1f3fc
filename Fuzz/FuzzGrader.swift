// libFuzzer entry point for the answers-file parser, the grader and the expression parser, and a
// differential check of compiled expressions (`ScalarProgram`) against the interpreter.
// Built by Fuzz/build.sh (see Fuzz/README.md); not part of the package's normal build.
import Diagnostics
import ExerciseModel
import Grader
import NNLanguage
import TextEscaping

/// The course's exercises (as Benchmarks/grading/course.nn declares them), built once.
let grader: Grader = {
    let exercises: [Exercise] = [
        Exercise(id: "xor-network", kind: .network, points: 2, prompt: "",
                 reference: .truthTable(inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], outputs: [0, 1, 1, 0]),
                 partialCredit: PartialCredit(perPart: 0.25)),
        Exercise(id: "relu-derivative", kind: .expression, points: 1, prompt: "",
                 reference: .derivative(of: "relu(x)", variable: "x"), domain: [-5, 5]),
        Exercise(id: "leaky-relu-derivative", kind: .expression, points: 1, prompt: "",
                 reference: .derivative(of: "leaky_relu(x, 0.01)", variable: "x"), domain: [-5, 5]),
        Exercise(id: "backprop-w1", kind: .number, points: 2, prompt: "x = {{x}}, t = {{t}}",
                 reference: .number(-6), tolerance: Tolerance(relative: 1e-6),
                 referenceProgram: "w1 = param(1)\nw2 = param(1)\ny = w2 * w1 * x\nL = 1/2 * (y - t)^2\nbackward L\ngrad(w1)",
                 parameters: [VariantParameter(name: "x", choices: [1, 2, 3]), VariantParameter(name: "t", choices: [4, 5, 6])]),
        Exercise(id: "gradient-decay", kind: .number, points: 1, prompt: "", reference: .number(3.814697265625e-06),
                 tolerance: Tolerance(significantFigures: 2)),
        Exercise(id: "weights", kind: .tensor, points: 2, prompt: "",
                 reference: .tensor(shape: [2, 2], scalars: [1, 1, -1, -1]), partialCredit: PartialCredit(perPart: 0.25)),
        Exercise(id: "activations", kind: .choice, points: 1, prompt: "", reference: .choice(["sigmoid", "tanh"]),
                 partialCredit: PartialCredit(perPart: 0.5)),
    ]
    do {
        return try Grader(catalog: ExerciseCatalog(sheets: [ExerciseSheet(chapter: "03.md", exercises: exercises)]))
    } catch {
        fatalError("the fuzz catalogue does not load: \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    // 1. The bytes as an answers file: parse, grade, render every way.
    let report = grader.grade(data: bytes, file: "fuzz.json")
    precondition(report.exercises.count == 7 && report.score >= 0 && report.score <= report.maxScore)
    // No control or invisible format character of the student's reaches any format raw.
    for output in [report.jsonLine(), report.text(), GradescopeResults(report: report).json(),
                   Gradebook.csv(reports: [report], files: ["fuzz.json"], exercises: grader.catalog.exercises)] {
        precondition(!output.unicodeScalars.contains { Escape.isInvisible($0) && !"\n\r\t".unicodeScalars.contains($0) },
                     "a raw control character in a report: \(output.debugDescription)")
    }
    // A file that does not start like a JSON object is never quoted (no caret excerpt).
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    if start.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) != UInt8(ascii: "{") {
        precondition(report.errors?.allSatisfy { !$0.contains("\n1 | ") } ?? true, "an excerpt of a file that is not an answers file")
    }
    _ = Handout.markdown(for: report.student, catalog: grader.catalog)
    // 2. The bytes as an expression: parse alone, evaluate, differentiate.
    let text = String(decoding: bytes, as: UTF8.self)
    if let expression = try? Expression.parse(text, limits: ExpressionLimits(length: 1_000, depth: 64, steps: 100_000)) {
        _ = try? expression.evaluate(["x": 0.5])
        _ = try? expression.valueAndDerivative(at: -1.5)
        // 2b. Differential: a compiled program must agree with the interpreter bit for bit, in
        //     steps taken, and in running out of an allowance (small ones included).
        if let program = expression.scalarProgram(variables: ["x"]) {
            for (x, allowance) in [(0.5, 100_000), (-1.5, 100_000), (0, 40), (.nan, 7), (1e300, 100_000)] {
                var interpretedSteps = allowance, compiledSteps = allowance
                let interpreted = Result { () throws -> Double in try expression.evaluate(["x": x], steps: &interpretedSteps) }
                let compiled = Result { () throws -> Double in try program.evaluate([x], steps: &compiledSteps) }
                switch (interpreted, compiled) {
                case (.success(let a), .success(let b)):
                    precondition(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN), "compiled \(b) ≠ interpreted \(a) for \(text) at \(x)")
                    precondition(interpretedSteps == compiledSteps, "steps differ for \(text) at \(x)")
                case (.failure, .failure):
                    precondition(interpretedSteps < 0 && compiledSteps < 0, "compiled code failed other than by its budget: \(text)")
                default:
                    preconditionFailure("one of compiled/interpreted failed for \(text) at \(x): \(interpreted) vs \(compiled)")
                }
            }
        }
        // 3. ... and as a student's answer to every kind, inside a well-formed file.
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            default:
                if scalar.value < 0x20 { quoted += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16) } else { quoted.unicodeScalars.append(scalar) }
            }
        }
        quoted += "\""
        let file = "{\"student\": \"f\", \"answers\": {\"relu-derivative\": \(quoted), \"gradient-decay\": \(quoted), \"backprop-w1\": \(quoted), \"weights\": [[\(quoted), 1], [-1, -1]]}}"
        let wrapped = grader.grade(data: Array(file.utf8), file: "wrapped.json")
        precondition(wrapped.errors == nil, "a well-formed answers file must be readable: \(wrapped.errors ?? [])")
    }
    return 0
}
