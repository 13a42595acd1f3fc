#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Variable {
    /// Elementwise function of one variable, given its value and derivative as functions of the
    /// input. Every activation goes through here, so each needs only its two scalar formulas.
    ///
    /// The derivative is evaluated during the forward pass and stored, so the backward pass is a
    /// single multiply and the closure need not outlive this call.
    public func elementwise(
        value: (Double) -> Double, derivative: @escaping (Double) -> Double
    ) -> Variable {
        elementwise { x in (value(x), derivative(x)) }
    }

    /// Elementwise function given one closure that returns value and derivative together, for
    /// formulas that share work between the two (sigmoid's σ(x) feeds σ′ = σ(x)σ(−x)).
    @inline(__always)
    public func elementwise(_ valueAndDerivative: (Double) -> (value: Double, derivative: Double)) -> Variable {
        if let x = scalarValue {
            let (v, d) = valueAndDerivative(x)
            return tape.recordScalar(v, index, d)
        }
        let input = self.value
        let n = input.count
        var derivatives = [Double](repeating: 0, count: n)
        let values = [Double](unsafeUninitializedCapacity: n) { out, initialized in
            input.scalars.withUnsafeBufferPointer { x in
                derivatives.withUnsafeMutableBufferPointer { d in
                    for i in 0..<n {
                        let (v, dv) = valueAndDerivative(x[i])
                        out[i] = v
                        d[i] = dv
                    }
                }
            }
            initialized = n
        }
        return tape.record(
            Tensor(shape: input.shape, scalars: values),
            .scale(Tensor(shape: input.shape, scalars: derivatives)), self)
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
        if let a = lhs.scalarValue, let b = rhs.scalarValue {
            precondition(lhs.tape === rhs.tape, "variables from different tapes")
            let (value, dl, dr): (Double, Double, Double) = (a + b, 1, 1)
            return lhs.tape.recordScalar(value, lhs.index, dl, rhs.index, dr)
        }
        return lhs.tape.record(try Broadcast.zip(lhs.value, rhs.value, operation: "+", +), .add, lhs, rhs)
    }

    public static func - (lhs: Variable, rhs: Variable) throws(EngineError) -> Variable {
        if let a = lhs.scalarValue, let b = rhs.scalarValue {
            precondition(lhs.tape === rhs.tape, "variables from different tapes")
            let (value, dl, dr): (Double, Double, Double) = (a - b, 1, -1)
            return lhs.tape.recordScalar(value, lhs.index, dl, rhs.index, dr)
        }
        return lhs.tape.record(try Broadcast.zip(lhs.value, rhs.value, operation: "-", -), .subtract, lhs, rhs)
    }

    public static func * (lhs: Variable, rhs: Variable) throws(EngineError) -> Variable {
        if let a = lhs.scalarValue, let b = rhs.scalarValue {
            precondition(lhs.tape === rhs.tape, "variables from different tapes")
            let (value, dl, dr) = (a * b, b, a)
            return lhs.tape.recordScalar(value, lhs.index, dl, rhs.index, dr)
        }
        return lhs.tape.record(try Broadcast.zip(lhs.value, rhs.value, operation: "*", *), .multiply, lhs, rhs)
    }

    public static func / (lhs: Variable, rhs: Variable) throws(EngineError) -> Variable {
        if let a = lhs.scalarValue, let b = rhs.scalarValue {
            precondition(lhs.tape === rhs.tape, "variables from different tapes")
            let (value, dl, dr) = (a / b, 1 / b, -(a / b) / b)
            return lhs.tape.recordScalar(value, lhs.index, dl, rhs.index, dr)
        }
        return lhs.tape.record(try Broadcast.zip(lhs.value, rhs.value, operation: "/", /), .divide, lhs, rhs)
    }

    /// `lhs ^ rhs`. The exponent's partial is taken only where the base is positive (log of it
    /// exists); elsewhere it is 0, as PyTorch does for integer-valued exponents.
    public func power(_ exponent: Variable) throws(EngineError) -> Variable {
        if let base = scalarValue, let e = exponent.scalarValue {
            let (_, dBase, dExponent) = Variable.powerPartials(base, e)
            return tape.recordScalar(pow(base, e), index, dBase, exponent.index, dExponent)
        }
        return try broadcasting(
            exponent, operation: "^", value: { pow($0, $1) },
            partials: { base, exponent in
                let (_, dBase, dExponent) = Variable.powerPartials(base, exponent)
                return (dBase, dExponent)
            })
    }

    static func powerPartials(_ base: Double, _ exponent: Double) -> (Double, Double, Double) {
        let dBase = exponent == 0 ? 0 : exponent * pow(base, exponent - 1)
        let dExponent = base > 0 ? pow(base, exponent) * Glibc.log(base) : 0
        return (0, dBase, dExponent)
    }

    public static prefix func - (operand: Variable) -> Variable {
        operand.elementwise { x in (-x, -1) }
    }

    /// `self × factor` for a plain number, without putting the number on the tape: how means,
    /// halves and learning rates enter a graph.
    public func scaled(by factor: Double) -> Variable {
        if let x = scalarValue { return tape.recordScalar(x * factor, index, factor) }
        let v = value
        return tape.record(v.map { $0 * factor }, .scale(Tensor(repeating: factor, shape: v.shape)), self)
    }

    /// Matrix product of rank-2 (or rank-1, treated as a column/row vector) operands.
    public func matmul(_ other: Variable) throws(EngineError) -> Variable {
        let a = value, b = other.value
        guard let (m, k) = Kernels.matrixShape(a, left: true),
            let (k2, n) = Kernels.matrixShape(b, left: false), k == k2
        else {
            throw .shapeMismatch(operation: "@", lhs: a.shape, rhs: b.shape)
        }
        let out = Kernels.matmul(a, b, m: m, k: k, n: n)
        let shape: [Int] =
            a.rank == 1 && b.rank == 1 ? [] : a.rank == 1 ? [n] : b.rank == 1 ? [m] : [m, n]
        return tape.record(Tensor(shape: shape, scalars: out), .matmul, self, other)
    }

    /// `self · weights + bias` in one node: a dense layer's pre-activation, with the bias
    /// broadcast over the rows of a batch. Same value and gradients as `matmul` then `+`, in one
    /// pass over the output instead of three.
    public func linear(_ weights: Variable, bias: Variable) throws(EngineError) -> Variable {
        let x = value, w = weights.value, b = bias.value
        guard let (m, k) = Kernels.matrixShape(x, left: true),
            let (k2, n) = Kernels.matrixShape(w, left: false), k == k2
        else {
            throw .shapeMismatch(operation: "@", lhs: x.shape, rhs: w.shape)
        }
        let shape: [Int] =
            x.rank == 1 && w.rank == 1 ? [] : x.rank == 1 ? [n] : w.rank == 1 ? [m] : [m, n]
        guard b.count == 1 || b.shape == shape || (b.count == n && Broadcast.isSuffix(b.shape, of: [m, n])) else {
            throw .shapeMismatch(operation: "+", lhs: shape, rhs: b.shape)
        }
        var out = Kernels.matmul(x, w, m: m, k: k, n: n)
        out.withUnsafeMutableBufferPointer { o in
            b.scalars.withUnsafeBufferPointer { pb in
                if pb.count == o.count {
                    for i in 0..<o.count { o[i] += pb[i] }
                } else if pb.count == 1 {
                    let c = pb[0]
                    for i in 0..<o.count { o[i] += c }
                } else {
                    for i in 0..<m {
                        let row = i &* n
                        for j in 0..<n { o[row &+ j] += pb[j] }
                    }
                }
            }
        }
        return tape.record(Tensor(shape: shape, scalars: out), .linear, inputs: [self, weights, bias])
    }

    /// Sum of all elements, a scalar.
    public func sum() -> Variable {
        var total = 0.0
        for x in value.scalars { total += x }
        return tape.record(Tensor(total), .sumAll, self)
    }

    /// Mean of all elements, a scalar (the average a loss reports).
    public func mean() -> Variable {
        let n = value.count
        return sum().scaled(by: 1 / Double(n))
    }

    public func exp() -> Variable { elementwise { x in let e = Glibc.exp(x); return (e, e) } }
    public func log() -> Variable { elementwise { x in (Glibc.log(x), 1 / x) } }

    /// √x; the derivative 1/(2√x) is +∞ at 0, as in PyTorch.
    public func sqrt() -> Variable {
        elementwise { x in let r = Glibc.sqrt(x); return (r, 0.5 / r) }
    }

    /// |x|; derivative sign(x), 0 at 0 (PyTorch's convention).
    public func abs() -> Variable {
        elementwise { x in (Swift.abs(x), x > 0 ? 1 : x < 0 ? -1 : 0) }
    }

    /// Elementwise larger of two operands; at a tie each gets half the gradient (as PyTorch).
    public func maximum(_ other: Variable) throws(EngineError) -> Variable {
        try broadcasting(
            other, operation: "max", value: { Swift.max($0, $1) },
            partials: { l, r in l > r ? (1, 0) : l < r ? (0, 1) : (0.5, 0.5) })
    }

    /// Elementwise smaller of two operands; at a tie each gets half the gradient (as PyTorch).
    public func minimum(_ other: Variable) throws(EngineError) -> Variable {
        try broadcasting(
            other, operation: "min", value: { Swift.min($0, $1) },
            partials: { l, r in l < r ? (1, 0) : l > r ? (0, 1) : (0.5, 0.5) })
    }

    /// 1 where the comparison holds, else 0. Gradients do not flow through it (it is piecewise
    /// constant), so it can gate other values (`x * (x > 0)`) without distorting their gradients.
    public func compared(to other: Variable, _ comparison: Comparison) throws(EngineError) -> Variable {
        let out = try Broadcast.zip(value, other.value, operation: comparison.symbol) { l, r in
            comparison.holds(l, r) ? 1 : 0
        }
        return tape.record(out, .detached, self, other)
    }

    /// Elementwise choice: `ifTrue` where `condition` is nonzero, else `ifFalse` (all three
    /// broadcast). Only the chosen operand receives gradient; the condition receives none.
    public static func select(
        where condition: Variable, _ ifTrue: Variable, _ ifFalse: Variable
    ) throws(EngineError) -> Variable {
        let c = condition.value, a = ifTrue.value, b = ifFalse.value
        guard let ab = Broadcast.shape(a.shape, b.shape) else {
            throw .shapeMismatch(operation: "where", lhs: a.shape, rhs: b.shape)
        }
        guard let shape = Broadcast.shape(c.shape, ab) else {
            throw .shapeMismatch(operation: "where", lhs: c.shape, rhs: ab)
        }
        let mask = Broadcast.expand(c, to: shape).map { $0 != 0 ? 1 : 0 }
        let ea = Broadcast.expand(a, to: shape), eb = Broadcast.expand(b, to: shape)
        var out = [Double](repeating: 0, count: mask.count)
        for i in 0..<out.count { out[i] = mask.scalars[i] != 0 ? ea.scalars[i] : eb.scalars[i] }
        return condition.tape.record(Tensor(shape: shape, scalars: out), inputs: [condition, ifTrue, ifFalse]) {
            upstream in
            let da = Broadcast.unchecked(upstream, mask, *)
            let db = Broadcast.unchecked(upstream, mask) { g, m in m != 0 ? 0 : g }
            return [.zeros(c.shape), Broadcast.reduce(da, to: a.shape), Broadcast.reduce(db, to: b.shape)]
        }
    }

    /// The same elements under another shape; one extent may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) throws(EngineError) -> Variable {
        let v = value
        var target = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            guard known > 0, v.count % known == 0 else { throw .reshape(from: v.shape, to: newShape) }
            target[unknown] = v.count / known
        }
        let reshaped = try v.reshaped(target)
        let original = v.shape
        return tape.record(reshaped, inputs: [self]) { upstream in
            [Tensor(shape: original, scalars: upstream.scalars)]
        }
    }

    /// Axes reversed (a matrix's transpose; a vector is unchanged).
    public func transposed() -> Variable {
        let axes = Array((0..<value.rank).reversed())
        return try! permuted(axes)
    }

    /// Axes reordered: result axis i is input axis `axes[i]`.
    public func permuted(_ axes: [Int]) throws(EngineError) -> Variable {
        let v = value
        guard axes.sorted() == Array(0..<v.rank) else {
            throw .invalidArgument(
                function: "permute",
                message: "axes \(axes) are not a permutation of 0..<\(v.rank) for \(Tensor.describe(shape: v.shape))")
        }
        let out = v.permuted(axes)
        var inverse = [Int](repeating: 0, count: axes.count)
        for (i, axis) in axes.enumerated() { inverse[axis] = i }
        return tape.record(out, inputs: [self]) { upstream in [upstream.permuted(inverse)] }
    }

    /// Sum along one axis (negative counts from the end); `keepingDimension` leaves it as extent 1.
    public func sum(axis: Int, keepingDimension: Bool = false) throws(EngineError) -> Variable {
        let v = value
        let a = try Tensor.normalize(axis: axis, rank: v.rank, function: "sum")
        let (outer, length, inner) = v.split(at: a)
        var out = [Double](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for l in 0..<length {
                let base = (o * length + l) * inner
                for i in 0..<inner { out[o * inner + i] += v.scalars[base + i] }
            }
        }
        var shape = v.shape
        if keepingDimension { shape[a] = 1 } else { shape.remove(at: a) }
        let inputShape = v.shape
        return tape.record(Tensor(shape: shape, scalars: out), inputs: [self]) { upstream in
            var g = [Double](repeating: 0, count: outer * length * inner)
            for o in 0..<outer {
                for l in 0..<length {
                    let base = (o * length + l) * inner
                    for i in 0..<inner { g[base + i] = upstream.scalars[o * inner + i] }
                }
            }
            return [Tensor(shape: inputShape, scalars: g)]
        }
    }

    /// Mean along one axis.
    public func mean(axis: Int, keepingDimension: Bool = false) throws(EngineError) -> Variable {
        let a = try Tensor.normalize(axis: axis, rank: value.rank, function: "mean")
        let length = value.shape[a]
        return try sum(axis: a, keepingDimension: keepingDimension).scaled(by: 1 / Double(length))
    }

    /// Elements `range` along `axis` (negative axis counts from the end), keeping the axis.
    public func slice(axis: Int, _ range: Range<Int>) throws(EngineError) -> Variable {
        let v = value
        let a = try Tensor.normalize(axis: axis, rank: v.rank, function: "slice")
        guard range.lowerBound >= 0, range.upperBound <= v.shape[a] else {
            throw .invalidArgument(
                function: "slice",
                message: "range \(range.lowerBound)..<\(range.upperBound) is out of bounds for axis \(a) of \(Tensor.describe(shape: v.shape))")
        }
        let (outer, length, inner) = v.split(at: a)
        let width = range.count
        var out = [Double]()
        out.reserveCapacity(outer * width * inner)
        for o in 0..<outer {
            let start = (o * length + range.lowerBound) * inner
            out.append(contentsOf: v.scalars[start..<(start + width * inner)])
        }
        var shape = v.shape
        shape[a] = width
        let inputShape = v.shape
        return tape.record(Tensor(shape: shape, scalars: out), inputs: [self]) { upstream in
            var g = [Double](repeating: 0, count: outer * length * inner)
            for o in 0..<outer {
                let start = (o * length + range.lowerBound) * inner
                for i in 0..<(width * inner) { g[start + i] = upstream.scalars[o * width * inner + i] }
            }
            return [Tensor(shape: inputShape, scalars: g)]
        }
    }

    /// Element `index` along `axis`, dropping that axis (`m[1]` is a row); negative indices count
    /// from the end.
    public func indexed(_ index: Int, axis: Int = 0) throws(EngineError) -> Variable {
        let v = value
        let a = try Tensor.normalize(axis: axis, rank: v.rank, function: "index")
        let extent = v.shape[a]
        let i = index < 0 ? index + extent : index
        guard i >= 0, i < extent else {
            throw .invalidArgument(
                function: "index",
                message: "index \(index) is out of bounds for axis \(a) of \(Tensor.describe(shape: v.shape))")
        }
        var shape = v.shape
        shape.remove(at: a)
        return try slice(axis: a, i..<(i + 1)).reshaped(shape)
    }

    /// Joins variables along an existing axis; every other extent must agree.
    public static func concatenate(_ parts: [Variable], axis: Int) throws(EngineError) -> Variable {
        guard let first = parts.first else {
            throw .invalidArgument(function: "concat", message: "needs at least one operand")
        }
        let values = parts.map(\.value)
        let a = try Tensor.normalize(axis: axis, rank: values[0].rank, function: "concat")
        for v in values.dropFirst() {
            var l = values[0].shape, r = v.shape
            guard l.count == r.count else {
                throw .shapeMismatch(operation: "concat", lhs: values[0].shape, rhs: v.shape)
            }
            l[a] = 0
            r[a] = 0
            guard l == r else { throw .shapeMismatch(operation: "concat", lhs: values[0].shape, rhs: v.shape) }
        }
        let (outer, _, inner) = values[0].split(at: a)
        let lengths = values.map { $0.shape[a] }
        let total = lengths.reduce(0, +)
        var out = [Double]()
        out.reserveCapacity(outer * total * inner)
        for o in 0..<outer {
            for (v, length) in zip(values, lengths) {
                let start = o * length * inner
                out.append(contentsOf: v.scalars[start..<(start + length * inner)])
            }
        }
        var shape = values[0].shape
        shape[a] = total
        let shapes = values.map(\.shape)
        return first.tape.record(Tensor(shape: shape, scalars: out), inputs: parts) { upstream in
            var grads = shapes.map { [Double](repeating: 0, count: $0.reduce(1, *)) }
            var cursor = 0
            for o in 0..<outer {
                for (p, length) in lengths.enumerated() {
                    let width = length * inner
                    for i in 0..<width { grads[p][o * width + i] = upstream.scalars[cursor + i] }
                    cursor += width
                }
            }
            return zip(shapes, grads).map { Tensor(shape: $0, scalars: $1) }
        }
    }
}

