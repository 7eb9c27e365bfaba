import GrokAnalysis
import GrokNumerics

/// Samples with planted answers for the measurement tests.
enum KnownAnswer {
    /// Sizes from P(s|N) ∝ s^(−γ) exp(−s/N^D), s ≥ 1: a discrete power law (Synthetic.zipf) thinned
    /// by the cutoff, so the exponents are exact.
    static func cutoffSizes(n: Int, d: Double, gamma: Double, count: Int, rng: inout RandomStream) -> [Int] {
        let cutoff = Elementary.exp(d * Elementary.log(Double(n)))
        var out: [Int] = []
        while out.count < count {
            for s in Synthetic.zipf(gamma, count: 256, rng: &rng) where out.count < count {
                if rng.nextUniform() < Elementary.exp(-Double(s) / cutoff) { out.append(s) }
            }
        }
        return out
    }

    /// Seven widths over three decades, 10³ … 10⁶.
    static let wideWidths = (0...6).map { Int(Elementary.exp(Elementary.log(10) * (3 + 0.5 * Double($0))).rounded()) }

    /// Runs (6 seeds per N) whose cascades, one per snapshot epoch 0, 1, …, carry the given sizes.
    static func runs(_ sizesPerWidth: [[Int]], widths: [Int], seeds: Int = 6) -> [RunCascades] {
        var out: [RunCascades] = []
        for (n, sizes) in zip(widths, sizesPerWidth) {
            let per = sizes.count / seeds
            for seed in 0..<seeds {
                let cascades = sizes[(seed * per)..<((seed + 1) * per)].enumerated().map {
                    CascadeRecord(epoch: $0.offset, size: $0.element, extent: Swift.min($0.element, n), duration: 1)
                }
                out.append(RunCascades(parameterCount: n, seedIndex: seed, onsetEpoch: nil, cascades: Array(cascades)))
            }
        }
        return out
    }

    /// The onset of ``planted``: snapshots sit at τ = −50, 50, 150, …, so a window's snapshots
    /// are centred on the window.
    static let onset = 2050

    /// Grokked runs with onset at epoch 2050 and s = round(e^(ln S(N, τ)) · e^(σg)), snapshots every
    /// 100 epochs from 0 to 5000.
    static func planted(
        widths: [Int] = Synthetic.widths, seeds: Int = 6, sigma: Double = 0.05,
        lnS: @escaping (Double, Int) -> Double, stream: UInt64 = 3
    ) -> [RunCascades] {
        var out: [RunCascades] = []
        for n in widths {
            for seed in 0..<seeds {
                var rng = RandomStream(baseSeed: stream, labels: [.int(n), .int(seed)])
                let x = Elementary.log(Double(n))
                let cascades = Synthetic.epochs.map { epoch -> CascadeRecord in
                    let s = Swift.max(1, Int(Elementary.exp(lnS(x, epoch - onset) + sigma * rng.nextGaussian()).rounded()))
                    return CascadeRecord(epoch: epoch, size: s, extent: Swift.min(s, n - 1), duration: 2)
                }
                out.append(RunCascades(parameterCount: n, seedIndex: seed, onsetEpoch: onset, cascades: cascades))
            }
        }
        return out
    }
}
