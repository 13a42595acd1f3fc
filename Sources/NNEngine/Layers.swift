#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a layer's starting weights are drawn. The scale keeps activations from shrinking or
/// exploding layer after layer: Glorot for sigmoid/tanh, He for ReLU.
public enum Initializer: Sendable, Hashable {
    /// N(0, 2/(fanIn + fanOut)) (Glorot & Bengio 2010).
    case xavierNormal
    /// U(−a, a), a = √(6/(fanIn + fanOut)).
    case xavierUniform
    /// N(0, 2/fanIn) (He et al. 2015), for ReLU layers.
    case heNormal
    /// Every weight the same value (biases, and the source material's hand-set examples).
    case constant(Double)

    /// A `[fanIn, fanOut]` weight matrix drawn from `generator`.
    public func weights(fanIn: Int, fanOut: Int, using generator: inout some SeededGenerator) -> Tensor {
        let n = fanIn * fanOut
        var values = [Double](repeating: 0, count: n)
        switch self {
        case .xavierNormal:
            let sd = (2 / Double(fanIn + fanOut)).squareRoot()
            for i in 0..<n { values[i] = generator.nextNormal(standardDeviation: sd) }
        case .xavierUniform:
            let a = (6 / Double(fanIn + fanOut)).squareRoot()
            for i in 0..<n { values[i] = generator.nextDouble(in: -a...a) }
        case .heNormal:
            let sd = (2 / Double(fanIn)).squareRoot()
            for i in 0..<n { values[i] = generator.nextNormal(standardDeviation: sd) }
        case .constant(let c):
            for i in 0..<n { values[i] = c }
        }
        return Tensor(shape: [fanIn, fanOut], scalars: values)
    }
}

/// A fully connected layer, `activation(x·W + b)` with samples as rows of x: W is
/// `[inputs, outputs]` and b is `[outputs]`, broadcast over the batch.
public struct Dense: Sendable {
    public var weights: Tensor
    public var bias: Tensor
    public var activation: Activation

    public init(weights: Tensor, bias: Tensor, activation: Activation) {
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    public init(
        inputs: Int, outputs: Int, activation: Activation, initializer: Initializer,
        using generator: inout some SeededGenerator
    ) {
        self.init(
            weights: initializer.weights(fanIn: inputs, fanOut: outputs, using: &generator),
            bias: .zeros([outputs]), activation: activation)
    }

    /// The layer on a tape, with its weights and bias given as variables (so gradients reach them).
    public func callAsFunction(_ x: Variable, weights w: Variable, bias b: Variable) throws(EngineError) -> Variable {
        try x.linear(w, bias: b).activated(activation)
    }
}

/// A multilayer perceptron: `Dense` layers applied in order.
public struct MLP: Sendable {
    public var layers: [Dense]

    public init(layers: [Dense]) { self.layers = layers }

    /// Layers of `sizes[0] → sizes[1] → …`, `hidden` after every layer but the last, `output`
    /// after the last; weights from `initializer`, biases zero, all drawn from `seed`.
    public init(
        sizes: [Int], hidden: Activation, output: Activation = .identity,
        initializer: Initializer = .xavierNormal, seed: UInt64 = 0
    ) {
        precondition(sizes.count >= 2, "an MLP needs an input and an output size")
        var generator = Xoshiro256(seed: seed)
        layers = (0..<(sizes.count - 1)).map { i in
            Dense(
                inputs: sizes[i], outputs: sizes[i + 1], activation: i == sizes.count - 2 ? output : hidden,
                initializer: initializer, using: &generator)
        }
    }

    /// Every weight and bias, in order (W₁, b₁, W₂, b₂, …): what an optimiser updates.
    public var parameters: [Tensor] {
        get { layers.flatMap { [$0.weights, $0.bias] } }
        set {
            precondition(newValue.count == 2 * layers.count, "expected \(2 * layers.count) tensors")
            for i in layers.indices {
                layers[i].weights = newValue[2 * i]
                layers[i].bias = newValue[2 * i + 1]
            }
        }
    }

    public var parameterCount: Int { layers.reduce(0) { $0 + $1.weights.count + $1.bias.count } }

    /// The forward pass on a tape, given the parameters as variables (in `parameters` order).
    public func forward(_ x: Variable, parameters: [Variable]) throws(EngineError) -> Variable {
        var h = x
        for (i, layer) in layers.enumerated() {
            h = try layer(h, weights: parameters[2 * i], bias: parameters[2 * i + 1])
        }
        return h
    }

    /// Outputs for `inputs` (`[samples, features]`), without keeping a graph.
    public func predict(_ inputs: Tensor) throws(EngineError) -> Tensor {
        let tape = Tape()
        return try forward(tape.constant(inputs), parameters: parameters.map { tape.constant($0) }).value
    }

    /// The class with the largest output for each row: accuracy and decision-boundary plots.
    public func predictedClasses(_ inputs: Tensor) throws(EngineError) -> [Int] {
        let out = try predict(inputs)
        let width = out.rank == 2 ? out.shape[1] : 1
        return (0..<(out.count / width)).map { row in
            if width == 1 { return out.scalars[row] > 0.5 ? 1 : 0 }
            var best = 0
            for j in 1..<width where out.scalars[row * width + j] > out.scalars[row * width + best] { best = j }
            return best
        }
    }
}
