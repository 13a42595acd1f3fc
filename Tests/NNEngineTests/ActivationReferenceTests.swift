import NNEngine
import Testing

/// Every activation, value and derivative, against mpmath at 60 digits over the whole real line
/// (±800, kinks and their neighbours, random points), called by name through the catalogue
/// with the same positional/keyword parameters a chapter would write.
@Suite struct ActivationReferenceTests {
    static let cases = ReferenceData.shared.activations.indices.map { $0 }

    @Test(arguments: cases)
    func valueAndDerivativeMatchReference(caseIndex: Int) throws {
        let reference = ReferenceData.shared.activations[caseIndex]
        let function = try #require(Catalogue.function(named: reference.name), "\(reference.name) not in the catalogue")
        let xs = reference.points.map { number($0.x) }
        let tape = Tape()
        let input = tape.parameter(Tensor(vector: xs))
        let output = try function(
            input, positional: reference.positional.map(number),
            keywords: reference.keywords.mapValues(number))
        let derivatives = tape.gradients(of: output)[input]
        for (i, point) in reference.points.enumerated() {
            let value = output.value.scalars[i], derivative = derivatives.scalars[i]
            // The scalar fast path (a bare-Double node) gives the very same numbers.
            let scalarTape = Tape()
            let x = scalarTape.parameter(xs[i])
            let y = try function(x, positional: reference.positional.map(number), keywords: reference.keywords.mapValues(number))
            #expect(y.scalarValue == value && scalarTape.gradients(of: y).scalar(x) == derivative,
                    "\(reference) scalar path at x=\(point.x)")
            #expect(agrees(value, number(point.value)),
                    "\(reference) value at x=\(point.x): \(value), expected \(point.value)")
            #expect(agrees(derivative, number(point.derivative)),
                    "\(reference) derivative at x=\(point.x)\(point.kink ? " (kink)" : ""): \(derivative), expected \(point.derivative)")
        }
    }

    /// The same derivatives once more by central differences, away from kinks, so a formula and
    /// its reference cannot agree by sharing one mistake.
    @Test(arguments: cases)
    func derivativeMatchesFiniteDifferences(caseIndex: Int) throws {
        let reference = ReferenceData.shared.activations[caseIndex]
        let function = try #require(Catalogue.function(named: reference.name))
        let kinks = reference.points.filter(\.kink).map { number($0.x) }
        let positional = reference.positional.map(number)
        let keywords = reference.keywords.mapValues(number)
        var random = SplitMix64(seed: UInt64(caseIndex + 1))
        var xs: [Double] = []
        while xs.count < 24 {
            let x = random.nextDouble(in: -7...7)
            if kinks.allSatisfy({ Swift.abs($0 - x) > 1e-3 }) { xs.append(x) }
        }
        let comparison = try GradientCheck.compare(at: [Tensor(vector: xs)]) { tape, inputs throws(EngineError) in
            try function(inputs[0], positional: positional, keywords: keywords)
        }
        #expect(comparison.passes(tolerance: 1e-6), "\(reference): \(comparison.maximumError)")
    }

    @Test func softmaxFamilyMatchesReference() throws {
        for reference in ReferenceData.shared.axis {
            let function = try #require(Catalogue.function(named: reference.name))
            let tape = Tape()
            let input = tape.parameter(Tensor(shape: reference.shape, scalars: reference.input.map(number)))
            let output = try function(input, keywords: ["dim": Double(reference.dim)])
            let weights = tape.constant(Tensor(shape: reference.shape, scalars: reference.weights.map(number)))
            let gradient = tape.gradients(of: try (output * weights).sum())[input]
            for i in reference.value.indices {
                #expect(agrees(output.value.scalars[i], number(reference.value[i]), absolute: 1e-16),
                        "\(reference.name) dim \(reference.dim) of \(reference.input) [\(i)]: \(output.value.scalars[i]) vs \(reference.value[i])")
                #expect(agrees(gradient.scalars[i], number(reference.gradient[i])),
                        "\(reference.name) gradient of \(reference.input) [\(i)]: \(gradient.scalars[i]) vs \(reference.gradient[i])")
            }
        }
    }

    @Test func lossesMatchReference() throws {
        for reference in ReferenceData.shared.losses {
            let function = try #require(Catalogue.function(named: reference.name))
            let tape = Tape()
            let prediction = tape.parameter(Tensor(shape: reference.shape, scalars: reference.prediction.map(number)))
            let targetShape = reference.target.count == reference.prediction.count ? reference.shape : [reference.target.count]
            let target = tape.constant(Tensor(shape: targetShape, scalars: reference.target.map(number)))
            let loss = try function(prediction, target)
            #expect(agrees(loss.value.scalars[0], number(reference.value)), "\(reference.name) \(reference.prediction)")
            let gradient = tape.gradients(of: loss)[prediction]
            for i in reference.gradient.indices {
                #expect(agrees(gradient.scalars[i], number(reference.gradient[i]), relative: 1e-11),
                        "\(reference.name) gradient [\(i)]: \(gradient.scalars[i]) vs \(reference.gradient[i])")
            }
        }
    }
}
