#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Variable {
    /// Elementwise function of one variable, given its value and derivative as functions of the
    /// input. Every activation goes through here, so each needs only its two scalar formulas.
    public func elementwise(
        value: (Double) -> Double, derivative: @escaping (Double) -> Double
    ) -> Variable {
        let input = self.value
        let output = input.map(value)
        return tape.record(output, inputs: [self]) { upstream in
            var gradient = upstream
            for i in 0..<gradient.count { gradient.scalars[i] *= derivative(input.scalars[i]) }
            return [gradient]
        }
    }

    /// Elementwise binary operation with broadcasting; `partials` gives (∂/∂lhs, ∂/∂rhs) at a point.
    public func broadcasting(
        _ other: Variable, operation: String,
        value: (Double, Double) -> Double,
        partials: @escaping (Double, Double) -> (Double, Double)
    ) throws(EngineError) -> Variable {
        let lhs = self.value, rhs = other.value
        let output = try Broadcast.zip(lhs, rhs, operation: operation, value)
        let shape = output.shape
        return tape.record(output, inputs: [self, other]) { upstream in
            let lmap = Broadcast.indexMap(from: lhs.shape, to: shape)
            let rmap = Broadcast.indexMap(from: rhs.shape, to: shape)
            var dl = [Double](repeating: 0, count: upstream.count)
            var dr = [Double](repeating: 0, count: upstream.count)
            for i in 0..<upstream.count {
                let (pl, pr) = partials(lhs.scalars[lmap[i]], rhs.scalars[rmap[i]])
                dl[i] = upstream.scalars[i] * pl
                dr[i] = upstream.scalars[i] * pr
            }
            return [
                Broadcast.reduce(Tensor(shape: shape, scalars: dl), to: lhs.shape),
                Broadcast.reduce(Tensor(shape: shape, scalars: dr), to: rhs.shape),
            ]
        }
    }

    public static func + (lhs: Variable, rhs: Variable) throws(EngineError) -> Variable {
        try lhs.broadcasting(rhs, operation: "+", value: +, partials: { _, _ in (1, 1) })
    }

    public static func - (lhs: Variable, rhs: Variable) throws(EngineError) -> Variable {
        try lhs.broadcasting(rhs, operation: "-", value: -, partials: { _, _ in (1, -1) })
    }

    public static func * (lhs: Variable, rhs: Variable) throws(EngineError) -> Variable {
        try lhs.broadcasting(rhs, operation: "*", value: *, partials: { l, r in (r, l) })
    }

    public static func / (lhs: Variable, rhs: Variable) throws(EngineError) -> Variable {
        try lhs.broadcasting(rhs, operation: "/", value: /, partials: { l, r in (1 / r, -l / (r * r)) })
    }

    /// `lhs ^ rhs`. The exponent's partial is taken only where the base is positive (log of it
    /// exists); elsewhere it is 0, as PyTorch does for integer-valued exponents.
    public func power(_ exponent: Variable) throws(EngineError) -> Variable {
        try broadcasting(
            exponent, operation: "^", value: { pow($0, $1) },
            partials: { base, exponent in
                let dBase = exponent == 0 ? 0 : exponent * pow(base, exponent - 1)
                let dExponent = base > 0 ? pow(base, exponent) * Glibc.log(base) : 0
                return (dBase, dExponent)
            })
    }

    public static prefix func - (operand: Variable) -> Variable {
        operand.elementwise(value: { -$0 }, derivative: { _ in -1 })
    }

    /// Matrix product of rank-2 (or rank-1, treated as a column/row vector) operands.
    public func matmul(_ other: Variable) throws(EngineError) -> Variable {
        let a = value, b = other.value
        let (m, k) = a.rank == 1 ? (1, a.shape[0]) : a.rank == 2 ? (a.shape[0], a.shape[1]) : (-1, -1)
        let (k2, n) = b.rank == 1 ? (b.shape[0], 1) : b.rank == 2 ? (b.shape[0], b.shape[1]) : (-1, -1)
        guard m >= 0, k2 >= 0, k == k2 else {
            throw .shapeMismatch(operation: "@", lhs: a.shape, rhs: b.shape)
        }
        var out = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for p in 0..<k {
                let aip = a.scalars[i * k + p]
                if aip == 0 { continue }
                for j in 0..<n { out[i * n + j] += aip * b.scalars[p * n + j] }
            }
        }
        let shape: [Int] =
            a.rank == 1 && b.rank == 1 ? [] : a.rank == 1 ? [n] : b.rank == 1 ? [m] : [m, n]
        return tape.record(Tensor(shape: shape, scalars: out), inputs: [self, other]) { upstream in
            let g = upstream.scalars  // m×n
            var da = [Double](repeating: 0, count: m * k)
            var db = [Double](repeating: 0, count: k * n)
            for i in 0..<m {
                for j in 0..<n {
                    let gij = g[i * n + j]
                    if gij == 0 { continue }
                    for p in 0..<k {
                        da[i * k + p] += gij * b.scalars[p * n + j]
                        db[p * n + j] += a.scalars[i * k + p] * gij
                    }
                }
            }
            return [Tensor(shape: a.shape, scalars: da), Tensor(shape: b.shape, scalars: db)]
        }
    }

    /// Sum of all elements, a scalar.
    public func sum() -> Variable {
        let shape = self.shape
        return tape.record(Tensor(value.scalars.reduce(0, +)), inputs: [self]) { upstream in
            [Tensor(repeating: upstream.scalars[0], shape: shape)]
        }
    }

    public func exp() -> Variable { elementwise(value: { Glibc.exp($0) }, derivative: { Glibc.exp($0) }) }
    public func log() -> Variable { elementwise(value: { Glibc.log($0) }, derivative: { 1 / $0 }) }
}
