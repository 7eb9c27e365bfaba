extension DenseKernels {
    /// c[i·cStride + j] += Σ_k a[i·aRow + k·aDepth] · b[k·bStride + j] for i < rows, j < columns,
    /// the terms added in increasing k, each one rounded product then one rounded sum: exactly
    /// `axpy(a(i, k), b row k, c row i)` called for k = 0, 1, … in order. Both of a dense layer's
    /// backward products have this form (the weight gradient Δᵀ·X, the input gradient Δ·W), with
    /// the strides of `a` choosing which of the two.
    ///
    /// A tile of 4 rows × 2 vectors of c stays in registers over the whole depth; b's row streams
    /// past once per tile and each a(i, k) is broadcast to its row.
    public static func accumulateProducts<S: DenseScalar>(
        _ a: UnsafePointer<S>, aRow: Int, aDepth: Int, _ b: UnsafePointer<S>, bStride: Int,
        into c: UnsafeMutablePointer<S>, cStride: Int, rows: Int, columns: Int, depth: Int
    ) {
        let lanes = S.Lanes.scalarCount
        var i = 0
        while i + 4 <= rows {
            var j = 0
            while j + 2 * lanes <= columns {
                accumulateTile4x2(a + i * aRow, aRow, aDepth, b + j, bStride, c + i * cStride + j, cStride, depth)
                j += 2 * lanes
            }
            while j < columns {
                let width = min(lanes, columns - j)
                accumulateTile4x1(a + i * aRow, aRow, aDepth, b + j, bStride, c + i * cStride + j, cStride, depth, width)
                j += width
            }
            i += 4
        }
        while i < rows {
            let ai = a + i * aRow, ci = c + i * cStride
            for k in 0..<depth { axpy(ai[k * aDepth], b + k * bStride, ci, count: columns) }
            i += 1
        }
    }

    @inline(__always)
    static func accumulateTile4x2<S: DenseScalar>(
        _ a: UnsafePointer<S>, _ aRow: Int, _ aDepth: Int, _ b: UnsafePointer<S>, _ bs: Int,
        _ c: UnsafeMutablePointer<S>, _ cs: Int, _ depth: Int
    ) {
        typealias V = S.Lanes
        let n = V.scalarCount
        var c00: V = load(c), c01: V = load(c + n)
        var c10: V = load(c + cs), c11: V = load(c + cs + n)
        var c20: V = load(c + 2 * cs), c21: V = load(c + 2 * cs + n)
        var c30: V = load(c + 3 * cs), c31: V = load(c + 3 * cs + n)
        var ak = a, bk = b
        for _ in 0..<depth {
            let b0: V = load(bk), b1: V = load(bk + n)
            var s = V(repeating: ak[0])
            c00 = c00 + s * b0; c01 = c01 + s * b1
            s = V(repeating: ak[aRow])
            c10 = c10 + s * b0; c11 = c11 + s * b1
            s = V(repeating: ak[2 * aRow])
            c20 = c20 + s * b0; c21 = c21 + s * b1
            s = V(repeating: ak[3 * aRow])
            c30 = c30 + s * b0; c31 = c31 + s * b1
            ak += aDepth
            bk += bs
        }
        store(c00, c); store(c01, c + n)
        store(c10, c + cs); store(c11, c + cs + n)
        store(c20, c + 2 * cs); store(c21, c + 2 * cs + n)
        store(c30, c + 3 * cs); store(c31, c + 3 * cs + n)
    }

    /// Four rows × `width` (1…lanes) columns; lanes past `width` are computed on zeros and not stored.
    @inline(__always)
    static func accumulateTile4x1<S: DenseScalar>(
        _ a: UnsafePointer<S>, _ aRow: Int, _ aDepth: Int, _ b: UnsafePointer<S>, _ bs: Int,
        _ c: UnsafeMutablePointer<S>, _ cs: Int, _ depth: Int, _ width: Int
    ) {
        typealias V = S.Lanes
        let full = width == V.scalarCount
        @inline(__always) func get(_ p: UnsafePointer<S>) -> V { full ? load(p) : loadPartial(p, width) }
        var c0 = get(c), c1 = get(c + cs), c2 = get(c + 2 * cs), c3 = get(c + 3 * cs)
        var ak = a, bk = b
        for _ in 0..<depth {
            let v = get(bk)
            c0 = c0 + V(repeating: ak[0]) * v
            c1 = c1 + V(repeating: ak[aRow]) * v
            c2 = c2 + V(repeating: ak[2 * aRow]) * v
            c3 = c3 + V(repeating: ak[3 * aRow]) * v
            ak += aDepth
            bk += bs
        }
        for k in 0..<width {
            c[k] = c0[k]; c[cs + k] = c1[k]; c[2 * cs + k] = c2[k]; c[3 * cs + k] = c3[k]
        }
    }
}
