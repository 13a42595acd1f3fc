import Foundation
import NNEngine

/// A runtime error before it gets a file; positions are in the block being run, unless
/// `origin` says otherwise.
struct RuntimeError: Error {
    var position: Position
    var message: String
    var notes: [String] = []
    /// The block that holds `position` when it is not the one being run: the error happened in
    /// the body of a function an earlier block defined.
    var origin: LocationMap? = nil
    /// The calls of the author's functions that led to the error, innermost first.
    var calls: [CallSite] = []

    /// The error leaving the body of a function defined in `definition`, called at `call`: what
    /// had no block yet happened in that body, and the call itself is in the caller's block.
    func leavingFunction(definedIn definition: LocationMap, calledAt call: Position) -> RuntimeError {
        var error = self
        if error.origin == nil { error.origin = definition }
        for index in error.calls.indices where error.calls[index].origin == nil {
            error.calls[index].origin = definition
        }
        error.calls.append(CallSite(position: call, origin: nil))
        return error
    }
}

/// A call of an author's function; `origin` as in `RuntimeError`.
struct CallSite {
    var position: Position
    var origin: LocationMap?
}

/// Something a function value can be: the engine's catalogue, a built-in of the language, a
/// one-line definition of the author's, the derivative of another function, or a model.
indirect enum Callable {
    case catalogue(CatalogueFunction)
    case builtin(String)
    /// `origin`: the block that defined it, where errors in its body are reported.
    case user(name: String, parameters: [String], body: Expr, origin: LocationMap)
    case derivative(Callable, name: String)
    case model(Model)

    var name: String {
        switch self {
        case .catalogue(let f): return f.name
        case .builtin(let n): return n
        case .user(let n, _, _, _): return n
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

/// A perceptron or a multilayer perceptron from the engine, with the loss after every epoch
/// of training so far (a value: `train` returns a new model and leaves its argument alone).
struct Model {
    enum Kind {
        case perceptron(Perceptron)
        case mlp(MLP)
    }

    var kind: Kind
    var lossHistory: [Double] = []

    var sizes: [Int] {
        switch kind {
        case .perceptron(let p): return [p.weights.count, 1]
        case .mlp(let m): return [m.layers.first?.weights.shape[0] ?? 0] + m.layers.map { $0.weights.shape[1] }
        }
    }

    var name: String {
        switch kind {
        case .perceptron: return "perceptron"
        case .mlp: return "mlp"
        }
    }
}
