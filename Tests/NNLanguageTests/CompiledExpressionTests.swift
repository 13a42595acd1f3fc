import Foundation
import NNEngine
import NNLanguage
import Testing

/// Differential tests: a compiled `ScalarProgram` must give exactly what the interpreter gives
/// (the same bits, NaN for NaN) and take exactly its steps, so grading does not depend on which
/// of the two evaluated an answer.
@Suite struct CompiledExpressionTests {
    static let points: [Double] = [-5, -3, -1.5, -1, -0.5, -0.025, -0.0, 0, 1e-300, 0.025, 0.5, 1, 2.5, 3, 6, 20, 800, -.infinity, .nan]

    /// Interprets and runs compiled at every point; returns false when it does not compile.
    @discardableResult
    static func agree(_ source: String, variables: [String] = ["x"], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        guard let expression = try? Expression.parse(source, limits: ExpressionLimits(length: 1_000, depth: 64, steps: 1_000_000)),
            let program = expression.scalarProgram(variables: variables)
        else { return false }
        for x in points {
            let values = variables.map { _ in x }
            var interpretedSteps = 1_000_000, compiledSteps = 1_000_000
            let bindings = Dictionary(uniqueKeysWithValues: variables.map { ($0, x) })
            let interpreted = Result { () throws -> Double in try expression.evaluate(bindings, steps: &interpretedSteps) }
            let compiled = Result { () throws -> Double in try program.evaluate(values, steps: &compiledSteps) }
            switch (interpreted, compiled) {
            case (.success(let a), .success(let b)):
                #expect(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN), "\(source) at x = \(x): interpreter \(a), compiled \(b)", sourceLocation: sourceLocation)
            default:
                Issue.record("\(source) at x = \(x): interpreter \(interpreted), compiled \(compiled)", sourceLocation: sourceLocation)
            }
            #expect(interpretedSteps == compiledSteps, "\(source) at x = \(x): steps", sourceLocation: sourceLocation)
        }
        return true
    }

    @Test(arguments: [
        "x > 0 ? 1 : 0", "step(x)", "x >= 0 ? 1 : 0", "(x > 0)", "1 - (x <= 0)", "x < 0 ? 0 : 1", "relu(x) / x",
        "(x + abs(x)) / (2 * x)", "x > 0 ? 1 : 0.01", "step(x) + 0.01 * (1 - step(x))", "max(0.01, step(x))",
        "-x^2", "2^3^x", "x^-1", "--x", "-(-x)", "0/0 + x", "1/x", "e^x", "pi * x", "π", "true", "false + x", "x == x", "x != 1",
        "sigmoid(x) * (1 - sigmoid(x))", "leaky_relu(x, 0.01)", "leaky_relu(x, negative_slope = 0.2)",
        "elu(x, alpha = 2)", "celu(x, 0.5)", "softplus(x, beta = 2)", "hardtanh(x, -2, max_val = 3)",
        "threshold(x, 0.5, -1)", "leaky_relu(x, x)", "hardtanh(x, x - 1, x + 1)", "sin(x) + cos(x)", "min(x, 1) + max(x, -1)",
        "max(x, x)", "where(x > 0, 1, 0)", "where(x, 1/0, -x)", "x > 0 ? (x > 1 ? 2 : 1) : (x < -1 ? -2 : -1)",
        "(x > 0) ? 1/0 : 0", "sqrt(x)", "log(x)", "exp(x) / (1 + exp(x))^2", "tanh(x)", "gelu(x) + gelu_tanh(x) + mish(x)",
        "selu(x) + silu(x) + swish(x, 2) + hardswish(x) + tanhexp(x) + softsign(x) + bent_identity(x)",
        "hardshrink(x) + softshrink(x, lambd = 1) + relu6(x) + hardsigmoid(x) + logsigmoid(x) + tanhshrink(x) + identity(x)",
        "abs(x) ^ 0.5", "(-8) ^ (1/3)", "x ^ 0", "0 ^ x", "1e308 * 10 * x", "x * 0",
    ])
    func compiledAgreesWithTheInterpreter(_ source: String) {
        #expect(Self.agree(source), "\(source) should compile")
    }

    /// What is not scalar, or would be an error, is left to the interpreter.
    @Test(arguments: [
        "[x, 1]", "sum([x])", "relu", "y + x", "\"a\"", "x(1)", "relu'(x)", "derivative(relu)(x)", "descent(sigmoid, steps = 3)",
        "celu(x, 0)", "celu(x, x)", "leaky_relu(x, slope = 1)", "leaky_relu(x, 1, 2)", "relu()", "sin(x, 1)", "max(x)",
        "softmax(x)", "maximum(x, 1)", "len(x)", "[1, 2] @ [x, 1]", "x[0]", "leaky_relu(x, 0.1, negative_slope = 0.2)",
    ])
    func theRestIsLeftToTheInterpreter(_ source: String) throws {
        let expression = try Expression.parse(source)
        #expect(expression.scalarProgram(variables: ["x"]) == nil)
    }

