import Diagnostics
import Foundation
import NNLanguage
import Testing

@Suite struct EvaluationTests {
    @Test func arithmeticFollowsMathematicalPrecedence() throws {
        #expect(try Expression.parse("2^3^2").evaluate() == 512)          // right-associative
        #expect(try Expression.parse("-2^2").evaluate() == -4)            // -(2^2)
        #expect(try Expression.parse("2^-1").evaluate() == 0.5)
        #expect(try Expression.parse("1 + 2 * 3 - 4 / 2").evaluate() == 5)
        #expect(try Expression.parse("(1 + 2) * 3").evaluate() == 9)
        #expect(try Expression.parse("3 > 2").evaluate() == 1)
        #expect(try Expression.parse("3 <= 2").evaluate() == 0)
        #expect(try Expression.parse("1 == 1 ? 10 : 20").evaluate() == 10)
        #expect(try Expression.parse("x > 0 ? x : 0.01 * x").evaluate(["x": -2]) == -0.02)
        #expect(try Expression.parse("2 × 3 − 1").evaluate() == 5)        // pasted math symbols
    }

    @Test func matricesMultiplyAndBroadcast() throws {
        let outputs = try run("""
            W = [[1, 1], [-2, -2]]
            b = [-0.5, 3]
            x = [1, 0]
            show W @ x + b
            show sum(W), mean(b), transpose(W)
            """)
        #expect(shown(outputs) == ["W @ x + b = [0.5, 1]", "sum(W) = -2", "mean(b) = 1.25", "transpose(W) = [[1, -2], [1, -2]]"])
    }

    @Test func catalogueFunctionsAreCallableByName() throws {
        #expect(try Expression.parse("sigmoid(0)").evaluate() == 0.5)
        #expect(try Expression.parse("relu(-3) + relu(2)").evaluate() == 2)
        #expect(try Expression.parse("step(0.1) + step(-0.1)").evaluate() == 1)
        let s = 1 / (1 + exp(-1.0))
        #expect(abs(try Expression.parse("sigmoid(1)").evaluate() - s) < 1e-15)
    }

    @Test func derivativesByTapeAndByPrime() throws {
        let (value, slope) = try Expression.parse("x^3 + 2*x").valueAndDerivative(at: 2)
        #expect(value == 12)
        #expect(slope == 14)
        let relu = try Expression.parse("relu(x)")
        #expect(try relu.valueAndDerivative(at: 3).derivative == 1)
        #expect(try relu.valueAndDerivative(at: -3).derivative == 0)
        let s = 1 / (1 + exp(-0.7))
        #expect(abs(try Expression.parse("sigmoid'(0.7)").evaluate() - s * (1 - s)) < 1e-15)
        #expect(try Expression.parse("relu(x) + y").freeVariables == ["x", "y"])
        #expect(try Expression.parse("sin(pi * x)").freeVariables == ["x"])
        #expect(try Expression.parse("derivative(relu)(x) + sigmoid'(t)").freeVariables == ["x", "t"])
    }

    @Test func userFunctionsAndKeywordArguments() throws {
        let outputs = try run("""
            f(x, w) = w * x + 1
            g = f
            show f(2, 3), f(x = 1, w = 5), g(1, 1)
            """)
        #expect(shown(outputs) == ["f(2, 3) = 7", "f(x = 1, w = 5) = 6", "g(1, 1) = 2"])
        // f' of a two-argument function is an arity error, not a silent number.
        #expect(throws: (any Error).self) { try run("f(x, w) = w * x\nshow f'(1)") }
    }

    @Test func variablesPersistAcrossBlocksOfAChapter() throws {
        let session = ChapterSession(file: "Content/01.md")
        _ = try session.run(block: "a = 2\nsq(x) = x^2", firstLine: 3)
        let outputs = try session.run(block: "show sq(a) + 1", firstLine: 10)
        #expect(shown(outputs) == ["sq(a) + 1 = 5"])
        #expect(try session.inline("sq(a) / 3", format: ".3f", at: location(line: 12, column: 5)) == "1.333")
        #expect(try session.inline("sq(a) / 3", format: nil, at: location(line: 12, column: 5)) == "1.33333")
    }

    @Test func indexingNegativeIndicesAndRanges() throws {
        let outputs = try run("""
            v = [10, 20, 30, 40, 50]
            m = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
            show v[0], v[-1], v[1 .. 3], v[-2 .. -1], m[1], m[2, 0], m[0 .. 1], m[1, 1 .. 2], size(m), len(m)
            w = param([1, 2, 3])
            L = sum(w[1 .. 2] * [10, 100])
            backward L
            show grad(w)
            """)
        #expect(shown(outputs) == [
            "v[0] = 10", "v[-1] = 50", "v[1 .. 3] = [20, 30, 40]", "v[-2 .. -1] = [40, 50]", "m[1] = [4, 5, 6]",
            "m[2, 0] = 7", "m[0 .. 1] = [[1, 2, 3], [4, 5, 6]]", "m[1, 1 .. 2] = [5, 6]", "size(m) = 9", "len(m) = 3",
            "grad(w) = [0, 10, 100]",
        ])
        #expect(diagnostics("v = [1, 2]\ny = v[2]").map(\.message) == ["index 2 is out of range for an axis of length 2"])
        #expect(diagnostics("v = [1, 2]\ny = v[1 .. 0]").map(\.message) == ["the range '1 .. 0' is empty: it runs from 1 down to 0"])
        #expect(diagnostics("m = [[1, 2], [3, 4]]\ny = m[0 .. 1, 0]").map(\.message) == ["only the last index may be a range 'a .. b'"])
    }

    @Test func tensorAnswers() throws {
        let answer = try Expression.parse("[[1, 2], [3, 4]] @ [x, 1]")
        let (shape, scalars) = try answer.evaluateTensor(["x": 2])
        #expect(shape == [2])
        #expect(scalars == [4, 10])
        #expect(try Expression.parse("2 > 1").evaluateTensor().shape == [])
        #expect(throws: (any Error).self) { try Expression.parse("\"a\"").evaluateTensor() }
    }
}
