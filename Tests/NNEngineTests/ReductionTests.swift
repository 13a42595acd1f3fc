import NNEngine
import Testing

/// The operations a softmax chapter needs: reductions along an axis, argmax, norm, one-hot,
/// identity, rounding, clipping, log10; and softplus exact where PyTorch switches to x.
@Suite struct ReductionTests {
    let P = Tensor(shape: [2, 3], scalars: [0.25, 0.5, 0.25, 0.5, 0.25, 0.5])

    func call(_ name: String, _ x: Variable, keywords: [String: Double] = [:]) throws -> Variable {
        let function = try #require(Catalogue.function(named: name))
        return try function(x, keywords: keywords)
    }

    /// Values from mpmath at 50 digits: log1p(exp(x)) and 1/(1 + exp(−x)).
    @Test func softplusIsExactForLargeX() throws {
        let cases: [(x: Double, value: Double, derivative: Double)] = [
            (20.5, 20.500000001250154, 0.9999999987498471),
            (30, 30.000000000000092, 0.9999999999999064),
            (36, 36.0, 0.9999999999999998),
            (-40, 4.248354255291589e-18, 4.248354255291589e-18),
        ]
        for c in cases {
            let tape = Tape()
            let x = tape.parameter(c.x)
            let y = try call("softplus", x)
            #expect(y.scalarValue == c.value, "softplus(\(c.x))")
            // σ(x) from 1/(1 + e^{−x}): within one unit in the last place.
            let derivative = tape.gradients(of: y).scalar(x)
            #expect(Swift.abs(derivative - c.derivative) <= c.derivative.ulp, "softplus'(\(c.x)) = \(derivative)")
        }
        #expect(try #require(Catalogue.function(named: "softplus")).parameters.map(\.name) == ["beta"])
    }

    @Test func sumAndMeanAlongADimPassGradientsBack() throws {
        let tape = Tape()
        let p = tape.parameter(P)
        let rows = try call("sum", p, keywords: ["dim": 1])
        #expect(rows.value == Tensor(vector: [1, 1.25]))
        let columns = try call("mean", p, keywords: ["dim": 0])
        #expect(columns.value.shape == [3])
        let loss = try (rows * tape.constant(Tensor(vector: [1, 2]))).sum() + columns.sum()
        #expect(tape.gradients(of: loss)[p] == Tensor(shape: [2, 3], scalars: [1.5, 1.5, 1.5, 2.5, 2.5, 2.5]))
        #expect(try call("sum", p).scalarValue == 2.25)
    }

