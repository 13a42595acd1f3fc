import NNEngine
import Testing

/// Every differentiable operation against central differences (`GradientCheck.compare`), on
/// random inputs of several shapes, including every broadcasting pattern and graphs that use a
/// value more than once.
@Suite struct OperationGradientTests {
    /// A named computation and the shapes of its inputs.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var shapes: [[Int]]
        /// Keeps inputs positive (log, sqrt, power bases, divisors).
        var positive = false
        var body: @Sendable (Tape, [Variable]) throws(EngineError) -> Variable

        var testDescription: String { "\(name) \(shapes.map { Tensor.describe(shape: $0) }.joined(separator: ", "))" }
    }

    static func random(_ shape: [Int], seed: UInt64, positive: Bool) -> Tensor {
        var generator = Xoshiro256(seed: seed)
        let count = shape.reduce(1, *)
        // Values kept at least 0.05 apart from 0 and from each other's typical ties.
        return Tensor(shape: shape, scalars: (0..<count).map { _ in
            let magnitude = generator.nextDouble(in: 0.3...2)
            return positive || generator.nextDouble() < 0.5 ? magnitude : -magnitude
        })
    }

    static let cases: [Case] = [
        Case(name: "+", shapes: [[2, 3], [2, 3]]) { _, v throws(EngineError) in try v[0] + v[1] },
        Case(name: "+ bias row", shapes: [[4, 3], [3]]) { _, v throws(EngineError) in try v[0] + v[1] },
        Case(name: "+ column", shapes: [[4, 3], [4, 1]]) { _, v throws(EngineError) in try v[0] + v[1] },
        Case(name: "+ outer", shapes: [[2, 1, 3], [4, 1]]) { _, v throws(EngineError) in try v[0] + v[1] },
        Case(name: "+ scalar", shapes: [[], [2, 2]]) { _, v throws(EngineError) in try v[0] + v[1] },
        Case(name: "-", shapes: [[3], [2, 3]]) { _, v throws(EngineError) in try v[0] - v[1] },
        Case(name: "*", shapes: [[2, 3], [2, 3]]) { _, v throws(EngineError) in try v[0] * v[1] },
        Case(name: "* broadcast", shapes: [[3, 1], [1, 4]]) { _, v throws(EngineError) in try v[0] * v[1] },
        Case(name: "/", shapes: [[2, 3], [3]], positive: true) { _, v throws(EngineError) in try v[0] / v[1] },
        Case(name: "/ scalar numerator", shapes: [[], [3]], positive: true) { _, v throws(EngineError) in try v[0] / v[1] },
        Case(name: "power", shapes: [[3], [3]], positive: true) { _, v throws(EngineError) in try v[0].power(v[1]) },
        Case(name: "power scalar exponent", shapes: [[2, 2], []], positive: true) { _, v throws(EngineError) in
            try v[0].power(v[1])
        },
        Case(name: "negation", shapes: [[5]]) { _, v throws(EngineError) in -v[0] },
        Case(name: "scaled", shapes: [[2, 2]]) { _, v throws(EngineError) in v[0].scaled(by: -2.5) },
        Case(name: "matmul matrix·matrix", shapes: [[2, 3], [3, 4]]) { _, v throws(EngineError) in try v[0].matmul(v[1]) },
        Case(name: "matmul matrix·vector", shapes: [[2, 3], [3]]) { _, v throws(EngineError) in try v[0].matmul(v[1]) },
        Case(name: "matmul vector·matrix", shapes: [[3], [3, 2]]) { _, v throws(EngineError) in try v[0].matmul(v[1]) },
        Case(name: "matmul vector·vector", shapes: [[4], [4]]) { _, v throws(EngineError) in try v[0].matmul(v[1]) },
        Case(name: "linear (x·W + b)", shapes: [[5, 3], [3, 4], [4]]) { _, v throws(EngineError) in
            try v[0].linear(v[1], bias: v[2])
        },
        Case(name: "linear vector input, scalar bias", shapes: [[3], [3, 2], []]) { _, v throws(EngineError) in
            try v[0].linear(v[1], bias: v[2])
        },
        Case(name: "transpose", shapes: [[2, 3]]) { _, v throws(EngineError) in
            try v[0].transposed().matmul(v[0])
        },
        Case(name: "permute rank 3", shapes: [[2, 3, 4]]) { _, v throws(EngineError) in try v[0].permuted([2, 0, 1]) },
        Case(name: "sum all", shapes: [[2, 3]]) { _, v throws(EngineError) in v[0].sum() },
        Case(name: "sum axis 0", shapes: [[2, 3]]) { _, v throws(EngineError) in try v[0].sum(axis: 0) },
        Case(name: "sum axis -1 kept", shapes: [[2, 3, 2]]) { _, v throws(EngineError) in
            try v[0].sum(axis: -1, keepingDimension: true)
        },
        Case(name: "mean all", shapes: [[3, 2]]) { _, v throws(EngineError) in v[0].mean() },
        Case(name: "mean axis 1", shapes: [[3, 4]]) { _, v throws(EngineError) in try v[0].mean(axis: 1) },
        Case(name: "exp", shapes: [[4]]) { _, v throws(EngineError) in v[0].exp() },
        Case(name: "log", shapes: [[4]], positive: true) { _, v throws(EngineError) in v[0].log() },
        Case(name: "sqrt", shapes: [[4]], positive: true) { _, v throws(EngineError) in v[0].sqrt() },
        Case(name: "abs", shapes: [[6]]) { _, v throws(EngineError) in v[0].abs() },
        Case(name: "maximum", shapes: [[2, 3], [3]]) { _, v throws(EngineError) in try v[0].maximum(v[1]) },
        Case(name: "minimum", shapes: [[2, 3], [2, 3]]) { _, v throws(EngineError) in try v[0].minimum(v[1]) },
        Case(name: "comparison gates a value", shapes: [[6]]) { tape, v throws(EngineError) in
            try v[0] * v[0].compared(to: tape.constant(0), .greater)
        },
        Case(name: "select", shapes: [[2, 3], [2, 3], [3]]) { _, v throws(EngineError) in
            try Variable.select(where: v[0].compared(to: v[1], .less), v[1], v[2])
        },
        Case(name: "reshape", shapes: [[2, 3]]) { _, v throws(EngineError) in
            try v[0].reshaped([3, -1]).matmul(v[0])
        },
        Case(name: "slice", shapes: [[4, 3]]) { _, v throws(EngineError) in try v[0].slice(axis: 0, 1..<3) },
        Case(name: "slice last axis", shapes: [[2, 5]]) { _, v throws(EngineError) in try v[0].slice(axis: -1, 2..<5) },
        Case(name: "index row", shapes: [[3, 2]]) { _, v throws(EngineError) in try v[0].indexed(-1) },
        Case(name: "index column", shapes: [[3, 2]]) { _, v throws(EngineError) in try v[0].indexed(1, axis: 1) },
        Case(name: "concatenate rows", shapes: [[2, 3], [1, 3]]) { _, v throws(EngineError) in
            try Variable.concatenate(v, axis: 0)
        },
        Case(name: "concatenate columns", shapes: [[2, 1], [2, 3], [2, 2]]) { _, v throws(EngineError) in
            try Variable.concatenate(v, axis: 1)
        },
        Case(name: "softmax rows", shapes: [[3, 4]]) { _, v throws(EngineError) in try v[0].softmax() },
        Case(name: "softmax columns", shapes: [[3, 4]]) { _, v throws(EngineError) in try v[0].softmax(axis: 0) },
        Case(name: "softmin", shapes: [[5]]) { _, v throws(EngineError) in try v[0].softmin() },
        Case(name: "log_softmax", shapes: [[2, 4]]) { _, v throws(EngineError) in try v[0].logSoftmax() },
        Case(name: "half sum of squares", shapes: [[3, 2], [3, 2]]) { _, v throws(EngineError) in
            try Losses.halfSumOfSquares(v[0], v[1])
        },
        Case(name: "mse", shapes: [[4], [4]]) { _, v throws(EngineError) in try Losses.meanSquaredError(v[0], v[1]) },
        Case(name: "binary cross-entropy", shapes: [[4]]) { tape, v throws(EngineError) in
            try Losses.binaryCrossEntropy(
                Catalogue.function(named: "sigmoid")!(v[0]), tape.constant(Tensor(vector: [1, 0, 0, 1])))
        },
        Case(name: "softmax cross-entropy labels", shapes: [[3, 4]]) { _, v throws(EngineError) in
            try Losses.softmaxCrossEntropy(logits: v[0], labels: [3, 0, 1])
        },
        Case(name: "softmax cross-entropy soft targets", shapes: [[2, 3]]) { tape, v throws(EngineError) in
            try Losses.softmaxCrossEntropy(
                logits: v[0], probabilities: tape.constant(try Tensor(rows: [[0.2, 0.5, 0.3], [0, 0, 1]])))
        },
        Case(name: "scalar arithmetic", shapes: [[], [], []], positive: true) { _, v throws(EngineError) in
            let a = try v[0] * v[1] - v[2] / v[0]
            return try (a + v[1].power(v[2])) * a.scaled(by: 0.5) - (-a).exp()
        },
        Case(name: "scalar times tensor", shapes: [[], [3]]) { _, v throws(EngineError) in
            try (v[0] * v[1]).activated(.sigmoid) + v[0].activated(.tanh)
        },
        Case(name: "sum feeding scalar ops", shapes: [[2, 2]]) { tape, v throws(EngineError) in
            let s = v[0].sum()
            return try s * s + s.exp() / tape.constant(3)
        },
        Case(name: "shared subexpression (diamond)", shapes: [[3]]) { _, v throws(EngineError) in
            let h = v[0].exp()
            return try h * h.log() + h / (h + h)
        },
        Case(name: "value used in both operands", shapes: [[2, 2]]) { _, v throws(EngineError) in
            try v[0] * v[0] - v[0] / v[0].exp()
        },
        Case(name: "two-layer network", shapes: [[5, 2], [2, 4], [4], [4, 3], [3]]) { _, v throws(EngineError) in
            let hidden = try (v[0].matmul(v[1]) + v[2]).activated(.tanh)
            return try Losses.softmaxCrossEntropy(logits: hidden.matmul(v[3]) + v[4], labels: [0, 2, 1, 1, 0])
        },
    ]

    @Test(arguments: cases.indices.map { $0 })
    func gradientMatchesCentralDifferences(index: Int) throws {
        let testCase = Self.cases[index]
        let inputs = testCase.shapes.enumerated().map { i, shape in
            Self.random(shape, seed: UInt64(100 * index + i), positive: testCase.positive)
        }
        let comparison = try GradientCheck.compare(at: inputs, testCase.body)
        #expect(comparison.passes(tolerance: 1e-7), "\(testCase.testDescription): \(comparison)")
    }

    @Test func linearEqualsMatmulPlusBias() throws {
        let tape = Tape()
        let x = tape.parameter(Self.random([4, 3], seed: 1, positive: false))
        let w = tape.parameter(Self.random([3, 2], seed: 2, positive: false))
        let b = tape.parameter(Self.random([2], seed: 3, positive: false))
        let fused = try x.linear(w, bias: b), separate = try x.matmul(w) + b
        #expect(fused.value == separate.value)
        let g1 = tape.gradients(of: fused.sum()), g2 = tape.gradients(of: separate.sum())
        #expect(g1[x] == g2[x] && g1[w] == g2[w] && g1[b] == g2[b])
        #expect(throws: EngineError.shapeMismatch(operation: "+", lhs: [4, 2], rhs: [3])) {
            try x.linear(w, bias: tape.constant(Tensor.zeros([3])))
        }
    }

    /// A large batch (where the per-row sums are gathered into a running product) agrees with
    /// log_softmax picked per row, computed by a different path.
    @Test func crossEntropyOnALargeBatchMatchesLogSoftmax() throws {
        let rows = 2000, classes = 5
        let logits = Self.random([rows, classes], seed: 9, positive: false)
        let labels = (0..<rows).map { ($0 * 7) % classes }
        let tape = Tape()
        let z = tape.constant(logits)
        let loss = try Losses.softmaxCrossEntropy(logits: z, labels: labels).value.scalars[0]
        let logP = try z.logSoftmax().value
        var expected = 0.0
        for (row, label) in labels.enumerated() { expected -= logP.scalars[row * classes + label] }
        expected /= Double(rows)
        #expect(agrees(loss, expected, relative: 1e-13))
    }

    @Test func comparisonHasNoGradient() throws {
        let tape = Tape()
        let x = tape.parameter(Tensor(vector: [-1, 2]))
        let mask = try x.compared(to: tape.constant(0), .greaterOrEqual)
        #expect(mask.value == Tensor(vector: [0, 1]))
        #expect(tape.gradients(of: mask.sum())[x] == .zeros([2]))
    }

    @Test func maximumSplitsGradientAtTies() throws {
        let tape = Tape()
        let a = tape.parameter(Tensor(vector: [1, 2])), b = tape.parameter(Tensor(vector: [1, 3]))
        let gradients = tape.gradients(of: try a.maximum(b).sum())
        #expect(gradients[a] == Tensor(vector: [0.5, 0]))
        #expect(gradients[b] == Tensor(vector: [0.5, 1]))
    }

    @Test func valuesOfStructuralOperations() throws {
        let tape = Tape()
        let m = tape.constant(try Tensor(rows: [[1, 2, 3], [4, 5, 6]]))
        #expect(m.transposed().value == (try Tensor(rows: [[1, 4], [2, 5], [3, 6]])))
        #expect(try m.sum(axis: 0).value == Tensor(vector: [5, 7, 9]))
        #expect(try m.mean(axis: 1).value == Tensor(vector: [2, 5]))
        #expect(try m.indexed(1).value == Tensor(vector: [4, 5, 6]))
        #expect(try m.slice(axis: 1, 1..<3).value == (try Tensor(rows: [[2, 3], [5, 6]])))
        let joined = try Variable.concatenate([m, m.slice(axis: 0, 0..<1)], axis: 0)
        #expect(joined.value == (try Tensor(rows: [[1, 2, 3], [4, 5, 6], [1, 2, 3]])))
        #expect(try m.reshaped([-1]).value == Tensor(vector: [1, 2, 3, 4, 5, 6]))
        let picked = try Variable.select(where: m.compared(to: tape.constant(3), .greater), m, tape.constant(0))
        #expect(picked.value == (try Tensor(rows: [[0, 0, 0], [4, 5, 6]])))
    }

    @Test func shapeErrorsNameTheOperationAndBothShapes() throws {
        let tape = Tape()
        let m = tape.constant(Tensor.zeros([2, 3])), v = tape.constant(Tensor.zeros([2]))
        #expect(throws: EngineError.shapeMismatch(operation: "@", lhs: [2, 3], rhs: [2])) { try m.matmul(v) }
        #expect(EngineError.shapeMismatch(operation: "@", lhs: [2, 3], rhs: [2]).description
            == "shape mismatch in '@': matrix[2×3] and vector[2]")
        #expect(throws: EngineError.self) { try m.sum(axis: 2) }
        #expect(throws: EngineError.self) { try m.slice(axis: 0, 1..<4) }
        #expect(throws: EngineError.self) { try m.reshaped([4, 2]) }
        #expect(throws: EngineError.shapeMismatch(operation: "concat", lhs: [2, 3], rhs: [2])) {
            try Variable.concatenate([m, v], axis: 0)
        }
    }

    /// A loop that truncates its tape after every step holds the same number of nodes at the end
    /// as after the first step: memory does not grow with the number of steps.
    @Test func truncatedTapeStaysFlat() throws {
        let tape = Tape()
        let w = tape.parameter(Tensor(vector: [0.5, -0.5]))
        let base = tape.count
        var counts: Set<Int> = []
        for step in 0..<2000 {
            let x = tape.constant(Tensor(vector: [Double(step % 7), 1]))
            let loss = try (w * x).sum().activated(.sigmoid)
            _ = tape.gradients(of: loss)[w]
            tape.truncate(to: base)
            counts.insert(tape.count)
        }
        #expect(counts == [base])
    }
}

@Suite struct DataLeafTests {
    /// A `data` leaf changes no value and no parameter gradient; only its own gradient is skipped.
    @Test func dataLeavesOnlySkipTheirOwnGradient() throws {
        func run(asData: Bool) throws -> (Tensor, Tensor, Tensor) {
            let tape = Tape()
            let inputs = try Tensor(rows: [[1, 2], [3, -1], [0.5, 0.5]])
            let x = asData ? tape.data(inputs) : tape.constant(inputs)
            let w = tape.parameter(try Tensor(rows: [[0.3, -0.2, 0.1], [0.7, 0.4, -0.6]]))
            let loss = try Losses.softmaxCrossEntropy(logits: (x.matmul(w)).activated(.tanh), labels: [0, 1, 2])
            let gradients = tape.gradients(of: loss)
            return (loss.value, gradients[w], gradients[x])
        }
        let (l1, w1, x1) = try run(asData: false)
        let (l2, w2, x2) = try run(asData: true)
        #expect(l1 == l2 && w1 == w2)
        #expect(x1 != .zeros([3, 2]) && x2 == .zeros([3, 2]))
    }
}