    @Test func aNameBoundAsAVariableIsNotAFunctionOrConstant() throws {
        // A binding hides the constant e and makes relu(…) a call of a number: the interpreter's rules.
        #expect(Self.agree("e * x", variables: ["x", "e"]))
        #expect(try Expression.parse("relu(x)").scalarProgram(variables: ["relu"]) == nil)
    }

    @Test func anExhaustedAllowanceIsExhaustedForBoth() throws {
        let expression = try Expression.parse("sigmoid(x) * 2 + 1")  // 1+ (1+1+1) +1 ... = 8 steps
        let program = try #require(expression.scalarProgram(variables: ["x"]))
        for allowance in 0...12 {
            var a = allowance, b = allowance
            let interpreted = (try? expression.evaluate(["x": 1], steps: &a)) != nil
            let compiled = (try? program.evaluate([1], steps: &b)) != nil
            #expect(interpreted == compiled && (a < 0) == (b < 0) && (a < 0) == !interpreted, "allowance \(allowance)")
            if interpreted { #expect(a == b) }
        }
    }

    /// Random expressions over the scalar grammar: every one that compiles must agree.
    @Test func randomExpressionsAgree() {
        var random = SplitMix(state: 8)
        var compiled = 0
        for _ in 0..<3_000 {
            let source = random.expression(depth: 4)
            if Self.agree(source) { compiled += 1 }
        }
        #expect(compiled > 2_000)
    }

    /// Every string in the fuzzer's corpus and every expression the grader tests use.
    @Test func corpusAndGraderTestExpressionsAgree() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var sources: Set<String> = []
        let corpus = root.appendingPathComponent("Fuzz/corpus")
        for name in try FileManager.default.contentsOfDirectory(atPath: corpus.path) {
            let data = try Data(contentsOf: corpus.appendingPathComponent(name))
            sources.insert(String(decoding: data, as: UTF8.self))
            if let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) { Self.strings(in: json, into: &sources) }
        }
        let tests = root.appendingPathComponent("Tests/GraderTests")
        let literal = try NSRegularExpression(pattern: #""((?:[^"\\\n]|\\.)*)""#)
        for name in try FileManager.default.contentsOfDirectory(atPath: tests.path) {
            let text = try String(contentsOf: tests.appendingPathComponent(name), encoding: .utf8)
            for match in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let body = (text as NSString).substring(with: match.range(at: 1))
                sources.insert(body.replacingOccurrences(of: #"\""#, with: "\""))
            }
        }
        var compiled = 0
        for source in sources.sorted() where Self.agree(source) { compiled += 1 }
        #expect(compiled >= 40, "only \(compiled) of \(sources.count) compiled")
    }

    static func strings(in json: Any, into sources: inout Set<String>) {
        switch json {
        case let s as String: sources.insert(s)
        case let a as [Any]: for item in a { strings(in: item, into: &sources) }
        case let d as [String: Any]: for value in d.values { strings(in: value, into: &sources) }
        default: break
        }
    }
}

/// A seeded generator of expression text over the whole scalar grammar (and a little outside it).
struct SplitMix {
    var generator: SplitMix64
    init(state: UInt64) { generator = SplitMix64(seed: state) }
    mutating func next() -> UInt64 { generator.next() }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    static let functions = Catalogue.all.filter { $0.operandCount == 1 && $0.scalarFormula != nil }

    mutating func expression(depth: Int) -> String {
        if depth == 0 || next() % 4 == 0 {
            return pick(["x", "x", "1", "0", "2.5", "0.01", "pi", "e", "true", "1e308", "1e-320", "-0", "3"])
        }
        let a = expression(depth: depth - 1)
        switch next() % 9 {
        case 0: return "-\(a)"
        case 1, 2: return "(\(a) \(pick(["+", "-", "*", "/", "^", "<", "<=", ">", ">=", "==", "!="])) \(expression(depth: depth - 1)))"
        case 3: return "(\(a) ? \(expression(depth: depth - 1)) : \(expression(depth: depth - 1)))"
        case 4: return "\(pick(["sin", "cos"]))(\(a))"
        case 5: return "\(pick(["max", "min"]))(\(a), \(expression(depth: depth - 1)))"
        case 6: return "where(\(a), \(expression(depth: depth - 1)), \(expression(depth: depth - 1)))"
        default:
            let f = pick(Self.functions)
            var arguments = [a]
            for parameter in f.parameters where next() % 2 == 0 || parameter.defaultValue == nil {
                let value = next() % 3 == 0 ? expression(depth: depth - 1) : pick(["0.5", "2", "0.01", "-1"])
                arguments.append(next() % 2 == 0 ? "\(parameter.name) = \(value)" : value)
            }
            return "\(f.name)(\(arguments.joined(separator: ", ")))"
        }
    }
}
