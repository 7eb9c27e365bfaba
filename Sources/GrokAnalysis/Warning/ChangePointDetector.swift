/// A causal change-point detector: a self-starting two-sided CUSUM (Page 1954; Hawkins 1987,
/// "Self-starting CUSUM charts for location and scale"). Each point is standardised by the mean
/// and spread of every point before it, so the statistic at index t reads x₀ … x_t only: an
/// alarm at t could have been raised at t, and the lead times it gives are real warnings, not
/// hindsight. Standardising by the whole past rather than a fixed opening baseline keeps a few
/// noisy early points from making every later one look shifted.
///
/// Why CUSUM and not a Bayesian online detector: it has one statistic per index, so a threshold
/// set on control runs to a false-positive rate (``WarningThreshold``) applies to every indicator
/// alike, and its response to a planted step is simple to state (tests hold both).
public struct ChangePointDetector: Sendable, Hashable {
    /// Points that only feed the running mean and spread before the statistic starts.
    public var baseline: Int
    /// The reference value k (the drift allowance) in standard deviations: a shift smaller
    /// than k is never accumulated. Page's k = δ/2 is tuned for a shift of δ = 1 sd.
    public var drift: Double

    public init(baseline: Int = 5, drift: Double = 0.5) {
        self.baseline = baseline
        self.drift = drift
    }

    /// The smallest spread used to standardise, relative to the past's mean magnitude: a
    /// constant past (a weight norm before training moves it) would otherwise make every later
    /// rounding error an infinite z-score.
    public static let relativeSpreadFloor = 1e-6

    /// The statistic at every index: 0 over the first `baseline` points (at least 2), then
    /// z_t = (x_t − m_{t−1}) / s_{t−1} with m, s the mean and sample standard deviation (floored)
    /// of x₀ … x_{t−1}, S⁺_t = max(0, S⁺_{t−1} + z_t − k), S⁻_t = max(0, S⁻_{t−1} − z_t − k),
    /// statistic max(S⁺, S⁻). Nil when the series is not longer than its baseline.
    public func statistic(_ series: [Double]) -> [Double]? {
        let b = max(2, baseline)
        guard series.count > b else { return nil }
        // Welford's running mean and sum of squared deviations, in index order.
        var mean = 0.0, squares = 0.0
        for (i, x) in series[0..<b].enumerated() {
            let delta = x - mean
            mean += delta / Double(i + 1)
            squares += delta * (x - mean)
        }
        var up = 0.0, down = 0.0
        var out = [Double](repeating: 0, count: series.count)
        for t in b..<series.count {
            let floor = Self.relativeSpreadFloor * max(abs(mean), 1e-300)
            let spread = max((squares / Double(t - 1)).squareRoot(), floor)
            let z = (series[t] - mean) / spread
            up = max(0, up + z - drift)
            down = max(0, down - z - drift)
            out[t] = max(up, down)
            let delta = series[t] - mean
            mean += delta / Double(t + 1)
            squares += delta * (series[t] - mean)
        }
        return out
    }

    /// The first index before `end` (all of them when nil) whose statistic exceeds `threshold`
    /// (strictly), or nil.
    public static func firstAlarm(_ statistic: [Double], threshold: Double, before end: Int? = nil) -> Int? {
        let limit = min(end ?? statistic.count, statistic.count)
        for t in 0..<limit where statistic[t] > threshold { return t }
        return nil
    }

    /// The run's score: the largest statistic before `end` (an index), 0 when there is none.
    public static func score(_ statistic: [Double], before end: Int) -> Double {
        var best = 0.0
        for t in 0..<min(end, statistic.count) where statistic[t] > best { best = statistic[t] }
        return best
    }
}
