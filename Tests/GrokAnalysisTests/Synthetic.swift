import GrokAnalysis
import GrokNumerics

/// Synthetic cascades with planted scaling, drawn from RandomStream (test fixtures).
enum Synthetic {
    static let widths = [20, 30, 50, 75, 100, 150, 250, 500].map { 4 * $0 + 1 }
    static let epochs = Array(stride(from: 0, through: 5000, by: 100))

    /// The method's default onset shape: earlier for wider nets (≈ 2000 at N = 81, 450 at 2001).
    static func onset(_ n: Int) -> Int {
        let t = 2000 * Elementary.exp(-0.46 * Elementary.log(Double(n) / 81))
        return Int(t / 100) * 100 + 50
    }

    /// s = round(a · N^D · e^(σg)) with D = dPre before the run's onset, dPost from it on;
    /// extent = s/2, duration 3. `onset` nil: the run never groks (D = dPre throughout).
    static func runs(
        widths: [Int] = widths, seeds: Int = 6, dPre: Double, dPost: Double, sigma: Double = 0.2,
        amplitude: Double = 0.5, onset: (Int, Int) -> Int? = { n, _ in Synthetic.onset(n) },
        identicalSeeds: Bool = false, stream: UInt64 = 1
    ) -> [RunCascades] {
        var out: [RunCascades] = []
        for n in widths {
            for seed in 0..<seeds {
                var rng = RandomStream(baseSeed: stream, labels: [.int(n), .int(identicalSeeds ? 0 : seed)])
                let t = onset(n, seed)
                let lnN = Elementary.log(Double(n))
                let cascades = epochs.map { epoch -> CascadeRecord in
                    let d = (t.map { epoch - $0 < 0 } ?? true) ? dPre : dPost
                    let s = Swift.max(1, Int((amplitude * Elementary.exp(d * lnN + sigma * rng.nextGaussian())).rounded()))
                    return CascadeRecord(epoch: epoch, size: s, extent: Swift.max(1, s / 2), duration: 3)
                }
                out.append(RunCascades(parameterCount: n, seedIndex: seed, onsetEpoch: t, cascades: cascades))
            }
        }
        return out
    }

    /// Exact discrete power law P(k) ∝ k^(−α), k ≥ 1 (Devroye 1986, X.6 rejection); values
    /// beyond 10¹² are redrawn (probability below 10⁻⁶ for α ≥ 1.5).
    static func zipf(_ alpha: Double, count: Int, rng: inout RandomStream) -> [Int] {
        let b = Elementary.exp((alpha - 1) * Elementary.log(2))
        var out: [Int] = []
        while out.count < count {
            let u = 1 - rng.nextUniform(), v = rng.nextUniform()
            let x = (Elementary.exp(-Elementary.log(u) / (alpha - 1))).rounded(.down)
            guard x >= 1, x < 1e12 else { continue }
            let t = Elementary.exp((alpha - 1) * Elementary.log(1 + 1 / x))
            if v * x * (t - 1) / (b - 1) <= t / b { out.append(Int(x)) }
        }
        return out
    }

    /// Continuous power law on [xMin, ∞) by inverse transform.
    static func pareto(_ alpha: Double, xMin: Double, count: Int, rng: inout RandomStream) -> [Double] {
        (0..<count).map { _ in xMin * Elementary.exp(-Elementary.log(1 - rng.nextUniform()) / (alpha - 1)) }
    }
}
