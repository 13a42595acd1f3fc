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

    // The kernels index raw pointers with wrapping arithmetic (&+, &*): shapes were checked
    // by the caller, and overflow checks on every index would keep the loops from vectorising.

    /// C[m×n] = A[m×k] · B[k×n], row-major. Wide outputs run i-p-j so the inner loop streams
    /// along a row of B; narrow ones (a few classes) take one register dot product per element.
    static func multiply(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>,
                         into c: UnsafeMutableBufferPointer<Double>, m: Int, k: Int, n: Int) {
        guard m > 0, n > 0 else { return }
        let pa = a.baseAddress!, pb = b.baseAddress!, pc = c.baseAddress!
        if k == 0 {
            pc.update(repeating: 0, count: m &* n)
            return
        }
        if n <= 4 {
            // A few output columns (the classes of a classifier): each row of B becomes one
            // SIMD4 register, and two rows of A are accumulated at once.
            let packed = packRows(pb, rows: k, columns: n)
            defer { packed.deallocate() }
            var i = 0
            while i &+ 2 <= m {
                let a0 = pa + i &* k, a1 = a0 + k
                var c0 = SIMD4<Double>(repeating: 0), c1 = SIMD4<Double>(repeating: 0)
                for p in 0..<k {
                    c0 += a0[p] * packed[p]
                    c1 += a1[p] * packed[p]
                }
                store(c0, to: pc + i &* n, count: n)
                store(c1, to: pc + (i &+ 1) &* n, count: n)
                i &+= 2
            }
            if i < m {
                let a0 = pa + i &* k
                var c0 = SIMD4<Double>(repeating: 0)
                for p in 0..<k { c0 += a0[p] * packed[p] }
                store(c0, to: pc + i &* n, count: n)
            }
            return
        }
        if n < 8 {
            for i in 0..<m {
                let ai = pa + i &* k, ci = pc + i &* n
                for j in 0..<n {
                    var s0 = 0.0, s1 = 0.0
                    var p = 0
                    while p &+ 2 <= k {
                        s0 += ai[p] * pb[p &* n &+ j]
                        s1 += ai[p &+ 1] * pb[(p &+ 1) &* n &+ j]
                        p &+= 2
                    }
                    if p < k { s0 += ai[p] * pb[p &* n &+ j] }
                    ci[j] = s0 + s1
                }
            }
            return
        }
        for i in 0..<m {
            let ai = pa + i &* k, ci = pc + i &* n
            let a0 = ai[0]
            for j in 0..<n { ci[j] = a0 * pb[j] }
            var p = 1
            while p < k {
                let aip = ai[p], bp = pb + p &* n
                for j in 0..<n { ci[j] += aip * bp[j] }
                p &+= 1
            }
        }
    }

    /// C[m×k] = G[m×n] · Bᵀ where B is [k×n]. Bᵀ is formed first (it is a weight matrix, small)
    /// so the inner loop runs along a contiguous row of length k.
    static func multiplyTransposedRight(_ g: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>,
                                        into c: UnsafeMutableBufferPointer<Double>, m: Int, n: Int, k: Int) {
        guard m > 0, k > 0 else { return }
        let bt = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(n &* k, 1))
        defer { bt.deallocate() }
        let pb = b.baseAddress, pg = g.baseAddress, pc = c.baseAddress!
        for p in 0..<k { for j in 0..<n { bt[j &* k &+ p] = pb![p &* n &+ j] } }
        for i in 0..<m {
            let ci = pc + i &* k
            ci.update(repeating: 0, count: k)
            for j in 0..<n {
                let gij = pg![i &* n &+ j]
                let row = bt + j &* k
                for p in 0..<k { ci[p] += gij * row[p] }
            }
        }
    }

    /// C[k×n] = Aᵀ · G where A is [m×k] and G is [m×n]: sums over the m samples. Narrow outputs
    /// take long dot products with four partial sums; wide ones stream rows of G.
    static func multiplyTransposedLeft(_ a: UnsafeBufferPointer<Double>, _ g: UnsafeBufferPointer<Double>,
                                       into c: UnsafeMutableBufferPointer<Double>, m: Int, k: Int, n: Int) {
        guard k > 0, n > 0 else { return }
        let pc = c.baseAddress!
        pc.update(repeating: 0, count: k &* n)
        guard m > 0 else { return }
        let pa = a.baseAddress!, pg = g.baseAddress!
        if n >= 8 {
            for i in 0..<m {
                let ai = pa + i &* k, gi = pg + i &* n
                for p in 0..<k {
                    let aip = ai[p], cp = pc + p &* n
                    for j in 0..<n { cp[j] += aip * gi[j] }
                }
            }
            return
        }
        if n <= 4 {
            // Each row of G as one SIMD4; every output row of C is a sum over the m samples.
            let packed = packRows(pg, rows: m, columns: n)
            defer { packed.deallocate() }
            for p in 0..<k {
                var c0 = SIMD4<Double>(repeating: 0), c1 = SIMD4<Double>(repeating: 0)
                var i = 0
                while i &+ 2 <= m {
                    c0 += pa[i &* k &+ p] * packed[i]
                    c1 += pa[(i &+ 1) &* k &+ p] * packed[i &+ 1]
                    i &+= 2
                }
                if i < m { c0 += pa[i &* k &+ p] * packed[i] }
                store(c0 + c1, to: pc + p &* n, count: n)
            }
            return
        }
        for p in 0..<k {
            for j in 0..<n {
                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                var ia = p, ig = j
                let stepA = k, stepG = n
                var i = 0
                while i &+ 4 <= m {
                    s0 += pa[ia] * pg[ig]
                    s1 += pa[ia &+ stepA] * pg[ig &+ stepG]
                    s2 += pa[ia &+ 2 &* stepA] * pg[ig &+ 2 &* stepG]
                    s3 += pa[ia &+ 3 &* stepA] * pg[ig &+ 3 &* stepG]
                    ia &+= 4 &* stepA
                    ig &+= 4 &* stepG
                    i &+= 4
                }
                while i < m {
                    s0 += pa[ia] * pg[ig]
                    ia &+= stepA
                    ig &+= stepG
                    i &+= 1
                }
                pc[p &* n &+ j] = (s0 + s1) + (s2 + s3)
            }
        }
    }

    /// Rows of a [rows×columns] matrix (columns ≤ 4) as zero-padded SIMD4 vectors.
    @inline(__always)
    static func packRows(_ source: UnsafePointer<Double>, rows: Int, columns: Int) -> UnsafeMutablePointer<SIMD4<Double>> {
        let packed = UnsafeMutablePointer<SIMD4<Double>>.allocate(capacity: Swift.max(rows, 1))
        // Built from its lanes: setting a lane by a run-time index (`v[j] = x`) goes through the
        // stack and stalls every load after it (half of this kernel's time in `perf annotate`).
        for r in 0..<rows {
            let row = source + r &* columns
            packed[r] = switch columns {
            case 1: SIMD4(row[0], 0, 0, 0)
            case 2: SIMD4(row[0], row[1], 0, 0)
            case 3: SIMD4(row[0], row[1], row[2], 0)
            default: SIMD4(row[0], row[1], row[2], row[3])
            }
        }
        return packed
    }

    @inline(__always)
    static func store(_ v: SIMD4<Double>, to destination: UnsafeMutablePointer<Double>, count: Int) {
        for j in 0..<count { destination[j] = v[j] }
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
