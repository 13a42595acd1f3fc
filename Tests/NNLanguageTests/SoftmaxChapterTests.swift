import Diagnostics
import ExerciseModel
@testable import NNLanguage
import NNEngine
import Testing

/// What an author writing a softmax chapter reaches for: reductions along a dim, argmax,
/// one-hot targets, identity, norm, rounding, clipping, log10, lists built from a range, a
/// format on a bare expression, and derivative exercises with a varied parameter.
@Suite struct SoftmaxChapterTests {
    func text(_ source: String) -> String {
        diagnostics(source, firstLine: 41, column: 5).map(\.description).joined(separator: "\n")
    }

    @Test func reductionsAlongADimAndTheirGradients() throws {
        let outputs = try run("""
            Z = param([[1, 3, 2], [0, 0, 1]])
            P = softmax(Z, dim = 1)
            show sum(P, dim = 1), mean([[1, 2], [3, 4]], dim = 0), max(Z, dim = 1), min(Z, dim = 0), max(Z), argmax(Z, dim = 1), argmax(Z)
            T = onehot([1, 2], 3)
            L = -sum(T * log(P)) / 2
            backward L
            show grad(Z) | .4f
            expect grad(Z) == (P - T) / 2
            """)
        #expect(shown(outputs) == [
            "sum(P, dim = 1) = [1, 1]", "mean([[1, 2], [3, 4]], dim = 0) = [2, 3]", "max(Z, dim = 1) = [3, 1]",
            "min(Z, dim = 0) = [0, 0, 1]", "max(Z) = 3", "argmax(Z, dim = 1) = [1, 2]", "argmax(Z) = 1",
            "grad(Z) = [[0.0450, -0.1674, 0.1224], [0.1060, 0.1060, -0.2119]]",
        ])
    }

    @Test func constantsRoundingClippingAndLogarithms() throws {
        let outputs = try run("""
            show onehot([2, 0], 3), eye(2), norm([3, 4]), norm([[3, 4], [6, 8]], dim = 1)
            show round([0.5, 1.5, 2.5, -0.7]), floor(-0.5), ceil(0.2), clip([-2, 0.5, 3], 0, 1), clip(5, max = 1), log10(1000)
            show sin(0), cos(0)
            """)
        #expect(shown(outputs) == [
            "onehot([2, 0], 3) = [[0, 0, 1], [1, 0, 0]]", "eye(2) = [[1, 0], [0, 1]]", "norm([3, 4]) = 5",
            "norm([[3, 4], [6, 8]], dim = 1) = [5, 10]", "round([0.5, 1.5, 2.5, -0.7]) = [0, 2, 2, -1]", "floor(-0.5) = -1",
            "ceil(0.2) = 1", "clip([-2, 0.5, 3], 0, 1) = [0, 0.5, 1]", "clip(5, max = 1) = 1", "log10(1000) = 3",
            "sin(0) = 0", "cos(0) = 1",
        ])
        #expect(try Expression.parse("clip(x, -1, 1) + log10(x) + round(x)").evaluate(["x": 10]) == 12)
    }

    /// One rule at a tie: `max(a, b)` is `maximum(a, b)`, and both split the gradient (½ each),
    /// as PyTorch's `torch.maximum`; elsewhere they agree with relu.
    @Test func maxAndMaximumHaveOneDerivative() throws {
        for x in [-1.0, 0, 2] {
            let outputs = try run("""
                x = param(\(x))
                show grad(max(x, 0), x), grad(maximum(x, 0), x), grad(min(x, 0), x), grad(minimum(x, 0), x)
                """)
            let slope = x > 0 ? "1" : x < 0 ? "0" : "0.5"
            let other = x < 0 ? "1" : x > 0 ? "0" : "0.5"
            #expect(shown(outputs).map { String($0.split(separator: "=").last!.dropFirst()) } == [slope, slope, other, other], "x = \(x)")
        }
        #expect(try Expression.parse("max(x, 0)").valueAndDerivative(at: 0).derivative == 0.5)
    }

    /// The language's own functions and the engine's catalogue share no name, so a call has one
    /// meaning (the catalogue used to shadow half of the built-ins).
    @Test func builtinsAndCatalogueAreOneTable() {
        #expect(Set(Builtins.names).isDisjoint(with: Catalogue.names))
    }

    @Test func listsBuiltFromARange() throws {
        let outputs = try run("""
            f(i) = i^2
            show [f(i) for i in 0 .. 3], [x * 2 for x in {1, 5}], [[i, 2 * i] for i in 0 .. 1], [k for k in 0 .. 1 step 0.5]
            g(a) = sum([a * k for k in 1 .. 3])
            w = param(1)
            show g(2), grad(g(w), w)
            """)
        #expect(shown(outputs) == [
            "[f(i) for i in 0 .. 3] = [0, 1, 4, 9]", "[x * 2 for x in {1, 5}] = [2, 10]",
            "[[i, 2 * i] for i in 0 .. 1] = [[0, 0], [1, 2]]", "[k for k in 0 .. 1 step 0.5] = [0, 0.5, 1]",
            "g(2) = 12", "grad(g(w), w) = 6",
        ])
        #expect(try Expression.parse("sum([x * k for k in 1 .. 3])").evaluate(["x": 2]) == 12)
        #expect(try Expression.parse("sum([x * k for k in 1 .. 3])").freeVariables == ["x"])
    }

    @Test func aBareExpressionTakesAFormat() throws {
        #expect(shown(try run("y = 0.123456\ny | .3f\nsoftplus(20.5) | .17g")) == [
            "y = 0.123", "softplus(20.5) = 20.500000001250154",
        ])
    }

    /// The reference derivative may use a varied parameter: the grader binds it per student.
    @Test func derivativeExerciseWithAVariedParameter() throws {
        let session = ChapterSession(file: "Content/t.md")
        _ = try session.run(block: """
            a = 0.2
            exercise "leaky-a" expression
                prompt "Leaky ReLU(x) = max({{a}}x, x) の導関数を答えなさい。"
                answer d/dx leaky_relu(x, a)
                vary a in {0.01, 0.1}
            """, firstLine: 1)
        let exercise = try #require(session.exercises.first)
        #expect(exercise.kind == .expression)
        #expect(exercise.reference == .derivative(of: "leaky_relu(x, a)", variable: "x"))
        #expect(exercise.parameters == [VariantParameter(name: "a", choices: [0.01, 0.1])])
        let slope = try Expression.parse("leaky_relu(x, a)").valueAndDerivative(at: -1, bindings: ["a": 0.1]).derivative
        #expect(slope == 0.1)
    }

    @Test func misuseIsReportedAtTheCall() {
        #expect(text("a = 2\nexercise \"e\" expression\n    prompt \"p\"\n    answer d/dx leaky_relu(x, b)\n    vary a in {1, 3}") == """
            Content/03.md:44:21: error: the answer 'leaky_relu(x, b)' uses 'b'; a derivative answer may use only 'x', 'a'
            44 |         answer d/dx leaky_relu(x, b)
               |                     ^
            """)
        #expect(text("exercise \"e\" expression\n    prompt \"p\"\n    answer d/dx leaky_relu(x, b)") == """
            Content/03.md:43:21: error: the answer 'leaky_relu(x, b)' uses 'b'; a derivative answer may use only 'x'
            43 |         answer d/dx leaky_relu(x, b)
               |                     ^
            note: a parameter the answer uses is declared with 'vary b in {…}'
            """)
        #expect(text("show sum([[1, 2]], dim = 2)") == """
            Content/03.md:41:10: error: sum: dim 2 is out of range for rank 2 (it takes -2 to 1)
            41 |     show sum([[1, 2]], dim = 2)
               |          ^
            """)
        #expect(text("show max([1, 2], [3, 4], dim = 0)") == """
            Content/03.md:41:30: error: 'max' takes dim with one operand
            41 |     show max([1, 2], [3, 4], dim = 0)
               |                              ^
            note: usage: max(x), max(x, dim = d) or max(a, b)
            """)
        #expect(text("show max([1, 2], dim = 0.5)") == """
            Content/03.md:41:28: error: dim must be a whole number, got 0.5
            41 |     show max([1, 2], dim = 0.5)
               |                            ^
            """)
        #expect(text("show onehot([0, 3], 3)") == """
            Content/03.md:41:10: error: onehot: label 3 (element 1) is not a whole number from 0 to 2
            41 |     show onehot([0, 3], 3)
               |          ^
            """)
        #expect(text("show onehot([0, 1])") == """
            Content/03.md:41:10: error: 'onehot' takes 2 arguments, got 1
            41 |     show onehot([0, 1])
               |          ^
            note: usage: onehot(labels, classes)
            """)
        #expect(text("show eye(2, 3)") == """
            Content/03.md:41:10: error: 'eye' takes 1 argument, got 2
            41 |     show eye(2, 3)
               |          ^
            note: usage: eye(n)
            """)
        #expect(text("show clip(1, 2, 1)") == """
            Content/03.md:41:10: error: clip: min 2 is larger than max 1
            41 |     show clip(1, 2, 1)
               |          ^
            """)
        #expect(text("show round(1, 2)") == """
            Content/03.md:41:10: error: 'round' takes 1 argument (x), got 2
            41 |     show round(1, 2)
               |          ^
            """)
        #expect(text("show [i for i in 3 .. 1]") == """
            Content/03.md:41:10: error: the list's range is empty; a vector needs at least one element
            41 |     show [i for i in 3 .. 1]
               |          ^
            """)
        #expect(text("show [i for i in 0 .. 10000]") == """
            Content/03.md:41:22: error: a list has at most 10,000 elements, this range has 10,001
            41 |     show [i for i in 0 .. 10000]
               |                      ^
            """)
        #expect(text("show [i for i]") == """
            Content/03.md:41:18: error: expected 'in' after '[… for i', found ']'
            41 |     show [i for i]
               |                  ^
            """)
    }
}
