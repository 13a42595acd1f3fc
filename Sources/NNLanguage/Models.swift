import Foundation
import NNEngine

extension Machine {
    /// The model's output for one input (a number or vector) or a matrix of input rows. A single
    /// input gives a vector of outputs, or a number when the model has one output, so `net(x)`
    /// can be plotted over x.
    func forward(_ model: Model, _ input: Tensor, at position: Position) throws(RuntimeError) -> Tensor {
        let inputs = model.sizes[0], outputs = model.sizes.last ?? 1
        let rows: Tensor
        switch input.rank {
        case 0 where inputs == 1: rows = Tensor(shape: [1, 1], scalars: input.scalars)
        case 1 where input.shape[0] == inputs: rows = Tensor(shape: [1, inputs], scalars: input.scalars)
        case 2 where input.shape[1] == inputs: rows = input
        default:
            throw RuntimeError(
                position: position,
                message: "the model expects inputs of length \(inputs), got \(Tensor.describe(shape: input.shape))")
        }
        try allocate(rows.shape[0] * outputs, at: position)
        try checkTransient(rows.shape[0] * 2 * model.sizes.reduce(0, +), at: position)
        try tick(rows.shape[0] * Machine.forwardCost(model), at: position)
        let output: Tensor
        switch model.kind {
        case .perceptron(let p):
            output = Tensor(shape: [rows.shape[0], 1], scalars: (0..<rows.shape[0]).map { r in
                p.predict(Array(rows.scalars[(r * inputs)..<((r + 1) * inputs)]))
            })
        case .mlp(let m):
            output = try engine(position) { () throws(EngineError) in try m.predict(rows) }
        }
        if input.rank == 2 { return output }
        return outputs == 1 ? Tensor(output.scalars[0]) : Tensor(vector: output.scalars)
    }

    /// Steps for one input row: a multiply-add per weight and work per unit, so a wide network's
    /// cost is charged (not only its layer sizes).
    static func forwardCost(_ model: Model) -> Int {
        var weights = 0
        for i in 0..<(model.sizes.count - 1) { weights += (model.sizes[i] + 1) * model.sizes[i + 1] }
        return 2 * (weights + model.sizes.reduce(0, +))
    }

    /// The predicted class of each input row (the output above 0.5 for one output, else the
    /// largest output), for accuracy and decision boundaries.
    func classes(_ model: Model, _ inputs: Tensor, at position: Position) throws(RuntimeError) -> [Int] {
        try tick(inputs.shape[0] * Machine.forwardCost(model), at: position)
        try checkTransient(inputs.shape[0] * 2 * model.sizes.reduce(0, +), at: position)
        switch model.kind {
        case .perceptron(let p):
            let width = inputs.shape[1]
            return (0..<inputs.shape[0]).map { r in Int(p.predict(Array(inputs.scalars[(r * width)..<((r + 1) * width)]))) }
        case .mlp(let m):
            return try engine(position) { () throws(EngineError) in try m.predictedClasses(inputs) }
        }
    }

    func modelField(_ model: Model, _ field: String, at position: Position) throws(RuntimeError) -> Value? {
        switch (model.kind, field) {
        case (.perceptron(let p), "w"): return .number(constant(Tensor(vector: p.weights)))
        case (.perceptron(let p), "b"): return .number(constant(Tensor(p.bias)))
        case (_, "history"), (_, "loss"): return .number(constant(Tensor(vector: model.lossHistory)))
        case (_, "sizes"): return .number(constant(Tensor(vector: model.sizes.map(Double.init))))
        case (.mlp(let m), _):
            if field.count >= 2, let layer = Int(field.dropFirst()), layer >= 1, layer <= m.layers.count {
                if field.first == "W" { return .number(constant(m.layers[layer - 1].weights)) }
                if field.first == "b" { return .number(constant(m.layers[layer - 1].bias)) }
            }
        default: break
        }
        return nil
    }
}
