/// Register-blocked matrix products over whole batches, in any ``DenseScalar``, with exactly the
/// summation orders of ``DenseKernels/vectorDot(_:_:count:)`` and of `axpy` (for Double: the
/// orders of the pre-blocking kernels, so every float64 report keeps its bytes): a tile of
/// outputs lives in SIMD registers while the shared operand streams past once, instead of one
/// row at a time through memory.
///
/// Why hand-written rather than a BLAS: a BLAS chooses its blocking, and so its summation order,
/// per CPU and per build; results here must be the same bytes on every host the relocatable
/// binary runs on. Why no fused multiply–add: one rounded product, then one rounded sum, is what
/// every x86-64 computes alike, with or without FMA units.
///
/// Zero padding is exact here: every accumulator starts at +0 and a sum of two numbers is −0
/// only when both are −0, so an accumulator is never −0 and adding a padded +0·+0 leaves it
/// unchanged, bit for bit.
extension DenseKernels {
    /// A layer's forward product y[e, c] = Σ_j w[c, j]·x[e, j] for e < rows, c < outputs, in
    /// `S.forwardOrder`: `dotProducts` (lane order), or (sequential, shallow layers) w transposed
    /// into `transposed` and `accumulateProducts` onto zeroed outputs.
    public static func layerForward<S: DenseScalar>(
        _ x: UnsafePointer<S>, rows: Int, xStride: Int, _ w: UnsafePointer<S>, outputs: Int, wStride: Int,
        depth: Int, into y: UnsafeMutablePointer<S>, yStride: Int, transposed: inout [S]
    ) {
        if case .sequentialBelow(let shallow) = S.forwardOrder, depth < shallow {
            if transposed.count < depth * outputs { transposed = [S](repeating: 0, count: depth * outputs) }
            transposed.withUnsafeMutableBufferPointer { tp in
                let t = tp.baseAddress!
                for c in 0..<outputs { for j in 0..<depth { t[j * outputs + c] = w[c * wStride + j] } }
                for e in 0..<rows { for c in 0..<outputs { y[e * yStride + c] = 0 } }
                accumulateProducts(
                    x, aRow: xStride, aDepth: 1, t, bStride: outputs, into: y, cStride: yStride, rows: rows, columns: outputs, depth: depth)
            }
        } else {
            dotProducts(x, rows: rows, xStride: xStride, w, outputs: outputs, wStride: wStride, depth: depth, into: y, yStride: yStride)
        }
    }

    /// y[e·yStride + c] = vectorDot(w + c·wStride, x + e·xStride, count: depth) for e < rows and
    /// c < outputs, each exactly as `vectorDot` computes it.
    public static func dotProducts<S: DenseScalar>(
        _ x: UnsafePointer<S>, rows: Int, xStride: Int, _ w: UnsafePointer<S>, outputs: Int, wStride: Int,
        depth: Int, into y: UnsafeMutablePointer<S>, yStride: Int
    ) {
        var e = 0
        while e + 4 <= rows {
            var c = 0
            while c + 2 <= outputs {
                dotTile4x2(x + e * xStride, xStride, w + c * wStride, wStride, depth, y + e * yStride + c, yStride)
                c += 2
            }
            if c < outputs {
                for k in 0..<4 { y[(e + k) * yStride + c] = vectorDot(w + c * wStride, x + (e + k) * xStride, count: depth) }
            }
            e += 4
        }
        while e < rows {
            for c in 0..<outputs { y[e * yStride + c] = vectorDot(w + c * wStride, x + e * xStride, count: depth) }
            e += 1
        }
    }

    /// Four rows of x against two rows of w: eight SIMD accumulators, which with the two w
    /// vectors and one x vector fit AVX2's sixteen registers (a 4 × 3 tile spills).
    @inline(__always)
    static func dotTile4x2<S: DenseScalar>(
        _ x: UnsafePointer<S>, _ xs: Int, _ w: UnsafePointer<S>, _ ws: Int, _ depth: Int,
        _ y: UnsafeMutablePointer<S>, _ ys: Int
    ) {
        typealias V = S.Lanes
        let lanes = V.scalarCount
        var a00 = V(), a01 = V(), a10 = V(), a11 = V(), a20 = V(), a21 = V(), a30 = V(), a31 = V()
        let w1 = w + ws, x1 = x + xs, x2 = x + 2 * xs, x3 = x + 3 * xs
        var j = 0
        while j + lanes <= depth {
            let v0: V = load(w + j), v1: V = load(w1 + j)
            var u: V = load(x + j)
            a00 = a00 + v0 * u; a01 = a01 + v1 * u
            u = load(x1 + j)
            a10 = a10 + v0 * u; a11 = a11 + v1 * u
            u = load(x2 + j)
            a20 = a20 + v0 * u; a21 = a21 + v1 * u
            u = load(x3 + j)
            a30 = a30 + v0 * u; a31 = a31 + v1 * u
            j += lanes
        }
        if j < depth {
            let tail = depth - j
            let v0: V = loadPartial(w + j, tail), v1: V = loadPartial(w1 + j, tail)
            var u: V = loadPartial(x + j, tail)
            a00 = a00 + v0 * u; a01 = a01 + v1 * u
            u = loadPartial(x1 + j, tail)
            a10 = a10 + v0 * u; a11 = a11 + v1 * u
            u = loadPartial(x2 + j, tail)
            a20 = a20 + v0 * u; a21 = a21 + v1 * u
            u = loadPartial(x3 + j, tail)
            a30 = a30 + v0 * u; a31 = a31 + v1 * u
        }
        let c0 = laneSums(a00, a10, a20, a30), c1 = laneSums(a01, a11, a21, a31)
        for e in 0..<4 {
            y[e * ys] = c0[e]
            y[e * ys + 1] = c1[e]
        }
    }

    /// `laneSum` of four accumulators at once, lane e of the result from accumulator e: the
    /// same additions in the same order, four to a vector (a transpose, then lanes − 1 adds).
    @inline(__always)
    static func laneSums<V: SIMD>(_ p: V, _ q: V, _ r: V, _ s: V) -> SIMD4<V.Scalar> where V.Scalar: FloatingPoint {
        var total = SIMD4(p[0], q[0], r[0], s[0])
        for k in 1..<V.scalarCount { total = total + SIMD4(p[k], q[k], r[k], s[k]) }
        return total
    }
}
