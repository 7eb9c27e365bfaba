/// Four examples at a time through the same weight rows: each row of W is loaded once for four
/// dot products instead of four times, and the four partial sums of each dot live in one SIMD4
/// lane each. Every result is bit-identical to ``DenseKernels/dot(_:_:count:)`` and
/// ``DenseKernels/axpy(_:_:_:count:)`` applied example by example: lane k of a dot's
/// accumulator is the partial sum over j ≡ k (mod 4) in increasing j, combined as
/// ((s0 + s1) + s2) + s3, and each accumulated element receives the examples' terms in example
/// order. (Hand-blocked rather than a BLAS: a BLAS picks its summation order per CPU, and
/// results must be the same bytes on every host.)
extension DenseKernels {
    /// out[e] = dot(row, x[e]) for the four vectors x[0…3], each exactly as `dot` computes it.
    @inline(__always)
    public static func dot4(
        _ row: UnsafePointer<Double>, _ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>,
        _ x2: UnsafePointer<Double>, _ x3: UnsafePointer<Double>, count: Int
    ) -> SIMD4<Double> {
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>(), a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
        var j = 0
        while j + 4 <= count {
            let w = SIMD4(row[j], row[j + 1], row[j + 2], row[j + 3])
            a0 = a0 + w * SIMD4(x0[j], x0[j + 1], x0[j + 2], x0[j + 3])
            a1 = a1 + w * SIMD4(x1[j], x1[j + 1], x1[j + 2], x1[j + 3])
            a2 = a2 + w * SIMD4(x2[j], x2[j + 1], x2[j + 2], x2[j + 3])
            a3 = a3 + w * SIMD4(x3[j], x3[j + 1], x3[j + 2], x3[j + 3])
            j += 4
        }
        // The tail, lane by lane as `dot` adds it (lanes beyond the tail stay untouched).
        for k in 0..<(count - j) {
            let w = row[j + k]
            a0[k] = a0[k] + w * x0[j + k]
            a1[k] = a1[k] + w * x1[j + k]
            a2[k] = a2[k] + w * x2[j + k]
            a3[k] = a3[k] + w * x3[j + k]
        }
        @inline(__always) func combine(_ s: SIMD4<Double>) -> Double { ((s[0] + s[1]) + s[2]) + s[3] }
        return SIMD4(combine(a0), combine(a1), combine(a2), combine(a3))
    }

    /// y[j] += α0·x0[j], then += α1·x1[j], += α2·x2[j], += α3·x3[j]: four `axpy` calls in that
    /// order, fused into one pass over y.
    @inline(__always)
    public static func axpy4(
        _ alpha: SIMD4<Double>, _ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>,
        _ x2: UnsafePointer<Double>, _ x3: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int
    ) {
        let c0 = alpha[0], c1 = alpha[1], c2 = alpha[2], c3 = alpha[3]
        for j in 0..<count {
            var v = y[j]
            v = v + c0 * x0[j]
            v = v + c1 * x1[j]
            v = v + c2 * x2[j]
            v = v + c3 * x3[j]
            y[j] = v
        }
    }
}

extension DenseKernels {
    /// y_e[j] += α_e·x[j] for the four vectors y_0…3: four `axpy` calls sharing one pass over x.
    @inline(__always)
    public static func axpyInto4(
        _ alpha: SIMD4<Double>, _ x: UnsafePointer<Double>, _ y0: UnsafeMutablePointer<Double>, _ y1: UnsafeMutablePointer<Double>,
        _ y2: UnsafeMutablePointer<Double>, _ y3: UnsafeMutablePointer<Double>, count: Int
    ) {
        let c0 = alpha[0], c1 = alpha[1], c2 = alpha[2], c3 = alpha[3]
        for j in 0..<count {
            let v = x[j]
            y0[j] = y0[j] + c0 * v
            y1[j] = y1[j] + c1 * v
            y2[j] = y2[j] + c2 * v
            y3[j] = y3[j] + c3 * v
        }
    }
}
