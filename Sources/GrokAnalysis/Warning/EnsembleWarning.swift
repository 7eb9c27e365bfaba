/// The early warning at the ensemble level, where D(τ) lives: D(τ) is a fit over widths, so it
/// has no per-run series; the fair comparison runs the same detector on the onset-aligned
/// ensemble mean of every per-run indicator, on the same τ windows as D(τ) (method §8).
///
/// The threshold here is fixed, not calibrated: ungrokked runs have no onset to align on, so
/// there is one null ensemble at most and a false-positive rate cannot be resolved from it. The
/// textbook CUSUM choice h = 5 baseline standard deviations at k = 0.5 (an in-control average run
/// length of ≈ 465 points for Gaussian noise; Montgomery, "Introduction to Statistical Quality
/// Control", §9.1) applies to every ensemble series alike.
public enum EnsembleWarning {
    public static let threshold = 5.0

    /// One τ window's value of a series; nil where the window is not covered.
    public struct Point: Sendable, Hashable {
        public var tauLo: Int
        public var tauHi: Int
        public var value: Double?

        public init(tauLo: Int, tauHi: Int, value: Double?) {
            self.tauLo = tauLo
            self.tauHi = tauHi
            self.value = value
        }
    }

    public struct Alarm: Sendable, Hashable {
        /// The first window whose statistic exceeds the threshold (its τ_lo), nil: no alarm.
        public var tauLo: Int?
        /// Epochs before the onset: −τ_lo of the alarm window when it starts before the onset.
        public var lead: Int?
        /// Windows the detector read (the longest run of consecutive covered windows).
        public var windows: Int
    }

    /// The ensemble mean over grokked runs of an indicator on `windows` (τ = epoch − t_g): each
    /// run's mean over its snapshots in [τ_lo, τ_hi), then the mean over the runs with any;
    /// nil with fewer than `minimumRuns` such runs.
    public static func ensembleMean(_ runs: [IndicatorWarning.Run], windows: [(lo: Int, hi: Int)], minimumRuns: Int) -> [Point] {
        windows.map { w in
            var sum = 0.0, count = 0
            for run in runs {
                guard let onset = run.onsetEpoch else { continue }
                var s = 0.0, n = 0
                for (e, v) in zip(run.epochs, run.values) {
                    let tau = e - onset
                    if tau >= w.lo && tau < w.hi { s += v; n += 1 }
                }
                if n > 0 { sum += s / Double(n); count += 1 }
            }
            return Point(tauLo: w.lo, tauHi: w.hi, value: count >= max(1, minimumRuns) ? sum / Double(count) : nil)
        }
    }

    /// The detector on the longest run of consecutive covered windows (ascending τ; a gap breaks
    /// a run; ties: the earliest).
    public static func alarm(_ points: [Point], detector: ChangePointDetector) -> Alarm {
        let sorted = points.sorted { $0.tauLo < $1.tauLo }
        var best: ArraySlice<Point> = [], start = 0
        for i in 0...sorted.count {
            let breaks = i == sorted.count || sorted[i].value == nil || (i > start && sorted[i - 1].tauHi != sorted[i].tauLo)
            if breaks {
                if i - start > best.count { best = sorted[start..<i] }
                start = i == sorted.count || sorted[i].value == nil ? i + 1 : i
            }
        }
        let series = best.map { $0.value! }
        guard let stat = detector.statistic(series), let t = ChangePointDetector.firstAlarm(stat, threshold: threshold) else {
            return Alarm(tauLo: nil, lead: nil, windows: series.count)
        }
        let window = best[best.startIndex + t]
        return Alarm(tauLo: window.tauLo, lead: window.tauLo < 0 ? -window.tauLo : nil, windows: series.count)
    }
}
