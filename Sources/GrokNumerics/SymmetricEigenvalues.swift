/// Eigenvalues of a real symmetric matrix by the cyclic Jacobi method (Golub & Van Loan,
/// "Matrix Computations", §8.5): rotations in a fixed row-by-row order until every off-diagonal
/// entry is negligible. Hand-written because no package of the mirror has a symmetric eigen
/// solver (swift-numerics has none) and a LAPACK's blocked, threaded order would make the bits
/// depend on the library build; the fixed sweep order makes them depend on the input alone.
/// O(n³) per sweep, 6–10 sweeps: meant for the small Gram and covariance matrices (n ≤ a few
/// hundred) of the gradient and feature spectra.
public enum SymmetricEigenvalues {
    /// The eigenvalues of the n × n symmetric matrix `a` (row-major; only its upper triangle
    /// is read), sorted descending.
    public static func compute(_ a: [Double], n: Int) -> [Double] {
        precondition(a.count == n * n, "a symmetric matrix of \(n) × \(n) needs \(n * n) entries, found \(a.count)")
        var m = a
        for i in 0..<n { for j in 0..<i { m[i * n + j] = m[j * n + i] } }
        var scale = 0.0
        for v in m { scale = max(scale, abs(v)) }
        guard scale > 0, n > 1 else { return (0..<n).map { m[$0 * n + $0] }.sorted(by: >) }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in (i + 1)..<n { off += m[i * n + j] * m[i * n + j] } }
            if off <= 1e-30 * scale * scale * Double(n * n) { break }
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n {
                    let apq = m[p * n + q]
                    if apq == 0 { continue }
                    let app = m[p * n + p], aqq = m[q * n + q]
                    let theta = (aqq - app) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = m[k * n + p], akq = m[k * n + q]
                        m[k * n + p] = c * akp - s * akq
                        m[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = m[p * n + k], aqk = m[q * n + k]
                        m[p * n + k] = c * apk - s * aqk
                        m[q * n + k] = s * apk + c * aqk
                    }
                    m[p * n + q] = 0
                    m[q * n + p] = 0
                }
            }
        }
        return (0..<n).map { m[$0 * n + $0] }.sorted(by: >)
    }
}
