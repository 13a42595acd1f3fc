/// Which loss a `Trainer` minimises, comparing the model's output with the data set's targets.
public enum LossFunction: String, Sendable, CaseIterable {
    /// ½Σ(y − t)², the source material's error function.
    case halfSumOfSquares = "half_sum_of_squares"
    case meanSquaredError = "mse_loss"
    /// Outputs are probabilities (sigmoid last layer); targets 0/1.
    case binaryCrossEntropy = "binary_cross_entropy"
    /// Outputs are logits (identity last layer); targets are the data set's class labels.
    case softmaxCrossEntropy = "cross_entropy"

    public func callAsFunction(_ output: Variable, targets: Tensor, labels: [Int]) throws(EngineError) -> Variable {
        let t = output.tape.data(targets)
        switch self {
        case .halfSumOfSquares: return try Losses.halfSumOfSquares(output, t)
        case .meanSquaredError: return try Losses.meanSquaredError(output, t)
        case .binaryCrossEntropy: return try Losses.binaryCrossEntropy(output, t)
        case .softmaxCrossEntropy:
            return labels.isEmpty
                ? try Losses.softmaxCrossEntropy(logits: output, probabilities: t)
                : try Losses.softmaxCrossEntropy(logits: output, labels: labels)
        }
    }
}

/// Stochastic gradient descent, optionally with (heavy-ball) momentum, as PyTorch's `SGD`:
/// v ← μ·v + g, w ← w − η·v (plain SGD when μ = 0).
public struct SGD: Sendable {
    public var learningRate: Double
    public var momentum: Double
    /// One velocity per parameter, created on the first step.
    public private(set) var velocities: [Tensor] = []

    public init(learningRate: Double, momentum: Double = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// Updates `parameters` in place from their gradients.
    public mutating func step(_ parameters: inout [Tensor], gradients: [Tensor]) {
        precondition(parameters.count == gradients.count, "one gradient per parameter")
        if momentum == 0 {
            for i in parameters.indices { parameters[i].addInPlace(gradients[i], times: -learningRate) }
            return
        }
        if velocities.isEmpty {
            velocities = gradients
        } else {
            for i in velocities.indices {
                velocities[i].scaleInPlace(momentum)
                velocities[i].addInPlace(gradients[i])
            }
        }
        for i in parameters.indices { parameters[i].addInPlace(velocities[i], times: -learningRate) }
    }
}

/// Gradient clipping by global norm, as PyTorch's `clip_grad_norm_`.
public enum GradientClipping {
    /// The L2 norm of all gradients taken together.
    public static func globalNorm(_ gradients: [Tensor]) -> Double {
        var total = 0.0
        for g in gradients { for x in g.scalars { total += x * x } }
        return total.squareRoot()
    }

    /// Scales every gradient by maxNorm/norm when the global norm exceeds `maxNorm`, keeping the
    /// direction. - Returns: the norm before clipping (what a training log shows).
    @discardableResult
    public static func clipByNorm(_ gradients: inout [Tensor], maxNorm: Double) -> Double {
        let norm = globalNorm(gradients)
        if norm > maxNorm {
            let factor = maxNorm / (norm + 1e-6)
            for i in gradients.indices { gradients[i].scaleInPlace(factor) }
        }
        return norm
    }
}

/// Trains an `MLP` on a `Dataset` and keeps what a chapter shows: the loss after every epoch,
/// the final weights, accuracy and predictions.
///
/// One tape is reused for every step and truncated back to empty afterwards, so memory stays
/// flat however many epochs run.
public struct Trainer {
    public var model: MLP
    public var optimizer: SGD
    public var loss: LossFunction
    /// Clip gradients to this global norm before each step (nil: no clipping).
    public var clipNorm: Double?
    /// Loss before each update step, in order (for full-batch training, one per epoch).
    public private(set) var lossHistory: [Double] = []
    private let tape = Tape()

    public init(model: MLP, optimizer: SGD, loss: LossFunction, clipNorm: Double? = nil) {
        self.model = model
        self.optimizer = optimizer
        self.loss = loss
        self.clipNorm = clipNorm
    }

    /// One forward + backward + update on `inputs`. - Returns: the loss before the update.
    @discardableResult
    public mutating func step(inputs: Tensor, targets: Tensor, labels: [Int] = []) throws(EngineError) -> Double {
        defer { tape.truncate(to: 0) }
        let x = tape.data(inputs)
        var parameters = model.parameters
        let variables = parameters.map { tape.parameter($0) }
        let output = try model.forward(x, parameters: variables)
        let value = try loss(output, targets: targets, labels: labels)
        let gradients = tape.gradients(of: value)
        var grads = variables.map { gradients[$0] }
        if let clipNorm { GradientClipping.clipByNorm(&grads, maxNorm: clipNorm) }
        optimizer.step(&parameters, gradients: grads)
        model.parameters = parameters
        let result = value.value.scalars[0]
        lossHistory.append(result)
        return result
    }

