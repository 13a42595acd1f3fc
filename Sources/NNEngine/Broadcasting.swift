/// NumPy-style broadcasting: shapes are aligned on their last axes, and an axis of extent 1
/// (or a missing one) stretches to match. Used for bias adds (`W @ x + b`) and scalar factors.
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
            result[axis] = max(l, r)
        }
        return result
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
        if shape.isEmpty || shape.reduce(1, *) == 1 {
            return Tensor(shape: shape, scalars: [gradient.scalars.reduce(0, +)])
        }
        let map = indexMap(from: shape, to: gradient.shape)
        var result = [Double](repeating: 0, count: shape.reduce(1, *))
        for (flat, source) in map.enumerated() { result[source] += gradient.scalars[flat] }
        return Tensor(shape: shape, scalars: result)
    }

    /// Applies `combine` elementwise after broadcasting. - Throws: shape mismatch with both shapes.
    static func zip(
        _ lhs: Tensor, _ rhs: Tensor, operation: String, _ combine: (Double, Double) -> Double
    ) throws(EngineError) -> Tensor {
        if lhs.shape == rhs.shape {
            var out = [Double](repeating: 0, count: lhs.count)
            for i in 0..<lhs.count { out[i] = combine(lhs.scalars[i], rhs.scalars[i]) }
            return Tensor(shape: lhs.shape, scalars: out)
        }
        if rhs.count == 1 {
            let r = rhs.scalars[0]
            guard let shape = Broadcast.shape(lhs.shape, rhs.shape) else {
                throw .shapeMismatch(operation: operation, lhs: lhs.shape, rhs: rhs.shape)
            }
            return Tensor(shape: shape, scalars: lhs.scalars.map { combine($0, r) })
        }
        if lhs.count == 1 {
            let l = lhs.scalars[0]
            guard let shape = Broadcast.shape(lhs.shape, rhs.shape) else {
                throw .shapeMismatch(operation: operation, lhs: lhs.shape, rhs: rhs.shape)
            }
            return Tensor(shape: shape, scalars: rhs.scalars.map { combine(l, $0) })
        }
        guard let shape = Broadcast.shape(lhs.shape, rhs.shape) else {
            throw .shapeMismatch(operation: operation, lhs: lhs.shape, rhs: rhs.shape)
        }
        let lmap = indexMap(from: lhs.shape, to: shape)
        let rmap = indexMap(from: rhs.shape, to: shape)
        var out = [Double](repeating: 0, count: lmap.count)
        for i in 0..<lmap.count { out[i] = combine(lhs.scalars[lmap[i]], rhs.scalars[rmap[i]]) }
        return Tensor(shape: shape, scalars: out)
    }
}
