import GrokNumerics

/// The Gini(|θ|) transient at the onset as a number (method §6): per grokked run, the peak of
/// Gini over τ ∈ [0, postWindow) relative to the run's mean over τ ∈ [−preWindow, 0), and the τ
/// of the peak (the first on a tie); the median and interquartile range per width and overall.
public enum GiniTransient {
    public struct Run: Sendable {
        public var parameterCount: Int
        public var onsetEpoch: Int?
        public var epochs: [Int]
        public var gini: [Double]
        public init(parameterCount: Int, onsetEpoch: Int?, epochs: [Int], gini: [Double]) {
            self.parameterCount = parameterCount; self.onsetEpoch = onsetEpoch; self.epochs = epochs; self.gini = gini
        }
    }

    public struct Summary: Sendable, Hashable, Codable {
        /// nil: every width pooled.
        public var parameterCount: Int?
        /// Runs with snapshots in both windows.
        public var runs: Int
        /// Median and [Q1, Q3] of peak/baseline − 1 (0.097 is +9.7%).
        public var medianRise: Double
        public var riseIQR: [Double]
        public var medianTauPeak: Double
    }

    /// Peak rise and its τ per run; nil for an ungrokked run or one missing either window.
    public static func peak(_ run: Run, preWindow: Int, postWindow: Int) -> (rise: Double, tau: Int)? {
        guard let onset = run.onsetEpoch else { return nil }
        var sum = 0.0, count = 0.0
        var best = -Double.infinity, bestTau = 0
        for (epoch, g) in zip(run.epochs, run.gini) where g.isFinite {
            let tau = epoch - onset
            if tau < 0 && tau >= -preWindow { sum += g; count += 1 }
            if tau >= 0 && tau < postWindow && g > best { best = g; bestTau = tau }
        }
        guard count > 0, best.isFinite, sum > 0 else { return nil }
        return (best / (sum / count) - 1, bestTau)
    }

    /// Per width (ascending N), then the pooled row (parameterCount nil).
    public static func summaries(_ runs: [Run], preWindow: Int, postWindow: Int) -> [Summary] {
        let peaks = runs.compactMap { r in peak(r, preWindow: preWindow, postWindow: postWindow).map { (r.parameterCount, $0) } }
        func summary(_ n: Int?, _ list: [(rise: Double, tau: Int)]) -> Summary {
            let rises = list.map(\.rise).sorted(), taus = list.map { Double($0.tau) }.sorted()
            guard !rises.isEmpty else { return Summary(parameterCount: n, runs: 0, medianRise: .nan, riseIQR: [.nan, .nan], medianTauPeak: .nan) }
            return Summary(
                parameterCount: n, runs: rises.count, medianRise: Quantile.linear(rises, q: 0.5),
                riseIQR: [Quantile.linear(rises, q: 0.25), Quantile.linear(rises, q: 0.75)],
                medianTauPeak: Quantile.linear(taus, q: 0.5))
        }
        let widths = Set(runs.map(\.parameterCount)).sorted()
        return widths.map { n in summary(n, peaks.filter { $0.0 == n }.map(\.1)) } + [summary(nil, peaks.map(\.1))]
    }
}
