import GrokNumerics

/// Dimensions of a cloud of vectors from its principal-component spectrum: how many components
/// explain a share of the variance, and the entropy dimension of the explained-variance
/// fractions. The spectrum comes from the smaller of the Gram (m × m) and covariance (d × d)
/// matrices of the centred rows: both have the same nonzero eigenvalues.
public enum SpectralDimensions {
    /// Eigenvalues (descending, negatives from round-off set to 0) of the centred rows' scatter.
    public static func spectrum(_ rows: [[Double]]) -> [Double] {
        let m = rows.count
        guard m > 1, let d = rows.first?.count, d > 0 else { return [] }
        var mean = [Double](repeating: 0, count: d)
        for r in rows { for j in 0..<d { mean[j] += r[j] } }
        for j in 0..<d { mean[j] /= Double(m) }
        let centred = rows.map { r in (0..<d).map { r[$0] - mean[$0] } }
        var matrix: [Double]
        let n: Int
        if m <= d {
            n = m
            matrix = [Double](repeating: 0, count: m * m)
            for i in 0..<m {
                for k in i..<m {
                    var s = 0.0
                    for j in 0..<d { s += centred[i][j] * centred[k][j] }
                    matrix[i * m + k] = s
                }
            }
        } else {
            n = d
            matrix = [Double](repeating: 0, count: d * d)
            for r in centred {
                for a in 0..<d where r[a] != 0 { for b in a..<d { matrix[a * d + b] += r[a] * r[b] } }
            }
        }
        return SymmetricEigenvalues.compute(matrix, n: n).map { max($0, 0) }
    }

    /// The smallest k whose k largest eigenvalues hold at least `share` of their sum; 0 for a
    /// spectrum without variance.
    public static func componentsFor(share: Double, spectrum: [Double]) -> Int {
        let total = spectrum.reduce(0, +)
        guard total > 0 else { return 0 }
        var cumulative = 0.0
        for (k, v) in spectrum.enumerated() {
            cumulative += v
            if cumulative >= share * total * (1 - 1e-12) { return k + 1 }
        }
        return spectrum.count
    }

    /// exp(−Σ σ_k ln σ_k) over σ_k = λ_k / Σλ: 1 for one direction, k for k equal ones; 0 for a
    /// spectrum without variance.
    public static func entropyDimension(spectrum: [Double]) -> Double {
        let total = spectrum.reduce(0, +)
        guard total > 0 else { return 0 }
        var entropy = 0.0
        for v in spectrum where v > 0 {
            let s = v / total
            entropy -= s * Elementary.log(s)
        }
        return Elementary.exp(entropy)
    }
}
