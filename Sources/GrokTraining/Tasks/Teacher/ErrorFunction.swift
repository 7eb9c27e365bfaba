import GrokNumerics

/// erf, written out so every host computes the same bits (libm's erf differs between C
/// libraries). |z| ≤ 3: the Maclaurin series Σ (−1)ᵏ z²ᵏ⁺¹ / (k!(2k+1)) · 2/√π, summed until its
/// terms stop changing the sum (it loses at most ~4 digits to cancellation at |z| = 3); |z| > 3:
/// 1 − erfc(z) with erfc from its continued fraction, 60 terms evaluated backwards.
public enum ErrorFunction {
    static let twoOverRootPi = 1.1283791670955126

    public static func erf(_ z: Double) -> Double {
        guard z.isFinite else { return z.isNaN ? z : (z > 0 ? 1 : -1) }
        let x = abs(z)
        if x <= 3 {
            var term = x, sum = x, k = 0.0
            let x2 = x * x
            while true {
                k += 1
                term *= -x2 / k
                let next = sum + term / (2 * k + 1)
                if next == sum { break }
                sum = next
            }
            return z < 0 ? -sum * twoOverRootPi : sum * twoOverRootPi
        }
        var fraction = x
        for k in stride(from: 60, through: 1, by: -1) { fraction = x + (Double(k) / 2) / fraction }
        let complement = Elementary.exp(-x * x) / (1.7724538509055159 * fraction)
        return z < 0 ? complement - 1 : 1 - complement
    }

    /// d erf / dz = 2/√π · exp(−z²).
    public static func derivative(_ z: Double) -> Double { twoOverRootPi * Elementary.exp(-z * z) }
}
