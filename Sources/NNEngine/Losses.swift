#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loss functions: a prediction and a target in, one differentiable scalar out.
///
/// Each is a single tape node with its own backward rule, so training records a handful of
/// nodes per step and the classic stable forms (log-sum-exp) are used throughout.
public enum Losses {
    /// ½Σ(y − t)², the source material's squared error: its gradient is exactly y − t.
    public static func halfSumOfSquares(_ prediction: Variable, _ target: Variable) throws(EngineError) -> Variable {
        try squaredError(prediction, target, scale: 0.5, name: "half_sum_of_squares")
    }

    /// Mean of (y − t)² over every element (PyTorch `mse_loss`, reduction 'mean').
    public static func meanSquaredError(_ prediction: Variable, _ target: Variable) throws(EngineError) -> Variable {
        let count = Broadcast.shape(prediction.shape, target.shape).map { $0.reduce(1, *) } ?? 1
        return try squaredError(prediction, target, scale: 1 / Double(count), name: "mse_loss")
    }

    private static func squaredError(_ y: Variable, _ t: Variable, scale: Double, name: String) throws(EngineError) -> Variable {
        guard y.shape == t.shape || Broadcast.shape(y.shape, t.shape) != nil else {
            throw .shapeMismatch(operation: name, lhs: y.shape, rhs: t.shape)
        }
        let difference = try y - t
        return try (difference * difference).sum().scaled(by: scale)
    }

    /// −mean(t·log p + (1 − t)·log(1 − p)) for probabilities p, each log clamped at −100 as
    /// PyTorch does, so p = 0 or 1 gives a large finite loss instead of ∞.
    public static func binaryCrossEntropy(_ probability: Variable, _ target: Variable) throws(EngineError) -> Variable {
        let p = probability.value, t = target.value
        guard p.shape == t.shape else {
            throw .shapeMismatch(operation: "binary_cross_entropy", lhs: p.shape, rhs: t.shape)
        }
        let n = Double(p.count)
        var total = 0.0
        for i in 0..<p.count {
            let logP = Swift.max(Glibc.log(p.scalars[i]), -100)
            let log1mP = Swift.max(log1p(-p.scalars[i]), -100)
            total -= t.scalars[i] * logP + (1 - t.scalars[i]) * log1mP
        }
        return probability.tape.record(Tensor(total / n), inputs: [probability, target]) { upstream in
            let g = upstream.scalars[0] / n
            var dp = [Double](repeating: 0, count: p.count)
            for i in 0..<p.count {
                let x = p.scalars[i]
                // PyTorch clamps the denominator p(1 − p) at 1e-12.
                dp[i] = g * (x - t.scalars[i]) / Swift.max(x * (1 - x), 1e-12)
            }
            return [Tensor(shape: p.shape, scalars: dp), .zeros(t.shape)]
        }
    }

    /// Softmax cross-entropy of logits against class labels, averaged over the batch, computed
    /// with log-sum-exp so logits of any size are exact. Logits are `[C]` (one sample) or `[N, C]`.
    /// - Throws: when a label is outside 0..<C or the label count is not N.
    public static func softmaxCrossEntropy(logits: Variable, labels: [Int]) throws(EngineError) -> Variable {
        let z = logits.value
        let (n, c) = z.rank == 1 ? (1, z.count) : z.rank == 2 ? (z.shape[0], z.shape[1]) : (-1, -1)
        guard n >= 0, labels.count == n else {
            throw .shapeMismatch(operation: "cross_entropy", lhs: z.shape, rhs: [labels.count])
        }
        for label in labels where label < 0 || label >= c {
            throw .invalidArgument(function: "cross_entropy", message: "class \(label) is out of range 0..<\(c)")
        }
        var target = [Double](repeating: 0, count: n * c)
        for (row, label) in labels.enumerated() { target[row * c + label] = 1 }
        return softmaxCrossEntropy(logits, Tensor(shape: z.shape, scalars: target), rows: n, classes: c)
    }

    /// Softmax cross-entropy against target probabilities of the logits' shape (one-hot or soft).
    public static func softmaxCrossEntropy(logits: Variable, probabilities target: Variable) throws(EngineError) -> Variable {
        let z = logits.value
        guard z.shape == target.shape, z.rank == 1 || z.rank == 2 else {
            throw .shapeMismatch(operation: "cross_entropy", lhs: z.shape, rhs: target.shape)
        }
        let (n, c) = z.rank == 1 ? (1, z.count) : (z.shape[0], z.shape[1])
        return softmaxCrossEntropy(logits, target.value, rows: n, classes: c)
    }