/// An elementwise comparison (`<`, `<=`, `>`, `>=`, `==`, `!=`).
public enum Comparison: String, Sendable, CaseIterable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

    public var symbol: String { rawValue }

    public func holds(_ l: Double, _ r: Double) -> Bool {
        switch self {
        case .less: l < r
        case .lessOrEqual: l <= r
        case .greater: l > r
        case .greaterOrEqual: l >= r
        case .equal: l == r
        case .notEqual: l != r
        }
    }
}

extension Broadcast {
    /// `tensor` repeated out to `shape` (which it must broadcast to).
    static func expand(_ tensor: Tensor, to shape: [Int]) -> Tensor {
        if tensor.shape == shape { return tensor }
        return unchecked(Tensor.zeros(shape), tensor) { $1 }
    }
}

extension Tensor {
    /// An axis in 0..<rank from a possibly negative one. - Throws: when out of range.
    static func normalize(axis: Int, rank: Int, function: String) throws(EngineError) -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0, a < Swift.max(rank, 1), rank > 0 else {
            // The language calls an axis `dim`, as PyTorch does.
            let valid = rank > 0 ? " (it takes -\(rank) to \(rank - 1))" : " (a single number has no dims)"
            throw .invalidArgument(function: function, message: "dim \(axis) is out of range for rank \(rank)" + valid)
        }
        return a
    }

    /// (product of extents before `axis`, extent of `axis`, product after it).
    func split(at axis: Int) -> (outer: Int, length: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Axes reordered: result axis i is axis `axes[i]` of self.
    func permuted(_ axes: [Int]) -> Tensor {
        if axes == Array(0..<rank) { return self }
        let newShape = axes.map { shape[$0] }
        var strides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        let sourceStrides = axes.map { strides[$0] }
        var out = [Double](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: rank)
        for flat in 0..<count {
            var offset = 0
            for axis in 0..<rank { offset += index[axis] * sourceStrides[axis] }
            out[flat] = scalars[offset]
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < newShape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: newShape, scalars: out)
    }
}
