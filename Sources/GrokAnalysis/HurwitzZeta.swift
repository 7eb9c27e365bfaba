import GrokNumerics

/// Hurwitz zeta ζ(s, q) = Σ_{k≥0} (q + k)^(−s) for s > 1, q ≥ 1, and its derivative in s:
/// explicit terms until q + k ≥ 10, then Euler–Maclaurin with six Bernoulli corrections
/// (truncation error below 10⁻¹⁴ relative for s ≤ 50). Elementary exp/log only.
public enum HurwitzZeta {
    /// B_{2j}/(2j)! for j = 1…6.
    static let bernoulli: [Double] = [1.0 / 12, -1.0 / 720, 1.0 / 30240, -1.0 / 1_209_600, 1.0 / 47_900_160, -691.0 / 1_307_674_368_000]

    /// ln k for k = 0…10 (entry 0 unused): the explicit terms' logarithms when q is an integer,
    /// the same bits as computing them, without the call.
    static let smallLogs: [Double] = (0...10).map { $0 == 0 ? 0 : Elementary.log(Double($0)) }

    @inline(__always)
    static func log(_ a: Double) -> Double {
        if a <= 10, a >= 1, a == a.rounded(.down) { return smallLogs[Int(a)] }
        return Elementary.log(a)
    }

    /// ζ(s, q) alone: the same operations on z as ``valueAndDerivative(_:_:)``, so the same bits,
    /// without the derivative's (the power-law fits call this most).
    public static func value(_ s: Double, _ q: Double) -> Double {
        var z = 0.0
        var a = q
        while a < 10 {
            z += Elementary.exp(-s * log(a))
            a += 1
        }
        let t = Elementary.exp(-s * log(a))
        let sm1 = s - 1
        z += a * t / sm1 + t / 2
        var term = s * t / a
        let a2 = a * a
        for j in 0..<bernoulli.count {
            z += bernoulli[j] * term
            let p = s + Double(2 * j + 1), r = s + Double(2 * j + 2)
            term = term * p * r / a2
        }
        return z
    }

    /// (ζ(s, q), ∂ζ/∂s).
    public static func valueAndDerivative(_ s: Double, _ q: Double) -> (Double, Double) {
        var z = 0.0, dz = 0.0
        var a = q
        while a < 10 {
            let la = log(a)
            let t = Elementary.exp(-s * la)
            z += t; dz -= la * t
            a += 1
        }
        let la = log(a)
        let t = Elementary.exp(-s * la)  // a^(−s)
        let sm1 = s - 1
        z += a * t / sm1 + t / 2
        dz += -la * a * t / sm1 - a * t / (sm1 * sm1) - la * t / 2
        // term_j = (s)_{2j−1} a^(−s−2j+1); (s)_n the rising factorial.
        var term = s * t / a
        var dterm = (t / a) * (1 - s * la)
        let a2 = a * a
        for j in 0..<bernoulli.count {
            z += bernoulli[j] * term
            dz += bernoulli[j] * dterm
            let p = s + Double(2 * j + 1), r = s + Double(2 * j + 2)
            dterm = (dterm * p * r + term * (p + r)) / a2
            term = term * p * r / a2
        }
        return (z, dz)
    }
}
