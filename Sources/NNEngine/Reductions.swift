#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reductions along an axis, their index counterparts, and the constant tensors a softmax
/// chapter builds (one-hot targets, identity matrices). Ties follow PyTorch: a reduction over
/// all elements splits the gradient evenly among the tied maxima; along an axis it goes to the
/// first one (the index `argmax` reports).
extension Variable {
    /// Largest element of the whole tensor; tied maxima share the gradient evenly.
    /// - Throws: for an empty tensor, which has none.
    public func max() throws(EngineError) -> Variable { try extreme(larger: true) }

    /// Smallest element of the whole tensor; tied minima share the gradient evenly.
    public func min() throws(EngineError) -> Variable { try extreme(larger: false) }

    private func extreme(larger: Bool) throws(EngineError) -> Variable {
        let v = value
        guard let best = larger ? v.scalars.max() : v.scalars.min() else {
            throw .invalidArgument(function: larger ? "max" : "min", message: "an empty tensor has no elements")
        }
        let ties = v.scalars.indices.filter { v.scalars[$0] == best }
        let shape = v.shape
        return tape.record(Tensor(best), inputs: [self]) { upstream in
            var g = Tensor.zeros(shape)
            for i in ties { g.scalars[i] = upstream.scalars[0] / Double(ties.count) }
            return [g]
        }
    }

    /// Largest element along `axis` (the axis is removed); the gradient goes to the first maximum.
    public func max(axis: Int) throws(EngineError) -> Variable { try extreme(axis: axis, larger: true, function: "max") }

    /// Smallest element along `axis`; the gradient goes to the first minimum.
    public func min(axis: Int) throws(EngineError) -> Variable { try extreme(axis: axis, larger: false, function: "min") }

    private func extreme(axis: Int, larger: Bool, function: String) throws(EngineError) -> Variable {
        let v = value
        let picks = try v.extremeIndices(axis: axis, larger: larger, function: function)
        let out = picks.indices.map { v.scalars[$0] }
        let inputShape = v.shape
        return tape.record(Tensor(shape: picks.shape, scalars: out), inputs: [self]) { upstream in
            var g = Tensor.zeros(inputShape)
            for (k, i) in picks.indices.enumerated() { g.scalars[i] += upstream.scalars[k] }
            return [g]
        }
    }

    /// Index of the first maximum along `axis`, or in the flattened tensor when `axis` is nil
    /// (as `torch.argmax`). Indices are piecewise constant, so no gradient flows back.
    public func argmax(axis: Int? = nil) throws(EngineError) -> Variable {
        let v = value
        guard let axis else {
            guard v.count > 0 else { throw .invalidArgument(function: "argmax", message: "an empty tensor has no elements") }
            let best = v.scalars.indices.max { v.scalars[$0] < v.scalars[$1] || (v.scalars[$0] == v.scalars[$1] && $0 > $1) }!
            return tape.record(Tensor(Double(best)), .detached, self)
        }
        let picks = try v.extremeIndices(axis: axis, larger: true, function: "argmax")
        return tape.record(Tensor(shape: picks.shape, scalars: picks.positions.map(Double.init)), .detached, self)
    }

    /// Euclidean length √Σx² of the whole tensor, or of each slice along `axis`; computed as
    /// m·√Σ(x/m)² with m = max|x|, so 1e300 does not overflow. Its gradient x/‖x‖ is taken as 0
    /// where ‖x‖ = 0 (PyTorch's choice), never NaN.
    public func norm(axis: Int? = nil) throws(EngineError) -> Variable {
        let v = value
        let (outer, length, inner) = axis == nil
            ? (1, v.count, 1) : v.split(at: try Tensor.normalize(axis: axis!, rank: v.rank, function: "norm"))
        var shape = v.shape
        if let axis { shape.remove(at: axis < 0 ? axis + v.rank : axis) } else { shape = [] }
        var norms = [Double](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                let slice = (0..<length).map { v.scalars[(o * length + $0) * inner + i] }
                let m = slice.map { Swift.abs($0) }.max() ?? 0
                norms[o * inner + i] = m == 0 || !m.isFinite ? m : m * slice.reduce(0) { $0 + ($1 / m) * ($1 / m) }.squareRoot()
            }
        }
        let inputShape = v.shape
        return tape.record(Tensor(shape: shape, scalars: norms), inputs: [self]) { upstream in
            var g = Tensor.zeros(inputShape)
            for o in 0..<outer {
                for i in 0..<inner where norms[o * inner + i] > 0 {
                    for l in 0..<length {
                        let k = (o * length + l) * inner + i
                        g.scalars[k] = upstream.scalars[o * inner + i] * (v.scalars[k] / norms[o * inner + i])
                    }
                }
            }
            return [g]
        }
    }

    /// Row i is the one-hot encoding of label i: 1 in column `labels[i]`, 0 elsewhere.
    /// - Throws: when a label is not a whole number in 0 ..< classes.
    public func oneHot(classes: Int) throws(EngineError) -> Variable {
        let labels = value
        guard labels.rank <= 1 else {
            throw .invalidArgument(function: "onehot", message: "labels must be a vector, got \(Tensor.describe(shape: labels.shape))")
        }
        guard classes >= 1 else { throw .invalidArgument(function: "onehot", message: "classes must be at least 1, got \(classes)") }
        var out = [Double](repeating: 0, count: labels.count * classes)
        for (row, label) in labels.scalars.enumerated() {
            guard label == label.rounded(), label >= 0, label < Double(classes) else {
                throw .invalidArgument(
                    function: "onehot",
                    message: "label \(Tensor.format(label)) (element \(row)) is not a whole number from 0 to \(classes - 1)")
            }
            out[row * classes + Int(label)] = 1
        }
        let shape = labels.rank == 0 ? [classes] : [labels.count, classes]
        return tape.record(Tensor(shape: shape, scalars: out), .detached, self)
    }
}

extension Tensor {
    /// The n × n identity matrix.
    public static func identity(_ n: Int) -> Tensor {
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n { out[i * n + i] = 1 }
        return Tensor(shape: [n, n], scalars: out)
    }

    /// A label as it reads in a message (`2`, `0.5`).
    static func format(_ x: Double) -> String {
        x == x.rounded() && Swift.abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }

    /// For each slice along `axis`: the flat index of its first extreme element and that
    /// element's position along the axis; `shape` is the input's shape without the axis.
    func extremeIndices(axis: Int, larger: Bool, function: String) throws(EngineError) -> (indices: [Int], positions: [Int], shape: [Int]) {
        let a = try Tensor.normalize(axis: axis, rank: rank, function: function)
        let (outer, length, inner) = split(at: a)
        guard length > 0 else { throw .invalidArgument(function: function, message: "dim \(axis) has no elements") }
        var indices: [Int] = [], positions: [Int] = []
        indices.reserveCapacity(outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = 0
                for l in 1..<length {
                    let x = scalars[(o * length + l) * inner + i], b = scalars[(o * length + best) * inner + i]
                    if larger ? x > b : x < b { best = l }
                }
                indices.append((o * length + best) * inner + i)
                positions.append(best)
            }
        }
        var shape = self.shape
        shape.remove(at: a)
        return (indices, positions, shape)
    }
}