    /// Trains for `epochs` passes over `data`: full batch when `batchSize` is nil, else shuffled
    /// mini-batches drawn from `seed`. - Returns: the loss history so far.
    @discardableResult
    public mutating func train(
        on data: Dataset, epochs: Int, batchSize: Int? = nil, seed: UInt64 = 0
    ) throws(EngineError) -> [Double] {
        guard let batchSize, batchSize < data.count else {
            for _ in 0..<epochs { try step(inputs: data.inputs, targets: data.targets, labels: data.labels) }
            return lossHistory
        }
        var random = Xoshiro256(seed: seed)
        let features = data.featureCount, outputs = data.targets.shape[1]
        for _ in 0..<epochs {
            let order = random.permutation(data.count)
            var start = 0
            while start < order.count {
                let rows = order[start..<Swift.min(start + batchSize, order.count)]
                var x: [Double] = [], t: [Double] = [], labels: [Int] = []
                for r in rows {
                    x += data.inputs.scalars[(r * features)..<((r + 1) * features)]
                    t += data.targets.scalars[(r * outputs)..<((r + 1) * outputs)]
                    if !data.labels.isEmpty { labels.append(data.labels[r]) }
                }
                try step(
                    inputs: Tensor(shape: [rows.count, features], scalars: x),
                    targets: Tensor(shape: [rows.count, outputs], scalars: t), labels: labels)
                start += batchSize
            }
        }
        return lossHistory
    }

    /// The current loss on `data` without training.
    public func evaluate(on data: Dataset) throws(EngineError) -> Double {
        let tape = Tape()
        let output = try model.forward(tape.constant(data.inputs), parameters: model.parameters.map { tape.constant($0) })
        return try loss(output, targets: data.targets, labels: data.labels).value.scalars[0]
    }

    /// Fraction of samples whose predicted class is their label.
    public func accuracy(on data: Dataset) throws(EngineError) -> Double {
        let predicted = try model.predictedClasses(data.inputs)
        let correct = zip(predicted, data.labels).filter { $0 == $1 }.count
        return Double(correct) / Double(Swift.max(data.labels.count, 1))
    }
}

/// Rosenblatt's perceptron: step(w·x + b), trained by w ← w + η(t − y)x, b ← b + η(t − y).
/// It converges on every linearly separable gate and never on XOR, which the course shows.
public struct Perceptron: Sendable {
    public var weights: [Double]
    public var bias: Double

    public init(weights: [Double], bias: Double = 0) {
        self.weights = weights
        self.bias = bias
    }

    public init(inputs: Int) { self.init(weights: [Double](repeating: 0, count: inputs)) }

    /// 1 when w·x + b > 0, else 0 (the step function).
    public func predict(_ x: [Double]) -> Double {
        var sum = bias
        for (w, v) in zip(weights, x) { sum += w * v }
        return sum > 0 ? 1 : 0
    }

    /// One pass of the learning rule over every sample in order. - Returns: how many were wrong.
    @discardableResult
    public mutating func trainEpoch(on data: Dataset, learningRate: Double = 1) -> Int {
        var mistakes = 0
        let features = data.featureCount
        for i in 0..<data.count {
            let x = Array(data.inputs.scalars[(i * features)..<((i + 1) * features)])
            let error = data.targets.scalars[i] - predict(x)
            if error != 0 {
                mistakes += 1
                for j in weights.indices { weights[j] += learningRate * error * x[j] }
                bias += learningRate * error
            }
        }
        return mistakes
    }

    /// Trains until an epoch has no mistakes or `maxEpochs` pass. - Returns: mistakes per epoch.
    @discardableResult
    public mutating func train(on data: Dataset, learningRate: Double = 1, maxEpochs: Int = 100) -> [Int] {
        var history: [Int] = []
        for _ in 0..<maxEpochs {
            let mistakes = trainEpoch(on: data, learningRate: learningRate)
            history.append(mistakes)
            if mistakes == 0 { break }
        }
        return history
    }
}

extension Tensor {
    mutating func scaleInPlace(_ factor: Double) {
        scalars.withUnsafeMutableBufferPointer { s in
            for i in s.indices { s[i] *= factor }
        }
    }
}
