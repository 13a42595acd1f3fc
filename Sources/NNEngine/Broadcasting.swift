/// NumPy-style broadcasting: shapes are aligned on their last axes, and an axis of extent 1
/// (or a missing one) stretches to match. Used for bias adds (`W @ x + b`) and scalar factors.
///
/// The three shapes that occur in practice (equal shapes, a one-element operand, and an operand
/// whose shape is a suffix of the other's, as a bias row is of a batch) take loops without index
/// maps; anything else goes through `indexMap`.
enum Broadcast {
    /// The shape two operands broadcast to, or nil when they cannot.
    static func shape(_ lhs: [Int], _ rhs: [Int]) -> [Int]? {
        if lhs == rhs { return lhs }
        let rank = max(lhs.count, rhs.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let l = axis < rank - lhs.count ? 1 : lhs[axis - (rank - lhs.count)]
            let r = axis < rank - rhs.count ? 1 : rhs[axis - (rank - rhs.count)]
            guard l == r || l == 1 || r == 1 else { return nil }
            // An axis of extent 1 stretches to the other's extent, including 0 (an empty operand).
            result[axis] = l == 1 ? r : l
        }
        return result
    }

    /// True when `small` is a trailing part of `large` (after dropping leading 1s of `small`), so
    /// element `i` of the broadcast result reads element `i % small.count` of it.
    static func isSuffix(_ small: [Int], of large: [Int]) -> Bool {
        var s = small[...]
        while let first = s.first, first == 1, s.count > 0 { s = s.dropFirst() }
        guard s.count <= large.count else { return false }
        return large.suffix(s.count).elementsEqual(s)
    }

    /// For each element of `target`, the index of the element of `source` it reads.
    static func indexMap(from source: [Int], to target: [Int]) -> [Int] {
        let count = target.reduce(1, *)
        if source == target { return Array(0..<count) }
        let rank = target.count
        let padded = [Int](repeating: 1, count: rank - source.count) + source
        var sourceStrides = [Int](repeating: 0, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            sourceStrides[axis] = padded[axis] == 1 ? 0 : step
            step *= padded[axis]
        }
        var map = [Int](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: rank)
        for flat in 0..<count {
            var offset = 0
            for axis in 0..<rank { offset += index[axis] * sourceStrides[axis] }
            map[flat] = offset
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < target[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return map
    }

    /// Sums a gradient of the broadcast shape back onto the operand's own shape.
    static func reduce(_ gradient: Tensor, to shape: [Int]) -> Tensor {
        if gradient.shape == shape { return gradient }
        let count = shape.reduce(1, *)
        if count == 1 {
            var total = 0.0
            for value in gradient.scalars { total += value }
            return Tensor(shape: shape, scalars: [total])
        }
        var result = [Double](repeating: 0, count: count)
        if count == 0 { return Tensor(shape: shape, scalars: []) }  // an empty operand
        if isSuffix(shape, of: gradient.shape) {
            // Column by column, so each sum stays in a register (a bias gradient: few columns,
            // many rows); the order of additions per column is the same as row by row.
            gradient.scalars.withUnsafeBufferPointer { g in
                result.withUnsafeMutableBufferPointer { r in
                    let rows = g.count / count
                    for j in 0..<count {
                        var total = 0.0
                        var k = j
                        for _ in 0..<rows {
                            total += g[k]
                            k &+= count
                        }
                        r[j] = total
                    }
                }
            }
            return Tensor(shape: shape, scalars: result)
        }
        let map = indexMap(from: shape, to: gradient.shape)
        for (flat, source) in map.enumerated() { result[source] += gradient.scalars[flat] }
        return Tensor(shape: shape, scalars: result)
    }

    /// Applies `combine` elementwise after broadcasting. - Throws: shape mismatch with both shapes.
    @inline(__always)
    static func zip(
        _ lhs: Tensor, _ rhs: Tensor, operation: String, _ combine: (Double, Double) -> Double
    ) throws(EngineError) -> Tensor {
        if lhs.shape == rhs.shape { return unchecked(lhs, rhs, combine) }
        guard let shape = Broadcast.shape(lhs.shape, rhs.shape) else {
            throw .shapeMismatch(operation: operation, lhs: lhs.shape, rhs: rhs.shape)
        }
        return combined(lhs, rhs, shape: shape, combine)
    }

    /// `zip` for operands already known to broadcast (a gradient against an operand).
    @inline(__always)
    static func unchecked(_ lhs: Tensor, _ rhs: Tensor, _ combine: (Double, Double) -> Double) -> Tensor {
        if lhs.shape == rhs.shape {
            let n = lhs.count
            let out = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
                lhs.scalars.withUnsafeBufferPointer { l in
                    rhs.scalars.withUnsafeBufferPointer { r in
                        for i in 0..<n { buffer[i] = combine(l[i], r[i]) }
                    }
                }
                initialized = n
            }
            return Tensor(shape: lhs.shape, scalars: out)
        }
        return combined(lhs, rhs, shape: shape(lhs.shape, rhs.shape)!, combine)
    }

    @inline(__always)
    private static func combined(
        _ lhs: Tensor, _ rhs: Tensor, shape: [Int], _ combine: (Double, Double) -> Double
    ) -> Tensor {
        let n = shape.reduce(1, *)
        let lcount = lhs.count, rcount = rhs.count
        let lfull = lhs.shape == shape, rfull = rhs.shape == shape
        if (lfull && (rcount == 1 || isSuffix(rhs.shape, of: shape)))
            || (rfull && (lcount == 1 || isSuffix(lhs.shape, of: shape)))
        {
            let out = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
                lhs.scalars.withUnsafeBufferPointer { l in
                    rhs.scalars.withUnsafeBufferPointer { r in
                        if rcount == 1 {
                            let b = r[0]
                            for i in 0..<n { buffer[i] = combine(l[i], b) }
                        } else if lcount == 1 {
                            let a = l[0]
                            for i in 0..<n { buffer[i] = combine(a, r[i]) }
                        } else if lfull {
                            var offset = 0
                            while offset < n {
                                for j in 0..<rcount { buffer[offset + j] = combine(l[offset + j], r[j]) }
                                offset += rcount
                            }
                        } else {
                            var offset = 0
                            while offset < n {
                                for j in 0..<lcount { buffer[offset + j] = combine(l[j], r[offset + j]) }
                                offset += lcount
                            }
                        }
                    }
                }
                initialized = n
            }
            return Tensor(shape: shape, scalars: out)
        }
        let lmap = indexMap(from: lhs.shape, to: shape)
        let rmap = indexMap(from: rhs.shape, to: shape)
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n { out[i] = combine(lhs.scalars[lmap[i]], rhs.scalars[rmap[i]]) }
        return Tensor(shape: shape, scalars: out)
    }
}
