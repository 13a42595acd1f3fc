import Foundation
import NNEngine

/// A runtime error before it gets a file; positions are in the block.
struct RuntimeError: Error {
    var position: Position
    var message: String
    var notes: [String] = []
}

/// Something a function value can be: the engine's catalogue, a built-in of the language, a
/// one-line definition of the author's, the derivative of another function, or a model.
indirect enum Callable {
    case catalogue(CatalogueFunction)
    case builtin(String)
    case user(name: String, parameters: [String], body: Expr)
    case derivative(Callable, name: String)
    case model(Model)

    var name: String {
        switch self {
        case .catalogue(let f): return f.name
        case .builtin(let n): return n
        case .user(let n, _, _): return n
        case .derivative(_, let n): return n
        case .model: return "model"
        }
    }
}

/// Every value of the language. Numbers of any rank live on a tape so gradients can be taken
/// for them; everything else is plain data.
enum Value {
    case number(Variable)
    case string(String)
    case bool(Bool)
    case function(Callable)
    case model(Model)
    case dataset(Dataset)
    /// The data of a decision-boundary plot, made by `boundary(model, data)`.
    case boundary(Model, Dataset)

    var typeName: String {
        switch self {
        case .number(let v): return Tensor.describe(shape: v.shape)
        case .string: return "string"
        case .bool: return "boolean"
        case .function: return "function"
        case .model: return "model"
        case .dataset: return "data set"
        case .boundary: return "decision boundary"
        }
    }
}

/// A data set: inputs as rows of `x`, targets in `y` (class indices or values).
struct Dataset {
    var name: String
    var x: Tensor
    var y: Tensor
    /// Class count for classification sets; nil for regression.
    var classes: Int?
}

/// A trained or untrained model: a perceptron or a multilayer perceptron.
final class Model {
    enum Kind { case perceptron, mlp }
    var kind: Kind
    /// Weight matrices (out × in) and bias vectors, layer by layer.
    var weights: [Tensor]
    var biases: [Tensor]
    var activation: String
    var output: String
    var lossHistory: [Double] = []

    init(kind: Kind, weights: [Tensor], biases: [Tensor], activation: String, output: String) {
        self.kind = kind
        self.weights = weights
        self.biases = biases
        self.activation = activation
        self.output = output
    }

    func copy() -> Model {
        let m = Model(kind: kind, weights: weights, biases: biases, activation: activation, output: output)
        m.lossHistory = lossHistory
        return m
    }

    var sizes: [Int] { [weights.first?.shape[1] ?? 0] + weights.map { $0.shape[0] } }
}
