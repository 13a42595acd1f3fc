/// The inner loops: in-place tensor arithmetic and the matrix products, over unsafe buffers so
/// the optimiser can vectorise them. Nothing here checks shapes; callers have.
extension Tensor {
    /// self += other, elementwise, same element count.
    mutating func addInPlace(_ other: Tensor) {
        let n = count
        other.scalars.withUnsafeBufferPointer { o in
            scalars.withUnsafeMutableBufferPointer { s in
                for i in 0..<n { s[i] += o[i] }
            }
        }
    }

    /// self *= other, elementwise, same element count.
    mutating func multiplyInPlace(_ other: Tensor) {
        let n = count
        other.scalars.withUnsafeBufferPointer { o in
            scalars.withUnsafeMutableBufferPointer { s in
                for i in 0..<n { s[i] *= o[i] }
            }
        }
    }

    /// self += factor · other (the optimiser's update), same element count.
    mutating func addInPlace(_ other: Tensor, times factor: Double) {
        let n = count
        other.scalars.withUnsafeBufferPointer { o in
            scalars.withUnsafeMutableBufferPointer { s in
                for i in 0..<n { s[i] += factor * o[i] }
            }
        }
    }
}

enum Kernels {
    /// (rows, columns) of a matmul operand; a vector is a row on the left, a column on the right.
    static func matrixShape(_ t: Tensor, left: Bool) -> (Int, Int)? {
        switch t.rank {
        case 1: return left ? (1, t.shape[0]) : (t.shape[0], 1)
        case 2: return (t.shape[0], t.shape[1])
        default: return nil
        }
    }

    /// C[m×n] = A[m×k] · B[k×n] (row-major, i-p-j order so the inner loop runs along rows).
    static func multiply(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>,
                         into c: UnsafeMutableBufferPointer<Double>, m: Int, k: Int, n: Int) {
        for i in 0..<m {
            let row = i * n
            for j in 0..<n { c[row + j] = 0 }
            for p in 0..<k {
                let aip = a[i * k + p]
                let brow = p * n
                for j in 0..<n { c[row + j] += aip * b[brow + j] }
            }
        }
    }

    /// C[m×k] = G[m×n] · Bᵀ where B is [k×n]: dot products along contiguous rows.
    static func multiplyTransposedRight(_ g: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>,
                                        into c: UnsafeMutableBufferPointer<Double>, m: Int, n: Int, k: Int) {
        for i in 0..<m {
            for p in 0..<k {
                var total = 0.0
                for j in 0..<n { total += g[i * n + j] * b[p * n + j] }
                c[i * k + p] = total
            }
        }
    }

    /// C[k×n] = Aᵀ · G where A is [m×k] and G is [m×n].
    static func multiplyTransposedLeft(_ a: UnsafeBufferPointer<Double>, _ g: UnsafeBufferPointer<Double>,
                                       into c: UnsafeMutableBufferPointer<Double>, m: Int, k: Int, n: Int) {
        for idx in 0..<(k * n) { c[idx] = 0 }
        for i in 0..<m {
            for p in 0..<k {
                let aip = a[i * k + p]
                let crow = p * n, grow = i * n
                for j in 0..<n { c[crow + j] += aip * g[grow + j] }
            }
        }
    }

    static func matmul(_ a: Tensor, _ b: Tensor, m: Int, k: Int, n: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: m * n) { c, initialized in
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    multiply(pa, pb, into: c, m: m, k: k, n: n)
                }
            }
            initialized = m * n
        }
    }

    /// ∂(A·B)/∂A given the upstream gradient G: G·Bᵀ, in A's own shape.
    static func matmulGradientLeft(_ upstream: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let (m, k) = matrixShape(a, left: true)!
        let (_, n) = matrixShape(b, left: false)!
        let da = [Double](unsafeUninitializedCapacity: m * k) { c, initialized in
            upstream.scalars.withUnsafeBufferPointer { g in
                b.scalars.withUnsafeBufferPointer { pb in
                    multiplyTransposedRight(g, pb, into: c, m: m, n: n, k: k)
                }
            }
            initialized = m * k
        }
        return Tensor(shape: a.shape, scalars: da)
    }

    /// ∂(A·B)/∂B given the upstream gradient G: Aᵀ·G, in B's own shape.
    static func matmulGradientRight(_ upstream: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let (m, k) = matrixShape(a, left: true)!
        let (_, n) = matrixShape(b, left: false)!
        let db = [Double](unsafeUninitializedCapacity: k * n) { c, initialized in
            a.scalars.withUnsafeBufferPointer { pa in
                upstream.scalars.withUnsafeBufferPointer { g in
                    multiplyTransposedLeft(pa, g, into: c, m: m, k: k, n: n)
                }
            }
            initialized = k * n
        }
        return Tensor(shape: b.shape, scalars: db)
    }
}
