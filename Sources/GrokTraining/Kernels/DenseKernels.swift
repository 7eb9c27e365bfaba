/// Small dense loops shared by the task models, with a fixed summation order (part of the
/// reproducibility contract; Swift never fuses a*b + c, so every CPU rounds alike).
public enum DenseKernels {
    /// Σ_j a[j]·b[j] over j < count as four partial sums s_k over j ≡ k (mod 4) in increasing j,
    /// combined as ((s0 + s1) + s2) + s3. Four chains instead of one keep the adder busy.
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var j = 0
        while j + 4 <= count {
            s0 += a[j] * b[j]; s1 += a[j + 1] * b[j + 1]; s2 += a[j + 2] * b[j + 2]; s3 += a[j + 3] * b[j + 3]
            j += 4
        }
        if j < count { s0 += a[j] * b[j] }
        if j + 1 < count { s1 += a[j + 1] * b[j + 1] }
        if j + 2 < count { s2 += a[j + 2] * b[j + 2] }
        return ((s0 + s1) + s2) + s3
    }

    /// y[j] += alpha·x[j] for j < count (one rounded product, then one rounded sum, per element).
    @inline(__always)
    public static func axpy<S: DenseScalar>(_ alpha: S, _ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, count: Int) {
        for j in 0..<count { y[j] = y[j] + alpha * x[j] }
    }

    /// The rows `rows` of a row-major matrix with `columns` columns, in that order, as one
    /// contiguous row-major matrix (a batch's inputs, ready for the blocked products).
    public static func gatherRows(_ matrix: [Double], columns: Int, rows: [Int]) -> [Double] {
        var out = [Double](repeating: 0, count: rows.count * columns)
        for (r, e) in rows.enumerated() { for j in 0..<columns { out[r * columns + j] = matrix[e * columns + j] } }
        return out
    }
}
