import GrokAnalysis
import GrokNumerics
import Testing

@Suite("Grokking-time statistics: Kaplan–Meier, Wilson, t_g ∝ h^-b")
struct GrokkingTimeTests {
    /// (t, event): 1, 2, 3+, 4, 5, 6+, 7, 8, 9+, 10+ (n = 10, + censored). By hand:
    /// t=1 n=10 d=1 S=0.9; t=2 n=9 S=0.8; 3+ leaves n=7; t=4 S=0.8·6/7=0.685714; t=5 n=6
    /// S=0.571429; 6+ leaves n=4; t=7 S=0.428571; t=8 n=3 S=0.285714. Greenwood sums
    /// 1/90, +1/72, +1/42, +1/30, +1/12, +1/6.
    static let times: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    static let observed = [true, true, false, true, true, false, true, true, false, false]

    @Test("Kaplan–Meier steps, Greenwood sums and median equal the hand-computed censored sample")
    func kaplanMeierHandComputed() {
        // Shuffled input: the estimate does not depend on the order.
        let order = [7, 2, 9, 0, 5, 3, 8, 1, 6, 4]
        let km = KaplanMeier(times: order.map { Self.times[$0] }, observed: order.map { Self.observed[$0] })
        #expect(km.steps.map(\.time) == [1, 2, 4, 5, 7, 8])
        #expect(km.steps.map(\.atRisk) == [10, 9, 7, 6, 4, 3])
        let survival: [Double] = [0.9, 0.8, 0.685714285714, 0.571428571429, 0.428571428571, 0.285714285714]
        for (step, s) in zip(km.steps, survival) { #expect(abs(step.survival - s) < 1e-11) }
        var sum = 0.0
        for (step, term) in zip(km.steps, [1.0 / 90, 1.0 / 72, 1.0 / 42, 1.0 / 30, 1.0 / 12, 1.0 / 6]) {
            sum += term
            #expect(abs(step.greenwoodSum - sum) < 1e-12)
        }
        #expect(km.median == 7)
        #expect(km.survival(at: 6.5) == km.steps[3].survival && km.survival(at: 0.5) == 1)
        #expect(km.count == 10 && km.eventCount == 6)
    }

    @Test("the log(−log S) band and the median interval match the hand computation")
    func medianIntervalHandComputed() {
        let km = KaplanMeier(times: Self.times, observed: Self.observed)
        // t = 5: S = 0.571429, v = 0.0821429 / ln(S)² = 0.262295, e^(1.959964·√v) = 2.72864:
        // lower = S^2.72864 = 0.217193, upper = S^(1/2.72864) = 0.814572.
        let band = KaplanMeier.pointwiseInterval(km.steps[3], confidence: 0.95)
        #expect(abs(band.lower - 0.217193) < 2e-6 && abs(band.upper - 0.814572) < 2e-6, "\(band)")
        // t = 1 already has a lower band of 0.473 ≤ 1/2; the upper band stays above 1/2 up to
        // the last event (0.601 at t = 8): the interval is [1, not reached).
        let interval = km.medianInterval(confidence: 0.95)
        #expect(interval.lower == 1 && interval.upper == nil)
    }

    @Test("a median where S is exactly 1/2 on a flat stretch is the midpoint to the next event; more than half censored has none")
    func medianConventions() {
        #expect(KaplanMeier(times: [1, 2, 3, 4], observed: [true, true, true, true]).median == 2.5)
        #expect(KaplanMeier(times: [1, 5, 5, 5], observed: [true, false, false, false]).median == nil)
        // Ties: the event at 3 counts before the censoring at 3 (n at risk 2 at t = 3).
        let tied = KaplanMeier(times: [3, 3, 1], observed: [false, true, true])
        #expect(tied.steps.map(\.atRisk) == [3, 2] && abs(tied.steps[1].survival - 1.0 / 3) < 1e-15)
    }

    @Test("Wilson intervals equal published values (Newcombe 1998; R's prop.test without correction)")
    func wilsonKnownValues() throws {
        let a = try #require(WilsonInterval.interval(successes: 5, trials: 10))
        #expect(abs(a.lower - 0.236593) < 1e-5 && abs(a.upper - 0.763407) < 1e-5, "\(a)")
        let b = try #require(WilsonInterval.interval(successes: 0, trials: 10))
        #expect(b.lower == 0 && abs(b.upper - 0.277533) < 1e-5, "\(b)")
        let c = try #require(WilsonInterval.interval(successes: 81, trials: 263))
        #expect(abs(c.lower - 0.2553) < 1e-4 && abs(c.upper - 0.3662) < 1e-4, "\(c)")  // Newcombe's example 0.2553–0.3662
        let d = try #require(WilsonInterval.interval(successes: 1000, trials: 1000))
        #expect(d.upper == 1 && abs(d.lower - 0.996173) < 1e-5, "\(d)")
        #expect(WilsonInterval.interval(successes: 1, trials: 0) == nil)
    }

    @Test("the normal quantile matches tabulated values")
    func normalQuantile() {
        #expect(abs(NormalQuantile.twoSided(0.95) - 1.959963985) < 1e-8)
        #expect(abs(NormalQuantile.z(0.995) - 2.575829304) < 1e-8)
        #expect(abs(NormalQuantile.z(0.001) + 3.090232306) < 1e-8)
    }

    @Test("t_g ∝ h^-b: exact power-law medians give b back with a tight interval; too few medians is unsupported")
    func exponentFit() throws {
        var stream = RandomStream(baseSeed: 4, labels: ["test"])
        let widths = [20, 50, 100, 200, 500]
        let samples = widths.map { h in
            // t_g = 40000 · h^-0.8 × a spread symmetric in rank, so the median is the centre.
            let centre = 40000 * Elementary.exp(-0.8 * Elementary.log(Double(h)))
            var onsets: [Int?] = (0..<201).map { i in Int((centre * (0.7 + 0.6 * Double(i) / 200)).rounded()) }
            stream.shuffle(&onsets)
            return GrokkingTimes.WidthSample(width: h, onsets: onsets, censoredAt: 5000)
        }
        let result = GrokkingTimes.analyse(samples, resamples: 300, stream: RandomStream(baseSeed: 1, labels: ["b"]))
        let b = try #require(result.exponent)
        #expect(abs(b.value - 0.8) < 0.01, "b = \(b.value)")
        #expect(b.ci[0] < b.value && b.value < b.ci[1] && b.ci[1] - b.ci[0] < 0.05 && b.resamples == 300)
        #expect(result.perWidth.allSatisfy { $0.grokked == 201 && $0.probability == 1 })

        // Two widths where most runs never grok: no median there, only 3 remain < 4 required.
        var censored = samples
        for k in [0, 1] { censored[k].onsets = censored[k].onsets.enumerated().map { $0.offset < 150 ? nil : $0.element } }
        let unsupported = GrokkingTimes.analyse(censored, resamples: 10, minimumWidths: 4, stream: RandomStream(baseSeed: 1, labels: ["b"]))
        #expect(unsupported.exponent == nil && unsupported.exponentUnsupported != nil && unsupported.widthsInFit == [100, 200, 500])
        #expect(unsupported.perWidth[0].median == nil && unsupported.perWidth[0].grokked == 51)
    }

    @Test("the same inputs and stream give the same bootstrap, whatever the order of the widths")
    func deterministic() {
        let samples = [20, 50, 100].map { h in
            GrokkingTimes.WidthSample(width: h, onsets: (0..<50).map { i in i % 7 == 0 ? nil : 3000 / (h / 10) + i * 3 }, censoredAt: 5000)
        }
        let a = GrokkingTimes.analyse(samples, resamples: 200, stream: RandomStream(baseSeed: 2, labels: ["t"]))
        let b = GrokkingTimes.analyse(samples.reversed(), resamples: 200, stream: RandomStream(baseSeed: 2, labels: ["t"]))
        #expect(a.exponent == b.exponent && a.perWidth == b.perWidth)
    }
}
