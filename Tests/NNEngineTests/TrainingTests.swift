#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NNEngine
import Testing

@Suite struct RandomTests {
    /// Both generators against the reference implementations transcribed in the generator script.
    @Test func generatorsMatchReferenceStreams() {
        for (seed, expected) in ReferenceData.shared.random.splitmix64 {
            var g = SplitMix64(seed: UInt64(seed)!)
            #expect((0..<expected.count).map { _ in String(g.next()) } == expected, "SplitMix64 seed \(seed)")
        }
        for (seed, expected) in ReferenceData.shared.random.xoshiro256 {
            var g = Xoshiro256(seed: UInt64(seed)!)
            #expect((0..<expected.count).map { _ in String(g.next()) } == expected, "xoshiro256** seed \(seed)")
        }
    }

    @Test func deterministicFunctionsAgreeWithTheCLibrary() {
        var g = Xoshiro256(seed: 7)
        for _ in 0..<2000 {
            let x = g.nextDouble(in: -20...20)
            #expect(Swift.abs(Deterministic.sin(x) - sin(x)) <= 4e-16 * Swift.max(1, Swift.abs(x)))
            #expect(Swift.abs(Deterministic.cos(x) - cos(x)) <= 4e-16 * Swift.max(1, Swift.abs(x)))
            let y = Swift.abs(x) * 1e3 + 1e-300
            #expect(agrees(Deterministic.log(y), log(y), relative: 4e-16, absolute: 4e-16))
        }
    }

    @Test func normalDeviatesHaveUnitMomentsAndUniformsStayInRange() {
        var g = Xoshiro256(seed: 3)
        let n = 40000
        let samples = (0..<n).map { _ in g.nextNormal() }
        let mean = samples.reduce(0, +) / Double(n)
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        #expect(Swift.abs(mean) < 4 / Double(n).squareRoot())  // 4 standard errors
        #expect(Swift.abs(variance - 1) < 0.03)
        let uniforms = (0..<n).map { _ in g.nextDouble(in: -2...3) }
        #expect(uniforms.allSatisfy { (-2...3).contains($0) })
        #expect(Set(g.permutation(50)) == Set(0..<50))
    }

    @Test func initializersHaveTheirDefiningSpread() {
        var g = Xoshiro256(seed: 11)
        func spread(_ t: Tensor) -> Double {
            (t.scalars.map { $0 * $0 }.reduce(0, +) / Double(t.count)).squareRoot()
        }
        let (fanIn, fanOut) = (300, 200)
        let xavier = Initializer.xavierNormal.weights(fanIn: fanIn, fanOut: fanOut, using: &g)
        #expect(Swift.abs(spread(xavier) / (2.0 / Double(fanIn + fanOut)).squareRoot() - 1) < 0.02)
        let he = Initializer.heNormal.weights(fanIn: fanIn, fanOut: fanOut, using: &g)
        #expect(Swift.abs(spread(he) / (2.0 / Double(fanIn)).squareRoot() - 1) < 0.02)
        let bound = (6.0 / Double(fanIn + fanOut)).squareRoot()
        let uniform = Initializer.xavierUniform.weights(fanIn: fanIn, fanOut: fanOut, using: &g)
        #expect(uniform.scalars.allSatisfy { Swift.abs($0) <= bound })
        #expect(Swift.abs(spread(uniform) / (bound / 3.0.squareRoot()) - 1) < 0.02)
        #expect(uniform.shape == [fanIn, fanOut])
    }

    @Test func sameSeedSameModelDifferentSeedDifferentModel() {
        let a = MLP(sizes: [2, 10, 3], hidden: .relu, seed: 5)
        let b = MLP(sizes: [2, 10, 3], hidden: .relu, seed: 5)
        let c = MLP(sizes: [2, 10, 3], hidden: .relu, seed: 6)
        #expect(a.parameters == b.parameters)
        #expect(a.parameters != c.parameters)
        #expect(a.parameterCount == 2 * 10 + 10 + 10 * 3 + 3)
    }
}

