import GrokNumerics

/// The early-warning protocol of one indicator over a sweep's runs (method §8, after arXiv
/// 2605.08237): the same causal detector on every run; the alarm threshold set on the runs that
/// never grokked to a fixed false-positive rate; then, for the grokked runs, the share warned
/// before their onset and the lead t_g − t_cp, and the AUROC of grokked against ungrokked runs.
///
/// Horizons, so that both kinds of run are judged over the same stretch of training: a grokked
/// run is scored on its snapshots before t_g (an alarm at or after the onset is no warning); an
/// ungrokked run on its snapshots before the median t_g of the grokked runs of its width (of all
/// grokked runs when its width has none).
public enum IndicatorWarning {
    /// One run's series of an indicator, at its snapshot epochs.
    public struct Run: Sendable, Hashable {
        public var width: Int
        public var onsetEpoch: Int?
        public var epochs: [Int]
        public var values: [Double]

        public init(width: Int, onsetEpoch: Int?, epochs: [Int], values: [Double]) {
            self.width = width
            self.onsetEpoch = onsetEpoch
            self.epochs = epochs
            self.values = values
        }
    }

    public struct Outcome: Sendable, Hashable {
        public var grokkedRuns: Int
        public var controlRuns: Int
        /// The calibrated threshold on the detector statistic; nil when unsupported.
        public var threshold: Double?
        /// Share of control runs alarmed within their horizon (≤ the rate by construction).
        public var falseAlarmShare: Double?
        /// Share of grokked runs alarmed before their onset.
        public var warnedShare: Double?
        /// Median of t_g − t_cp over the warned runs, epochs; and its bootstrap percentile interval.
        public var leadMedian: Double?
        public var leadInterval: [Double]
        /// AUROC of the runs' scores (largest statistic within the horizon), grokked vs control.
        public var auroc: Double?
        /// Grokked runs whose onset came before the detector's baseline was complete.
        public var tooEarly: Int
        /// Why the threshold could not be set (too few controls, no grokked runs), else nil.
        public var unsupported: String?
        /// Per run, in input order: the epoch of the first alarm anywhere in its series at the
        /// threshold (nil: none, or no threshold).
        public var alarmEpochs: [Int?]
    }

    /// Evaluates one indicator. `seed`/`labels` address the bootstrap of the median lead.
    public static func evaluate(
        _ runs: [Run], detector: ChangePointDetector, fpr: Double, resamples: Int, confidence: Double,
        seed: UInt64, labels: [StreamLabel]
    ) -> Outcome {
        let horizons = horizonEpochs(runs)
        var grokScores: [Double] = [], controlScores: [Double] = []
        var statistics: [[Double]?] = []
        var tooEarly = 0
        for (i, run) in runs.enumerated() {
            let stat = detector.statistic(run.values)
            statistics.append(stat)
            let end = run.epochs.firstIndex { $0 >= horizons[i] } ?? run.epochs.count
            let score = stat.map { ChangePointDetector.score($0, before: end) } ?? 0
            if run.onsetEpoch != nil {
                if end <= max(2, detector.baseline) { tooEarly += 1 }
                grokScores.append(score)
            } else {
                controlScores.append(score)
            }
        }
        var outcome = Outcome(
            grokkedRuns: grokScores.count, controlRuns: controlScores.count, threshold: nil, falseAlarmShare: nil,
            warnedShare: nil, leadMedian: nil, leadInterval: [.nan, .nan],
            auroc: WarningThreshold.auroc(positives: grokScores, negatives: controlScores), tooEarly: tooEarly, unsupported: nil,
            alarmEpochs: Array(repeating: nil, count: runs.count))
        guard !grokScores.isEmpty else {
            outcome.unsupported = "no grokked runs"
            return outcome
        }
        guard let threshold = WarningThreshold.calibrate(controlScores: controlScores, fpr: fpr) else {
            outcome.unsupported =
                "\(controlScores.count) ungrokked run(s); a false-positive rate of \(fpr) needs at least \(WarningThreshold.minimumControls(fpr: fpr))"
            return outcome
        }
        outcome.threshold = threshold
        outcome.falseAlarmShare = Double(controlScores.count { $0 > threshold }) / Double(controlScores.count)
        var leads: [Double] = []
        for (i, run) in runs.enumerated() {
            guard let stat = statistics[i] else { continue }
            if let t = ChangePointDetector.firstAlarm(stat, threshold: threshold) { outcome.alarmEpochs[i] = run.epochs[t] }
            guard let onset = run.onsetEpoch else { continue }
            let end = run.epochs.firstIndex { $0 >= onset } ?? run.epochs.count
            if let t = ChangePointDetector.firstAlarm(stat, threshold: threshold, before: end) {
                leads.append(Double(onset - run.epochs[t]))
            }
        }
        outcome.warnedShare = Double(leads.count) / Double(grokScores.count)
        if !leads.isEmpty {
            outcome.leadMedian = Quantile.linear(leads.sorted(), q: 0.5)
            outcome.leadInterval = medianInterval(leads, resamples: resamples, confidence: confidence, seed: seed, labels: labels)
        }
        return outcome
    }

    /// Per run, the epoch its score stops at: t_g, or for an ungrokked run the median t_g of its
    /// width's grokked runs (of every grokked run when its width has none; the last epoch + 1
    /// when no run grokked).
    static func horizonEpochs(_ runs: [Run]) -> [Int] {
        var onsetsByWidth: [Int: [Double]] = [:]
        var all: [Double] = []
        for r in runs { if let t = r.onsetEpoch { onsetsByWidth[r.width, default: []].append(Double(t)); all.append(Double(t)) } }
        let pooled = all.isEmpty ? nil : Quantile.linear(all.sorted(), q: 0.5)
        return runs.map { r in
            if let t = r.onsetEpoch { return t }
            if let own = onsetsByWidth[r.width] { return Int(Quantile.linear(own.sorted(), q: 0.5).rounded(.up)) }
            if let pooled { return Int(pooled.rounded(.up)) }
            return (r.epochs.last ?? 0) + 1
        }
    }

    /// The percentile interval of the median lead over runs resampled with replacement.
    static func medianInterval(_ leads: [Double], resamples: Int, confidence: Double, seed: UInt64, labels: [StreamLabel]) -> [Double] {
        guard resamples > 0, leads.count > 1 else { return [.nan, .nan] }
        var stream = RandomStream(baseSeed: seed, labels: labels + ["lead-median"])
        var medians: [Double] = []
        medians.reserveCapacity(resamples)
        var draw = [Double](repeating: 0, count: leads.count)
        for _ in 0..<resamples {
            for i in 0..<leads.count { draw[i] = leads[stream.nextInt(below: leads.count)] }
            draw.sort()
            medians.append(Quantile.linear(draw, q: 0.5))
        }
        medians.sort()
        let tail = (1 - confidence) / 2
        return [Quantile.linear(medians, q: tail), Quantile.linear(medians, q: 1 - tail)]
    }
}
