/// cos and sin of a rational fraction of a turn, 2π·m/p, by fixed polynomials: libm's cos and
/// sin may differ in the last bit between C libraries and CPUs, and the modular-arithmetic
/// indicators (Fourier Gini, restricted and excluded losses) must be the same bits on every
/// host. The angle is folded into [0, π/2] by the symmetries of the circle (exact in m/p), then
/// Taylor series to degree 24/25 in Horner form (truncation < 1e-17 on [0, π/2]).
public enum TurnTrigonometry {
    /// (cos 2πm/p, sin 2πm/p) for any integer m and p ≥ 1.
    public static func cosSin(_ m: Int, of p: Int) -> (cos: Double, sin: Double) {
        precondition(p >= 1, "a turn needs p ≥ 1 parts")
        var r = m % p
        if r < 0 { r += p }
        // Fold by exact integer symmetries: r/p in [0, 1) → [0, 1/2] (sin changes sign) → [0, 1/4].
        var sinSign = 1.0, cosSign = 1.0
        var num = r, den = p
        if 2 * num > den {
            num = den - num
            sinSign = -1
        }
        if 4 * num > den {
            // 2π(1/2 − t): cos → −cos, sin unchanged. Work in quarters of 2p to stay exact.
            num = den - 2 * num
            den = 2 * den
            cosSign = -1
        }
        let x = 2 * Double.pi * Double(num) / Double(den)
        return (cosSign * cosine(x), sinSign * sine(x))
    }

    static func cosine(_ x: Double) -> Double {
        let x2 = x * x
        var sum = 0.0
        var k = 12
        while k >= 1 {
            // term ratio for cos: x² / ((2k − 1)(2k))
            sum = 1 - x2 / Double((2 * k - 1) * (2 * k)) * sum
            k -= 1
        }
        return sum
    }

    static func sine(_ x: Double) -> Double {
        let x2 = x * x
        var sum = 0.0
        var k = 12
        while k >= 1 {
            sum = 1 - x2 / Double((2 * k) * (2 * k + 1)) * sum
            k -= 1
        }
        return x * sum
    }
}
