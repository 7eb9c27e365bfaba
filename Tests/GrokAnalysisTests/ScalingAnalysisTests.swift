import Foundation
import GrokAnalysis
import GrokNumerics
import Testing

@Suite("Finite-size scaling of gradient and control cascades")
struct ScalingAnalysisTests {
    static func options(resamples: Int = 400, seed: UInt64 = 5) -> ScalingOptions {
        var o = ScalingOptions(bootstrapResamples: resamples, seed: seed, streamLabels: ["analysis", "ba"])
        // The collapse refits and the goodness-of-fit bootstrap have their own tests.
        o.collapseResamples = Swift.min(resamples, 20)
        o.gofResamples = 0
        return o
    }

    @Test("D_pre and D_post recover planted exponents 0.8 and 1.2 (within 0.03), for the mean and the maximum of s")
    func plantedPrePost() throws {
        let result = try ScalingAnalysis.gradient(Synthetic.runs(dPre: 0.8, dPost: 1.2), options: Self.options())
        #expect(abs(result.dPre.value - 0.8) < 0.03 && abs(result.dPost.value - 1.2) < 0.03)
        #expect(abs(result.dPreSmax.value - 0.8) < 0.1 && abs(result.dPostSmax.value - 1.2) < 0.1)
        #expect(result.dPre.r2! > 0.99 && result.dPost.r2! > 0.99)
        #expect(result.ungrokkedRuns == 0)
        #expect(result.perWidth.count == 8 && result.perWidth.allSatisfy { $0.runs == 6 && $0.grokkedRuns == 6 })
        #expect(result.powerLaw.count == 8 && result.powerLaw.allSatisfy { $0.sampleCount == 6 * 51 })
    }

    @Test("every statistic recovers a planted D = 1 when the exponent does not change at onset", arguments: ScalingStatistic.allCases)
    func statistics(statistic: ScalingStatistic) throws {
        var options = Self.options(resamples: 0)
        options.statistic = statistic
        let result = try ScalingAnalysis.gradient(Synthetic.runs(dPre: 1.0, dPost: 1.0, sigma: 0.1), options: options)
        #expect(abs(result.dPre.value - 1) < 0.05 && abs(result.dPost.value - 1) < 0.05, "\(result.dPre.value) \(result.dPost.value)")
    }

    @Test("D(τ) has W-wide windows, steps from 0.8 to 1.2 at τ = 0, and τ* lies within one window of 0")
    func dTauCrossing() throws {
        let result = try ScalingAnalysis.gradient(Synthetic.runs(dPre: 0.8, dPost: 1.2), options: Self.options(resamples: 200))
        #expect(!result.dTau.isEmpty)
        for w in result.dTau {
            #expect(w.tauHi - w.tauLo == 400 && w.tauLo % 400 == 0 && w.widthsUsed >= 3)
            #expect(abs(w.d - (w.tauLo < 0 ? 0.8 : 1.2)) < 0.1, "window \(w.tauLo): \(w.d)")
            #expect(w.ci.count == 2 && w.ci[0] <= w.ci[1])
        }
        #expect(zip(result.dTau, result.dTau.dropFirst()).allSatisfy { $0.tauLo < $1.tauLo })
        let star = try #require(result.crossingTau)
        #expect(abs(star) < 400)
        #expect(result.crossings.contains(star))
    }

    @Test("D(τ) that stays below 1 has no crossing")
    func noCrossing() throws {
        let result = try ScalingAnalysis.gradient(Synthetic.runs(dPre: 0.7, dPost: 0.8), options: Self.options(resamples: 0))
        #expect(result.crossingTau == nil && result.crossings.isEmpty)
    }

