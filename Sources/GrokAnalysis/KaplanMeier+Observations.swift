import GrokNumerics

/// The per-group view of ``KaplanMeier`` used by the task-group sections: integer onset epochs,
/// the median as the first event time with S ≤ 1/2, and a bootstrap interval of that median.
/// (The `timing` block uses the struct's Greenwood/Brookmeyer–Crowley interval instead.)
extension KaplanMeier {
    /// One run: its onset epoch, or nil when it never grokked (censored at `censoredAt`).
    public struct Observation: Sendable, Hashable {
        public var time: Int
        public var event: Bool
        public init(time: Int, event: Bool) { self.time = time; self.event = event }
    }

    /// The survival curve S(t) = Π_{t_i ≤ t} (1 − d_i/n_i) at each distinct event time, in
    /// ascending t. Censored observations at a time tied with events leave after them (the
    /// usual convention).
    public static func curve(_ observations: [Observation]) -> [(time: Int, survival: Double)] {
        let sorted = observations.sorted { ($0.time, $0.event ? 0 : 1) < ($1.time, $1.event ? 0 : 1) }
        var atRisk = sorted.count, survival = 1.0, i = 0
        var out: [(Int, Double)] = []
        while i < sorted.count {
            let t = sorted[i].time
            var events = 0, leaving = 0
            while i < sorted.count && sorted[i].time == t {
                if sorted[i].event { events += 1 }
                leaving += 1
                i += 1
            }
            if events > 0 {
                survival = survival * (1 - Double(events) / Double(atRisk))
                out.append((t, survival))
            }
            atRisk -= leaving
        }
        return out
    }

    /// The median: the first event time with S(t) ≤ 0.5; nil when the curve never gets there
    /// (more than half the runs censored before it).
    public static func median(_ observations: [Observation]) -> Int? {
        curve(observations).first { $0.survival <= 0.5 }?.time
    }

    /// The median with a bootstrap over runs (resample r draws n runs with replacement from
    /// RandomStream(baseSeed: seed, labels: labels + [r])): the percentile interval of the
    /// resamples whose median exists, and how many did.
    public static func medianEstimate(
        _ observations: [Observation], resamples: Int, confidence: Double,
        seed: UInt64, labels: [StreamLabel]
    ) -> (median: Int?, ci: [Double], resamplesWithMedian: Int) {
        let point = median(observations)
        guard !observations.isEmpty else { return (nil, [.nan, .nan], 0) }
        var values: [Double] = []
        for r in 0..<resamples {
            var stream = RandomStream(baseSeed: seed, labels: labels + [.int(r)])
            let sample = (0..<observations.count).map { _ in observations[stream.nextInt(below: observations.count)] }
            if let m = median(sample) { values.append(Double(m)) }
        }
        values.sort()
        guard !values.isEmpty else { return (point, [.nan, .nan], 0) }
        let tail = (1 - confidence) / 2
        return (point, [Quantile.linear(values, q: tail), Quantile.linear(values, q: 1 - tail)], values.count)
    }
}