    /// Along a dim the first maximum takes the gradient (the index argmax reports); over all
    /// elements tied maxima share it, as in PyTorch.
    @Test func maxAlongADimAndOverAllElements() throws {
        let tape = Tape()
        let p = tape.parameter(P)
        let rowMax = try p.max(axis: 1)
        #expect(rowMax.value == Tensor(vector: [0.5, 0.5]))
        #expect(tape.gradients(of: rowMax.sum())[p] == Tensor(shape: [2, 3], scalars: [0, 1, 0, 1, 0, 0]))
        let ties = tape.parameter(Tensor(vector: [2, 1, 2]))
        #expect(tape.gradients(of: try ties.max())[ties] == Tensor(vector: [0.5, 0, 0.5]))
        #expect(throws: EngineError.invalidArgument(function: "max", message: "an empty tensor has no elements")) {
            try tape.constant(Tensor(shape: [0], scalars: [])).max()
        }
        #expect(throws: EngineError.invalidArgument(function: "max", message: "dim 0 has no elements")) {
            try tape.constant(Tensor(shape: [0, 2], scalars: [])).max(axis: 0)
        }
        #expect(try p.min(axis: 0).value == Tensor(vector: [0.25, 0.25, 0.25]))
        #expect(try call("argmax", p, keywords: ["dim": 1]).value == Tensor(vector: [1, 0]))
        #expect(try call("argmax", p).scalarValue == 1)
        #expect(tape.gradients(of: try p.argmax(axis: 1).sum())[p] == .zeros([2, 3]))
    }

    @Test func tiesOfMaximumSplitTheGradient() throws {
        let tape = Tape()
        let x = tape.parameter(0)
        let y = try x.maximum(tape.constant(0))
        #expect(tape.gradients(of: y).scalar(x) == 0.5)
    }

    @Test func normAndItsGradientAtZero() throws {
        let tape = Tape()
        let v = tape.parameter(Tensor(vector: [3, 4]))
        let n = try call("norm", v)
        #expect(n.scalarValue == 5)
        #expect(tape.gradients(of: n)[v] == Tensor(vector: [0.6, 0.8]))
        let zero = tape.parameter(Tensor(vector: [0, 0]))
        #expect(tape.gradients(of: try call("norm", zero))[zero] == Tensor(vector: [0, 0]))
        let rows = try call("norm", tape.parameter(Tensor(shape: [2, 2], scalars: [3, 4, 6, 8])), keywords: ["dim": 1])
        #expect(rows.value == Tensor(vector: [5, 10]))
        #expect(try call("norm", tape.constant(Tensor(vector: [3e300, 4e300]))).scalarValue == 5e300)
    }

    @Test func oneHotAndIdentity() throws {
        let tape = Tape()
        let labels = tape.constant(Tensor(vector: [2, 0]))
        #expect(try labels.oneHot(classes: 3).value == Tensor(shape: [2, 3], scalars: [0, 0, 1, 1, 0, 0]))
        #expect(throws: EngineError.invalidArgument(function: "onehot", message: "label 3 (element 1) is not a whole number from 0 to 2")) {
            try tape.constant(Tensor(vector: [0, 3])).oneHot(classes: 3)
        }
        #expect(Tensor.identity(2) == Tensor(shape: [2, 2], scalars: [1, 0, 0, 1]))
    }

    /// Rounding is piecewise constant (derivative 0, halves to even as NumPy); clip passes the
    /// gradient inside [min, max], ends included (torch.clamp).
    @Test func roundingClippingAndLog10() throws {
        let tape = Tape()
        let x = tape.parameter(Tensor(vector: [-0.5, 0.5, 1.5, 2.5, 1]))
        #expect(try call("round", x).value == Tensor(vector: [-0, 0, 2, 2, 1]))
        #expect(try call("floor", x).value == Tensor(vector: [-1, 0, 1, 2, 1]))
        #expect(try call("ceil", x).value == Tensor(vector: [-0, 1, 2, 3, 1]))
        #expect(tape.gradients(of: try call("round", x).sum())[x] == .zeros([5]))
        let clipped = try call("clip", x, keywords: ["min": 0.5, "max": 1.5])
        #expect(clipped.value == Tensor(vector: [0.5, 0.5, 1.5, 1.5, 1]))
        #expect(tape.gradients(of: clipped.sum())[x] == Tensor(vector: [0, 1, 1, 0, 1]))
        #expect(throws: EngineError.invalidArgument(function: "clip", message: "min 2 is larger than max 1")) {
            try call("clip", x, keywords: ["min": 2, "max": 1])
        }
        let comparison = try GradientCheck.compare(at: [Tensor(vector: [0.5, 2, 1000])]) { _, inputs throws(EngineError) in
            let log10 = Catalogue.function(named: "log10")!
            return try log10(inputs[0])
        }
        #expect(comparison.passes(tolerance: 1e-6))
        #expect(try call("log10", tape.constant(1000)).scalarValue == 3)
    }

    @Test func aDimOutOfRangeSaysWhichDimsThereAre() throws {
        let tape = Tape()
        #expect(throws: EngineError.invalidArgument(function: "sum", message: "dim 2 is out of range for rank 2 (it takes -2 to 1)")) {
            try call("sum", tape.constant(P), keywords: ["dim": 2])
        }
    }
}