    @Test("ungrokked runs are counted and leave every τ-based number unchanged")
    func ungrokkedExcluded() throws {
        let grokked = Synthetic.runs(seeds: 5, dPre: 0.8, dPost: 1.2)
        // A sixth seed per width that never groks, with wildly different sizes.
        let wild = Synthetic.runs(seeds: 6, dPre: 2.0, dPost: 2.0, onset: { _, _ in nil }, stream: 9).filter { $0.seedIndex == 5 }
        let options = Self.options(resamples: 0)
        let clean = try ScalingAnalysis.gradient(grokked, options: options)
        let mixed = try ScalingAnalysis.gradient(grokked + wild, options: options)
        #expect(mixed.ungrokkedRuns == 8 && clean.ungrokkedRuns == 0)
        #expect(mixed.dPre.value == clean.dPre.value && mixed.dPost.value == clean.dPost.value)
        #expect(mixed.dPreSmax.value == clean.dPreSmax.value && mixed.dPostSmax.value == clean.dPostSmax.value)
        // (Without resamples the bands are NaN, which never compare equal: compare the fits.)
        #expect(mixed.dTau.map(\.d) == clean.dTau.map(\.d) && mixed.dTau.map(\.tauLo) == clean.dTau.map(\.tauLo))
        #expect(mixed.dTau.map(\.widthsUsed) == clean.dTau.map(\.widthsUsed) && mixed.crossings == clean.crossings)
        #expect(mixed.perWidth.allSatisfy { $0.runs == 6 && $0.grokkedRuns == 5 })
        #expect(zip(mixed.perWidth, clean.perWidth).allSatisfy { $0.sPre == $1.sPre && $0.cascadesPost == $1.cascadesPost })
    }

    @Test("leave-one-out has one entry per width, each equal to a direct refit without that width")
    func leaveOneOut() throws {
        let runs = Synthetic.runs(dPre: 0.8, dPost: 1.2)
        let options = Self.options(resamples: 0)
        let result = try ScalingAnalysis.gradient(runs, options: options)
        #expect(result.leaveOneOut.map(\.removedParameterCount) == Synthetic.widths)
        for entry in result.leaveOneOut {
            let direct = try ScalingAnalysis.gradient(runs.filter { $0.parameterCount != entry.removedParameterCount }, options: options)
            #expect(entry.dPre == direct.dPre.value && entry.dPost == direct.dPost.value)
        }
    }

    @Test("when every seed of a width is identical the bootstrap has std 0 and a degenerate interval at the estimate")
    func identicalSeeds() throws {
        let runs = Synthetic.runs(dPre: 0.8, dPost: 1.2, identicalSeeds: true)
        let result = try ScalingAnalysis.gradient(runs, options: Self.options(resamples: 300))
        for e in [result.dPre, result.dPost, result.dPreSmax, result.dPostSmax] {
            #expect(e.std == 0 && e.ci[0] == e.ci[1] && e.ci[0] == e.value && e.mean == e.value && e.resamples == 300)
        }
        #expect(result.collapseD.std == 0 && result.collapseD.ci[0] == result.collapseD.ci[1])
        let control = try ScalingAnalysis.control(
            Synthetic.runs(dPre: 1, dPost: 1, onset: { _, _ in nil }, identicalSeeds: true),
            options: Self.options(resamples: 300))
        #expect(control.dSynth.std == 0 && control.dSynth.ci == [control.dSynth.value, control.dSynth.value])
    }

    @Test("the bootstrap is deterministic for a seed and changes with the seed")
    func bootstrapDeterminism() throws {
        let runs = Synthetic.runs(dPre: 0.8, dPost: 1.2)
        let a = try ScalingAnalysis.gradient(runs, options: Self.options(resamples: 300, seed: 1))
        let b = try ScalingAnalysis.gradient(runs.reversed(), options: Self.options(resamples: 300, seed: 1))
        let c = try ScalingAnalysis.gradient(runs, options: Self.options(resamples: 300, seed: 2))
        #expect(a.dPre == b.dPre && a.dPost == b.dPost && a.gamma == b.gamma && a.collapseD == b.collapseD && a.dTau == b.dTau)
        #expect(a.dPre.value == c.dPre.value)
        #expect(a.dPre.ci != c.dPre.ci && a.dPost.std != c.dPost.std)
        var labelled = Self.options(resamples: 300, seed: 1)
        labelled.streamLabels = ["analysis", "er"]
        let d = try ScalingAnalysis.gradient(runs, options: labelled)
        #expect(a.dPre.ci != d.dPre.ci)
    }

