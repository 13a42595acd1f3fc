import NNEngine

extension Machine {
    /// The model's output for one input vector or a matrix of input rows, computed on a scratch
    /// tape so a chapter's tape does not grow with every prediction.
    func forward(_ model: Model, _ input: Tensor, at position: Position) throws(RuntimeError) -> Tensor {
        let inputs = model.sizes[0]
        guard input.shape.last == inputs, input.rank == 1 || input.rank == 2 else {
            throw RuntimeError(
                position: position,
                message: "the model expects inputs of length \(inputs), got \(Tensor.describe(shape: input.shape))")
        }
        let scratch = Tape()
        let out = try forward(model, scratch.constant(input), tape: scratch, at: position)
        return out.value
    }

    /// Rows in, rows out: `h ← act(h Wᵀ + b)` layer by layer; a vector input gives a vector.
    func forward(_ model: Model, _ input: Variable, parameters: [Variable]? = nil, tape scratch: Tape, at position: Position) throws(RuntimeError) -> Variable {
        var h = input
        let layers = model.weights.count
        for layer in 0..<layers {
            let w = parameters?[2 * layer] ?? scratch.constant(model.weights[layer])
            let b = parameters?[2 * layer + 1] ?? scratch.constant(model.biases[layer])
            let rows = h.shape.count == 2 ? h.shape[0] : 1
            try tick(rows * model.weights[layer].count * 2, at: position)
            try allocate(rows * model.weights[layer].shape[0], at: position)
            let wt = try transposeVariable(w, tape: scratch)
            let z = try engine(position) { () throws(EngineError) in try h.matmul(wt) + b }
            let name = layer == layers - 1 ? model.output : model.activation
            h = try activate(name, z, tape: scratch, at: position)
        }
        return h
    }

    func activate(_ name: String, _ z: Variable, tape scratch: Tape, at position: Position) throws(RuntimeError) -> Variable {
        if name == "identity" { return z }
        if name == "softmax" { return try softmaxRows(z, tape: scratch, at: position) }
        guard let f = Catalogue.function(named: name), f.operandCount == 1, f.parameters.allSatisfy({ $0.defaultValue != nil }) else {
            throw RuntimeError(position: position, message: "unknown activation '\(name)'",
                notes: Suggest.note(for: name, among: Catalogue.names + ["softmax"]).map { [$0] } ?? [])
        }
        return try engine(position) { () throws(EngineError) in try f.apply([z], f.parameters.map { $0.defaultValue! }) }
    }

    /// Row-wise softmax with the max subtracted first (no overflow for large logits).
    func softmaxRows(_ z: Variable, tape scratch: Tape, at position: Position) throws(RuntimeError) -> Variable {
        let value = z.value
        let width = value.shape.last ?? 1
        let rows = value.count / max(width, 1)
        var out = value.scalars
        for r in 0..<rows {
            let slice = out[(r * width)..<((r + 1) * width)]
            let top = slice.max() ?? 0
            var total = 0.0
            for i in (r * width)..<((r + 1) * width) {
                out[i] = (out[i] - top).exp
                total += out[i]
            }
            for i in (r * width)..<((r + 1) * width) { out[i] /= total }
        }
        let y = Tensor(shape: value.shape, scalars: out)
        return scratch.record(y, inputs: [z]) { upstream in
            var g = upstream
            for r in 0..<rows {
                var dot = 0.0
                for i in (r * width)..<((r + 1) * width) { dot += upstream.scalars[i] * out[i] }
                for i in (r * width)..<((r + 1) * width) { g.scalars[i] = out[i] * (upstream.scalars[i] - dot) }
            }
            return [g]
        }
    }

    func transposeVariable(_ w: Variable, tape scratch: Tape) throws(RuntimeError) -> Variable {
        let t = w.value
        let (r, c) = (t.shape[0], t.shape[1])
        func flip(_ x: Tensor, _ r: Int, _ c: Int) -> Tensor {
            var out = [Double](repeating: 0, count: r * c)
            for i in 0..<r { for j in 0..<c { out[j * r + i] = x.scalars[i * c + j] } }
            return Tensor(shape: [c, r], scalars: out)
        }
        return scratch.record(flip(t, r, c), inputs: [w]) { upstream in [flip(upstream, c, r)] }
    }

    func modelField(_ model: Model, _ field: String, at position: Position) throws(RuntimeError) -> Value? {
        switch (model.kind, field) {
        case (.perceptron, "w"): return .number(constant(Tensor(vector: model.weights[0].scalars)))
        case (.perceptron, "b"): return .number(constant(Tensor(model.biases[0].scalars[0])))
        case (_, "history"), (_, "loss"): return .number(constant(Tensor(vector: model.lossHistory)))
        case (_, "sizes"): return .number(constant(Tensor(vector: model.sizes.map(Double.init))))
        default: break
        }
        if field.count >= 2, let layer = Int(field.dropFirst()), layer >= 1, layer <= model.weights.count {
            if field.first == "W" { return .number(constant(model.weights[layer - 1])) }
            if field.first == "b" { return .number(constant(model.biases[layer - 1])) }
        }
        return nil
    }
}

extension Double {
    var exp: Double { Foundation.exp(self) }
}

import Foundation
