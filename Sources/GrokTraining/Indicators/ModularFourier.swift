import GrokNumerics

/// Nanda et al.'s progress measures for modular addition (arXiv 2301.05217), for the quadratic
/// MLP: the Fourier Gini of the input embedding, and the restricted and excluded losses of the
/// logits with respect to the key frequencies. Pure functions of values.
///
/// Key frequencies are read at each snapshot from that snapshot's embedding (the
/// ``keyFrequencyCount`` of largest power), not from the final network as Nanda did: a
/// final-network choice would look ahead, and the early warning must not.
public enum ModularFourier {
    /// Frequencies kept as "key" (Nanda found 5 at p = 113).
    public static let keyFrequencyCount = 5

    /// Power per frequency k = 1 … ⌊(p − 1)/2⌋ of an embedding given as p rows of h values (row a
    /// = the vector of input a): Σ_j |Σ_a E[a][j] e^{−2πika/p}|², k and p − k folded together.
    public static func embeddingPower(_ rows: [[Double]], p: Int) -> [Double] {
        let h = rows.first?.count ?? 0
        let table = (0..<p).map { TurnTrigonometry.cosSin($0, of: p) }
        return (1...max(1, (p - 1) / 2)).map { k in
            guard k <= (p - 1) / 2 else { return 0 }
            var power = 0.0
            for j in 0..<h {
                var re = 0.0, im = 0.0
                for a in 0..<p {
                    let t = table[(k * a) % p]
                    re += rows[a][j] * t.cos
                    im -= rows[a][j] * t.sin
                }
                power += re * re + im * im
            }
            return power
        }
    }

    /// The key frequencies: the `count` largest powers (ties: the lower frequency), 1-based.
    public static func keyFrequencies(_ power: [Double], count: Int = keyFrequencyCount) -> [Int] {
        Array(power.enumerated().sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }.prefix(count))
            .map { $0.offset + 1 }.sorted()
    }

    /// The restricted and excluded mean-squared losses over `pairs` (k = a·p + b) of logits on
    /// every pair (`logits[a·p + b][c]`): per class c, the logits' projections on cos(w(a + b))
    /// and sin(w(a + b)) for each key frequency w over the full p × p grid (where these functions
    /// are orthogonal, norm p²/2). Restricted: the class mean plus those projections; excluded:
    /// the logits minus them. The loss is the model's (mean over pairs and classes of the
    /// squared error to the one-hot target of (a + b) mod p).
    public static func restrictedAndExcluded(logits: [[Double]], p: Int, keys: [Int], pairs: [Int]) -> (restricted: Double, excluded: Double) {
        let table = (0..<p).map { TurnTrigonometry.cosSin($0, of: p) }
        let n = Double(p * p)
        // Per class: mean and, per key, the cos and sin coefficients.
        var mean = [Double](repeating: 0, count: p)
        var alpha = [[Double]](repeating: [Double](repeating: 0, count: keys.count), count: p)
        var beta = alpha
        for pair in 0..<(p * p) {
            let s = (pair / p + pair % p) % p
            for c in 0..<p {
                let z = logits[pair][c]
                mean[c] += z
                for (i, w) in keys.enumerated() {
                    let t = table[(w * s) % p]
                    alpha[c][i] += z * t.cos
                    beta[c][i] += z * t.sin
                }
            }
        }
        for c in 0..<p {
            mean[c] /= n
            for i in 0..<keys.count {
                alpha[c][i] *= 2 / n
                beta[c][i] *= 2 / n
            }
        }
        var restricted = 0.0, excluded = 0.0
        for pair in pairs {
            let s = (pair / p + pair % p) % p
            for c in 0..<p {
                var key = 0.0
                for (i, w) in keys.enumerated() {
                    let t = table[(w * s) % p]
                    key += alpha[c][i] * t.cos + beta[c][i] * t.sin
                }
                let target = c == s ? 1.0 : 0.0
                let r = mean[c] + key - target
                let e = logits[pair][c] - key - target
                restricted += r * r
                excluded += e * e
            }
        }
        let scale = 1 / (Double(pairs.count) * Double(p))
        return (restricted * scale, excluded * scale)
    }
}