    @Test("for a well-behaved dataset the percentile interval contains the full-data estimate")
    func intervalContainsEstimate() throws {
        var options = Self.options(resamples: 1000)
        options.collapseResamples = 200
        let result = try ScalingAnalysis.gradient(Synthetic.runs(dPre: 0.8, dPost: 1.2), options: options)
        for e in [result.dPre, result.dPost, result.dPreSmax, result.dPostSmax] {
            #expect(e.ci[0] <= e.value && e.value <= e.ci[1], "\(e)")
            #expect(e.std > 0 && e.resamples == 1000)
        }
        // The collapse is refitted in the first collapseResamples resamples only.
        for e in [result.collapseD, result.gamma] {
            #expect(e.ci[0] <= e.value && e.value <= e.ci[1], "\(e)")
            #expect(e.std > 0 && e.resamples == 200)
        }
    }

    @Test("the Gaussian-like control with planted D = 1 gives D_synth ≈ 1 and per-width statistics")
    func control() throws {
        let runs = Synthetic.runs(dPre: 1.0, dPost: 1.0, onset: { _, _ in nil })
        let result = try ScalingAnalysis.control(runs, options: Self.options())
        #expect(abs(result.dSynth.value - 1) < 0.02 && result.dSynth.ci[0] < 1.02 && result.dSynth.ci[1] > 0.98)
        #expect(result.perWidth.count == 8 && result.perWidth.allSatisfy { $0.runs == 6 && $0.cascades == 6 * 51 })
    }

    @Test("fewer widths than minimumWidthsPerFit give non-finite estimates, not an error")
    func tooFewWidths() throws {
        let runs = Synthetic.runs(widths: [81, 121], dPre: 0.8, dPost: 1.2)
        let result = try ScalingAnalysis.gradient(runs, options: Self.options(resamples: 50))
        #expect(!result.dPre.value.isFinite && result.dPre.resamples == 0 && result.dTau.isEmpty)
        #expect(!result.collapseD.value.isFinite && result.crossingTau == nil)
        #expect(result.leaveOneOut.allSatisfy { !$0.dPre.isFinite })
    }

    @Test("malformed input throws: no runs, a duplicate (N, seed), a negative size, an invalid option")
    func errors() {
        let runs = Synthetic.runs(widths: [81, 121, 201], seeds: 2, dPre: 0.8, dPost: 1.2)
        #expect(throws: AnalysisError.noRuns) { try ScalingAnalysis.gradient([], options: Self.options()) }
        #expect(throws: AnalysisError.duplicateRun(parameterCount: 81, seedIndex: 0)) {
            try ScalingAnalysis.control(runs + [runs[0]], options: Self.options())
        }
        var negative = runs
        negative[1].cascades[3].size = -1
        #expect(throws: AnalysisError.self) { try ScalingAnalysis.gradient(negative, options: Self.options()) }
        var bad = Self.options()
        bad.confidence = 1.5
        #expect(throws: AnalysisError.self) { try ScalingAnalysis.gradient(runs, options: bad) }
    }

    @Test(
        "coefficient of variation is the population std over |mean|",
        arguments: [
            ([1.0, 2, 3, 4], 1.118033988749895 / 2.5), ([5.0, 5, 5], 0.0), ([-2.0, -4], 1.0 / 3), ([0.99, 0.97, 0.98], 0.00816496580927726 / 0.98),
        ])
    func coefficientOfVariation(values: [Double], expected: Double) {
        #expect(abs(ScalingAnalysis.coefficientOfVariation(values) - expected) < 1e-12)
    }

    @Test("coefficient of variation is NaN for no values or a zero mean")
    func coefficientOfVariationUndefined() {
        #expect(ScalingAnalysis.coefficientOfVariation([]).isNaN && ScalingAnalysis.coefficientOfVariation([1, -1]).isNaN)
    }

    @Test("options round-trip through JSON, and a partial JSON takes the defaults")
    func optionsCodable() throws {
        var options = Self.options()
        options.statistic = .extent
        options.streamLabels = ["analysis", 3]
        let data = try JSONEncoder().encode(options)
        #expect(try JSONDecoder().decode(ScalingOptions.self, from: data) == options)
        let partial = try JSONDecoder().decode(ScalingOptions.self, from: Data(#"{"statistic":"logmean"}"#.utf8))
        #expect(partial.statistic == .logmean && partial.windowWidth == 400 && partial.bootstrapResamples == 10_000)
    }
}
