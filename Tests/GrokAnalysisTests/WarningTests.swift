import GrokAnalysis
import GrokNumerics
import Testing

/// The early-warning machinery against known answers: the detector's false-positive rate on
/// planted null series, its lead on a planted step, AUROC on a hand-computed case, the
/// threshold's order statistic, and the branching ratio on hand-worked cascades.
@Suite("Early warning: change points, thresholds, AUROC, branching ratio")
struct WarningTests {
    static func noise(_ count: Int, stream: inout RandomStream) -> [Double] {
        (0..<count).map { _ in stream.nextGaussian() }
    }

    @Test("the CUSUM statistic is causal: it never changes at t when later points change")
    func causal() throws {
        var s = RandomStream(seed: 7)
        let series = Self.noise(40, stream: &s)
        var altered = series
        for t in 25..<40 { altered[t] += 100 }
        let a = try #require(ChangePointDetector().statistic(series))
        let b = try #require(ChangePointDetector().statistic(altered))
        #expect(Array(a[0..<25]) == Array(b[0..<25]))
        #expect(b[25] > a[25])
    }

    @Test("a threshold set on null runs to 5% alarms on 5% of fresh null runs (within 3 binomial sd)")
    func falsePositiveRate() throws {
        let detector = ChangePointDetector()
        var s = RandomStream(seed: 11)
        func score() -> Double {
            let stat = detector.statistic(Self.noise(60, stream: &s))!
            return ChangePointDetector.score(stat, before: 60)
        }
        let calibration = (0..<2000).map { _ in score() }
        let threshold = try #require(WarningThreshold.calibrate(controlScores: calibration, fpr: 0.05))
        let fresh = (0..<2000).map { _ in score() }
        let rate = Double(fresh.count { $0 > threshold }) / 2000
        let sd = (0.05 * 0.95 / 2000).squareRoot()
        #expect(abs(rate - 0.05) < 3 * sd * 2.0.squareRoot(), "false-positive rate \(rate)")
    }

    @Test("a +3 sd step at index 40 alarms within three points, and the lead is t_g − t_cp")
    func plantedStep() throws {
        var s = RandomStream(seed: 3)
        var noise = Self.noise(60, stream: &s)
        for t in 40..<60 { noise[t] += 3 }
        let detector = ChangePointDetector()
        let stat = try #require(detector.statistic(noise))
        // With k = 0.5 a 3 sd shift adds 2.5 a point: h = 5 is crossed on the 2nd or 3rd point.
        let alarm = try #require(ChangePointDetector.firstAlarm(stat, threshold: 5))
        #expect((40...42).contains(alarm))
        // As a grokked run with snapshots every 10 epochs and t_g = 500 (index 50), beside 20 flat controls.
        let epochs = (0..<60).map { $0 * 10 }
        var runs = [IndicatorWarning.Run(width: 8, onsetEpoch: 500, epochs: epochs, values: noise)]
        for _ in 0..<20 { runs.append(.init(width: 8, onsetEpoch: nil, epochs: epochs, values: Self.noise(60, stream: &s))) }
        let o = IndicatorWarning.evaluate(runs, detector: detector, fpr: 0.05, resamples: 0, confidence: 0.95, seed: 0, labels: [])
        let threshold = try #require(o.threshold)
        let t = try #require(ChangePointDetector.firstAlarm(stat, threshold: threshold, before: 50))
        #expect(o.warnedShare == 1)
        #expect(o.leadMedian == Double(500 - epochs[t]))
        #expect(o.falseAlarmShare! <= 0.05)
    }

    @Test("AUROC of [3, 5, 7] against [1, 5, 6] is 5.5 / 9 (ties count one half)")
    func aurocHandComputed() throws {
        // 3 beats 1 (1); 5 beats 1, ties 5 (1.5); 7 beats all three (3): U = 5.5 of 9 pairs.
        let a = try #require(WarningThreshold.auroc(positives: [3, 5, 7], negatives: [1, 5, 6]))
        #expect(abs(a - 5.5 / 9) < 1e-15)
        #expect(WarningThreshold.auroc(positives: [2, 3], negatives: [0, 1]) == 1)
        #expect(WarningThreshold.auroc(positives: [], negatives: [1]) == nil)
    }

    @Test("the threshold is the ⌈(1 − fpr)·m⌉-th control score; too few controls give none")
    func thresholdOrderStatistic() throws {
        let scores = (1...20).map(Double.init).reversed().map { $0 }
        #expect(WarningThreshold.calibrate(controlScores: Array(scores), fpr: 0.05) == 19)
        #expect(WarningThreshold.calibrate(controlScores: Array(scores.prefix(19)), fpr: 0.05) == nil)
        #expect(WarningThreshold.minimumControls(fpr: 0.05) == 20)
        #expect(WarningThreshold.calibrate(controlScores: (1...40).map(Double.init), fpr: 0.1) == 36)
    }

    @Test("too few controls make the protocol unsupported, with the count needed in words")
    func unsupported() {
        let run = IndicatorWarning.Run(width: 4, onsetEpoch: 50, epochs: Array(0..<10).map { $0 * 10 }, values: (0..<10).map(Double.init))
        let control = IndicatorWarning.Run(width: 4, onsetEpoch: nil, epochs: run.epochs, values: Array(repeating: 1, count: 10))
        let o = IndicatorWarning.evaluate([run, control], detector: .init(), fpr: 0.05, resamples: 0, confidence: 0.95, seed: 0, labels: [])
        #expect(o.threshold == nil && o.leadMedian == nil)
        #expect(o.unsupported?.contains("at least 20") == true)
    }

    @Test("the ensemble detector alarms on a planted step of the onset-aligned mean, and reports the lead")
    func ensembleStep() {
        let windows = stride(from: -1000, to: 500, by: 100).map { (lo: $0, hi: $0 + 100) }
        var runs: [IndicatorWarning.Run] = []
        var s = RandomStream(seed: 5)
        for _ in 0..<10 {
            let epochs = Array(stride(from: 0, through: 1500, by: 10))
            // t_g = 1000: a step of +5 from τ = −300 on.
            let values = epochs.map { e in (e - 1000 >= -300 ? 5.0 : 0) + 0.5 * s.nextGaussian() }
            runs.append(.init(width: 8, onsetEpoch: 1000, epochs: epochs, values: values))
        }
        let points = EnsembleWarning.ensembleMean(runs, windows: windows, minimumRuns: 3)
        #expect(points.allSatisfy { $0.value != nil })
        let alarm = EnsembleWarning.alarm(points, detector: .init())
        #expect(alarm.tauLo == -300 && alarm.lead == 300)
    }

    @Test("σ on the hand-worked cascades: path 3 + 2 waves, star 16 topplings from 3")
    func branchingHandWorked() {
        // HandComputedCascadeTests: path, global, c = 0.5: waves 3, 2 → σ = (2 + 0) / (3 + 2).
        #expect(BranchingRatio.harris(size: 5, firstWave: 3) == 0.4)
        // Star, c = 0.8: waves 3, 3, 3, 1, 2, 1, 2, 1 → σ = 13 / 16.
        #expect(BranchingRatio.harris(size: 16, firstWave: 3) == 13.0 / 16)
        // Per seed: avalanches (3 waves of 1) and (2 of 1): σ = 2/3 and 1/2; pooled 3 / 5.
        #expect(BranchingRatio.pooled([(3, 1), (2, 1)]) == 0.6)
        #expect(BranchingRatio.harris(size: 0, firstWave: 0) == nil)
    }
}