@Suite struct DatasetTests {
    @Test(arguments: Dataset.Gate.allCases)
    func gateTruthTables(gate: Dataset.Gate) {
        let data = Dataset.logicGate(gate)
        #expect(data.inputs.shape == [4, 2] && data.targets.shape == [4, 1])
        for i in 0..<4 {
            let a = data.inputs.scalars[2 * i] == 1, b = data.inputs.scalars[2 * i + 1] == 1
            #expect(data.targets.scalars[i] == (gate.output(a, b) ? 1 : 0))
        }
    }

    @Test func spiralHasItsShapeAndIsSeeded() {
        let data = Dataset.spiral(pointsPerClass: 100, classes: 3, seed: 0)
        #expect(data.inputs.shape == [300, 2] && data.targets.shape == [300, 3])
        #expect((0..<3).allSatisfy { k in data.labels.filter { $0 == k }.count == 100 })
        for i in 0..<300 {
            let r = (data.inputs.scalars[2 * i] * data.inputs.scalars[2 * i] + data.inputs.scalars[2 * i + 1] * data.inputs.scalars[2 * i + 1]).squareRoot()
            // Radius runs 0…1 along each arm.
            #expect(Swift.abs(r - Double(i % 100) / 99) < 1e-12)
            #expect(data.targets.scalars[3 * i + data.labels[i]] == 1)
        }
        #expect(Dataset.spiral(seed: 0).inputs == data.inputs)
        #expect(Dataset.spiral(seed: 1).inputs != data.inputs)
    }

    @Test func sineFollowsTheCurve() {
        let data = Dataset.sine(count: 50)
        #expect(data.inputs.shape == [50, 1])
        for i in 0..<50 { #expect(Swift.abs(data.targets.scalars[i] - sin(data.inputs.scalars[i])) < 1e-15) }
        let noisy = Dataset.sine(count: 50, noise: 0.1, seed: 2)
        #expect(noisy.targets != data.targets && noisy.inputs == data.inputs)
    }

    @Test func gridCoversTheRectangle() {
        let grid = Dataset.grid(x: -1...1, y: 0...2, steps: 5)
        #expect(grid.shape == [25, 2])
        #expect(Array(grid.scalars.prefix(4)) == [-1, 0, -0.5, 0])
        #expect(Array(grid.scalars.suffix(2)) == [1, 2])
    }
}

@Suite struct TrainingTests {
    /// SGD (plain and momentum) and global-norm clipping, step by step against PyTorch's
    /// `torch.optim.SGD` and `clip_grad_norm_` on the same quadratic-plus-quartic loss.
    @Test func sgdAndClippingFollowPyTorch() throws {
        for reference in ReferenceData.shared.optimisers {
            var parameters = [Tensor(vector: reference.initial.map(number))]
            let centre = Tensor(vector: reference.centre.map(number))
            let curvature = Tensor(vector: reference.curvature.map(number))
            var sgd = SGD(learningRate: number(reference.learning_rate), momentum: number(reference.momentum))
            for step in 0..<reference.steps {
                let tape = Tape()
                let w = tape.parameter(parameters[0])
                let d = try w - tape.constant(centre)
                let quadratic = try (d * d * tape.constant(curvature)).sum().scaled(by: 0.5)
                let quartic = try (w * w * w * w).sum().scaled(by: 0.25)
                let loss = try quadratic + quartic
                #expect(agrees(loss.value.scalars[0], number(reference.losses[step]), relative: 1e-13),
                        "momentum \(reference.momentum) clip \(reference.clip ?? "none") step \(step)")
                var gradients = [tape.gradients(of: loss)[w]]
                if let clip = reference.clip { GradientClipping.clipByNorm(&gradients, maxNorm: number(clip)) }
                sgd.step(&parameters, gradients: gradients)
            }
            for (value, expected) in zip(parameters[0].scalars, reference.final.map(number)) {
                #expect(agrees(value, expected, relative: 1e-13))
            }
        }
    }