    private static func softmaxCrossEntropy(_ logits: Variable, _ target: Tensor, rows n: Int, classes c: Int) -> Variable {
        let z = logits.value
        var probabilities = [Double](repeating: 0, count: n * c)
        var total = 0.0, logs = 0.0, product = 1.0
        z.scalars.withUnsafeBufferPointer { zs in
            target.scalars.withUnsafeBufferPointer { ts in
                probabilities.withUnsafeMutableBufferPointer { ps in
                    for row in 0..<n {
                        let base = row * c
                        var largest = -Double.infinity
                        for j in 0..<c { largest = Swift.max(largest, zs[base + j]) }
                        var sum = 0.0
                        for j in 0..<c {
                            let e = Glibc.exp(zs[base + j] - largest)
                            ps[base + j] = e
                            sum += e
                        }
                        // −Σ_j t_j (z_j − largest − log sum). For a one-hot row the log term is
                        // log(sum) itself; those are gathered into one product (each sum lies in
                        // [1, C]) so a batch takes a couple of logarithms instead of one per row.
                        let inverse = 1 / sum
                        var mass = 0.0
                        for j in 0..<c {
                            ps[base + j] *= inverse
                            let t = ts[base + j]
                            if t != 0 {
                                total -= t * (zs[base + j] - largest)
                                mass += t
                            }
                        }
                        if mass == 1 {
                            product *= sum
                            if product > 1e250 {
                                logs += Glibc.log(product)
                                product = 1
                            }
                        } else if mass != 0 {
                            total += mass * Glibc.log(sum)
                        }
                    }
                }
            }
        }
        total += logs + Glibc.log(product)
        let shape = z.shape
        let p = probabilities
        return logits.tape.record(Tensor(total / Double(n)), inputs: [logits]) { upstream in
            let g = upstream.scalars[0] / Double(n)
            let grad = [Double](unsafeUninitializedCapacity: n * c) { out, initialized in
                p.withUnsafeBufferPointer { ps in
                    target.scalars.withUnsafeBufferPointer { ts in
                        // ∂/∂z_j = (Σ_k t_k)·p_j − t_j; Σ_k t_k = 1 for a distribution.
                        for row in 0..<n {
                            let base = row * c
                            var mass = 0.0
                            for j in 0..<c { mass += ts[base + j] }
                            for j in 0..<c { out[base + j] = g * (mass * ps[base + j] - ts[base + j]) }
                        }
                    }
                }
                initialized = n * c
            }
            return [Tensor(shape: shape, scalars: grad)]
        }
    }

    static let catalogueEntries: [CatalogueFunction] = [
        CatalogueFunction(name: "half_sum_of_squares", operandCount: 2, summary: "½Σ(y − t)²") { (o: [Variable], _: [Double]) throws(EngineError) -> Variable in
            try halfSumOfSquares(o[0], o[1])
        },
        CatalogueFunction(name: "mse_loss", operandCount: 2, summary: "mean of (y − t)²") { (o: [Variable], _: [Double]) throws(EngineError) -> Variable in
            try meanSquaredError(o[0], o[1])
        },
        CatalogueFunction(
            name: "binary_cross_entropy", operandCount: 2, summary: "−mean(t log p + (1 − t) log(1 − p))"
        ) { (o: [Variable], _: [Double]) throws(EngineError) -> Variable in try binaryCrossEntropy(o[0], o[1]) },
        CatalogueFunction(
            name: "cross_entropy", operandCount: 2,
            summary: "softmax cross-entropy of logits; target is class indices or probabilities"
        ) { (o: [Variable], _: [Double]) throws(EngineError) -> Variable in
            let logits = o[0], target = o[1].value
            if target.shape == logits.shape { return try softmaxCrossEntropy(logits: logits, probabilities: o[1]) }
            var labels: [Int] = []
            for value in target.scalars {
                guard value == value.rounded(), Swift.abs(value) < 1e9 else {
                    throw .invalidArgument(function: "cross_entropy", message: "class index \(value) is not a whole number")
                }
                labels.append(Int(value))
            }
            return try softmaxCrossEntropy(logits: logits, labels: labels)
        },
    ]
}
