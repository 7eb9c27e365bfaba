import GrokAnalysis
import GrokNumerics
import Testing

@Suite("Early warning: the lead time of separating D(τ) bands")
struct EarlyWarningTests {
    /// Windows of 100 epochs from −800 to +400; D = `d(τ_lo)` with a band of ±0.05.
    func bands(_ d: (Int) -> Double) -> [DTauWindow] {
        stride(from: -800, to: 400, by: 100).map { lo in
            DTauWindow(tauLo: lo, tauHi: lo + 100, d: d(lo), r2: 1, widthsUsed: 8, ci: [d(lo) - 0.05, d(lo) + 0.05], resamples: 100)
        }
    }

    @Test("planted bands that part at τ = −300 give a lead of 300 epochs")
    func plantedSeparation() {
        let grokked = bands { $0 >= -300 ? 0.8 : 1.0 }
        let ungrokked = bands { $0 >= -300 ? 1.2 : 1.02 }
        #expect(EarlyWarning.leadTime(grokked: grokked, reference: ungrokked) == 300)
    }

    @Test("bands that touch just before onset give no warning, however apart they were earlier")
    func noWarningWhenOverlappingAtOnset() {
        let grokked = bands { $0 == -100 ? 1.0 : 0.7 }
        let ungrokked = bands { _ in 1.05 }
        #expect(EarlyWarning.leadTime(grokked: grokked, reference: ungrokked) == nil)
    }

    @Test("a missing window ends the run of separated windows (no bridging of gaps)")
    func gapEndsTheRun() {
        let grokked = bands { _ in 0.7 }.filter { $0.tauLo != -400 }
        let ungrokked = bands { _ in 1.2 }
        #expect(EarlyWarning.leadTime(grokked: grokked, reference: ungrokked) == 300)
    }

    @Test("the bootstrap finds a planted early separation in synthetic cascades, with an interval around it")
    func plantedCascades() {
        // S(N) ∝ N^D with D = 0.8 (grokked) or 1.2 (reference) from τ = −400 on, and D = 1 earlier.
        func runs(dLate: Double, seed: UInt64) -> [RunCascades] {
            var stream = RandomStream(seed: seed)
            return [100, 200, 400, 800].flatMap { n in
                (0..<4).map { s in
                    let cascades = stride(from: 0, through: 2000, by: 50).map { epoch -> CascadeRecord in
                        let d = epoch - 1000 >= -400 ? dLate : 1.0
                        let size = Int((Elementary.exp(d * Elementary.log(Double(n))) * (1 + 0.05 * stream.nextGaussian())).rounded())
                        return CascadeRecord(epoch: epoch, size: max(size, 1), extent: max(size, 1), duration: 1)
                    }
                    return RunCascades(parameterCount: n, seedIndex: s, onsetEpoch: 1000, cascades: cascades)
                }
            }
        }
        var options = ScalingOptions()
        options.windowWidth = 100
        options.bootstrapResamples = 100
        let e = EarlyWarning.estimate(
            grokked: runs(dLate: 0.8, seed: 1), reference: runs(dLate: 1.2, seed: 2), options: options,
            resamples: 20, innerResamples: 50)
        #expect(e.value == 400)
        #expect(e.ci[0] <= 400 && e.ci[1] >= 400)
        #expect(e.warningShare == 1)
    }

    @Test("the crossing nearest onset and its direction: descending for a planted 1.3 → 0.8 step")
    func crossingDirection() {
        let descending = bands { $0 < 0 ? 1.3 : 0.8 }
        let c = DTauCrossing.nearestOnset(descending)
        #expect(c?.direction == .descending)
        #expect(c.map { abs($0.tau) <= 50 } == true)
        #expect(DTauCrossing.nearestOnset(bands { $0 < 0 ? 0.8 : 1.3 })?.direction == .ascending)
        #expect(DTauCrossing.nearestOnset(bands { _ in 0.9 }) == nil)
    }
}

@Suite("Survival and proportions: Kaplan–Meier and Wilson")
struct SurvivalTests {
    @Test("Kaplan–Meier on a hand-computed example with censoring")
    func kaplanMeier() {
        // times 1, 2, 2(censored), 3, 4(censored): S(1) = 4/5, S(2) = 4/5·3/4 = 0.6, S(3) = 0.6·1/2 = 0.3
        let obs = [(1, true), (2, true), (2, false), (3, true), (4, false)].map { KaplanMeier.Observation(time: $0.0, event: $0.1) }
        let curve = KaplanMeier.curve(obs)
        #expect(curve.map(\.time) == [1, 2, 3])
        #expect(abs(curve[0].survival - 0.8) < 1e-15 && abs(curve[1].survival - 0.6) < 1e-15 && abs(curve[2].survival - 0.3) < 1e-15)
        #expect(KaplanMeier.median(obs) == 3)
        #expect(KaplanMeier.median(obs.map { KaplanMeier.Observation(time: $0.time, event: false) }) == nil)
    }

    @Test("Wilson interval: k = 0 of 10 gives [0, 0.2775], k = n stays below 1 only by clipping")
    func wilson() throws {
        let zero = try #require(WilsonInterval.interval(successes: 0, trials: 10))
        #expect(zero.lower == 0 && abs(zero.upper - 0.27753) < 1e-4)
        let half = try #require(WilsonInterval.interval(successes: 5, trials: 10))
        #expect(abs(half.lower - 0.23659) < 1e-4 && abs(half.upper - 0.76341) < 1e-4)
        #expect(abs(NormalQuantile.z(0.975) - 1.959963984540054) < 1e-8)
    }
}