    @Test func clippingKeepsDirectionAndCapsNorm() {
        var gradients = [Tensor(vector: [3, 4]), Tensor(vector: [12])]
        let before = GradientClipping.clipByNorm(&gradients, maxNorm: 1)
        #expect(before == 13)
        #expect(Swift.abs(GradientClipping.globalNorm(gradients) - 1) < 1e-6)
        #expect(Swift.abs(gradients[0].scalars[0] / gradients[0].scalars[1] - 0.75) < 1e-15)
        var small = [Tensor(vector: [0.1])]
        GradientClipping.clipByNorm(&small, maxNorm: 1)
        #expect(small[0].scalars == [0.1])
    }

    @Test(arguments: Dataset.Gate.allCases)
    func perceptronLearnsExactlyTheSeparableGates(gate: Dataset.Gate) {
        let data = Dataset.logicGate(gate)
        var perceptron = Perceptron(inputs: 2)
        let history = perceptron.train(on: data, learningRate: 1, maxEpochs: 100)
        #expect((history.last == 0) == gate.isLinearlySeparable, "\(gate): mistakes per epoch \(history)")
        if gate.isLinearlySeparable {
            for i in 0..<4 {
                let x = Array(data.inputs.scalars[(2 * i)..<(2 * i + 2)])
                #expect(perceptron.predict(x) == data.targets.scalars[i])
            }
        }
    }

    @Test func mlpLearnsXOR() throws {
        let data = Dataset.logicGate(.xor)
        let model = MLP(sizes: [2, 4, 1], hidden: .tanh, output: .sigmoid, initializer: .xavierNormal, seed: 1)
        var trainer = Trainer(model: model, optimizer: SGD(learningRate: 0.5, momentum: 0.9), loss: .binaryCrossEntropy)
        let history = try trainer.train(on: data, epochs: 1000)
        #expect(history.count == 1000)
        #expect(history.last! < 0.05 && history.last! < history.first!)
        #expect(try trainer.accuracy(on: data) == 1)
        #expect(agrees(try trainer.evaluate(on: data), try trainer.evaluate(on: data)))
    }

    /// The benchmark's configuration: 2-10-3 ReLU, softmax cross-entropy, full batch, lr 1.
    @Test func mlpSeparatesTheSpiralBetterThanChance() throws {
        let data = Dataset.spiral()
        let model = MLP(sizes: [2, 10, 3], hidden: .relu, initializer: .heNormal, seed: 0)
        var trainer = Trainer(model: model, optimizer: SGD(learningRate: 1), loss: .softmaxCrossEntropy)
        let history = try trainer.train(on: data, epochs: 500)
        #expect(history.last! < 0.8 * history.first!)
        #expect(try trainer.accuracy(on: data) > 0.6)
        // The decision-boundary grid gives one class per point.
        let classes = try trainer.model.predictedClasses(Dataset.grid(x: -1...1, y: -1...1, steps: 20))
        #expect(classes.count == 400 && Set(classes).isSubset(of: [0, 1, 2]))
    }

    @Test func miniBatchesAndClippingStillReduceTheLoss() throws {
        let data = Dataset.sine(count: 40)
        let model = MLP(sizes: [1, 16, 1], hidden: .tanh, initializer: .xavierUniform, seed: 2)
        var trainer = Trainer(
            model: model, optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .meanSquaredError, clipNorm: 5)
        let before = try trainer.evaluate(on: data)
        try trainer.train(on: data, epochs: 300, batchSize: 8, seed: 4)
        #expect(trainer.lossHistory.count == 300 * 5)
        #expect(try trainer.evaluate(on: data) < 0.1 * before)
    }
}
