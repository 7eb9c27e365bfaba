import GrokAnalysis
import GrokNumerics
import Testing

@Suite("Clauset–Shalizi–Newman power-law fits")
struct PowerLawMLETests {
    @Test("Hurwitz ζ matches known values: ζ(2,1) = π²/6, ζ(3,1) = 1.2020569…, ζ(2,5) = π²/6 − Σ_{k<5} k⁻², ζ(2.5,100)")
    func hurwitzZeta() {
        let pi2over6 = 1.6449340668482264
        #expect(abs(HurwitzZeta.value(2, 1) - pi2over6) < 1e-13)
        #expect(abs(HurwitzZeta.value(3, 1) - 1.2020569031595942) < 1e-13)
        #expect(abs(HurwitzZeta.value(2, 5) - (pi2over6 - 1 - 0.25 - 1.0 / 9 - 1.0 / 16)) < 1e-13)
        #expect(abs(HurwitzZeta.value(2.5, 100) / 0.0006716874994531716 - 1) < 1e-12)  // scipy.special.zeta(2.5, 100)
    }

    @Test("the discrete MLE recovers α = 1.5, 2.0, 2.5 of exact discrete power-law samples within 3%", arguments: [1.5, 2.0, 2.5])
    func discreteRecovery(alpha: Double) {
        var rng = RandomStream(baseSeed: 11, labels: ["zipf", .int(Int(alpha * 10))])
        let sample = Synthetic.zipf(alpha, count: 20_000, rng: &rng)
        let estimate = PowerLawMLE.discreteAlpha(sample, xMin: 1)
        #expect(abs(estimate / alpha - 1) < 0.03, "α̂ = \(estimate)")
    }

    @Test("the continuous fit with KS-chosen x_min recovers α = 1.5, 2.0, 2.5 of Pareto samples within 5%", arguments: [1.5, 2.0, 2.5])
    func continuousRecovery(alpha: Double) {
        var rng = RandomStream(baseSeed: 12, labels: ["pareto", .int(Int(alpha * 10))])
        let sample = Synthetic.pareto(alpha, xMin: 1, count: 3000, rng: &rng)
        let fit = PowerLawMLE.continuous(sample)
        #expect(abs(fit.alpha / alpha - 1) < 0.05, "α̂ = \(fit.alpha) at x_min \(fit.xMin)")
        #expect(fit.sampleCount == 3000 && fit.tailCount <= 3000 && fit.tailCount >= 10)
    }

    @Test("KS selection finds a planted x_min = 50 below which sizes are uniform, and α = 2.5 above it")
    func plantedXMin() {
        var rng = RandomStream(baseSeed: 13, labels: ["mixture"])
        var sizes = (0..<1500).map { _ in 1 + rng.nextInt(below: 49) }
        // CSN's discrete approximation x = ⌊(x_min − ½)(1 − u)^(−1/(α−1)) + ½⌋ is accurate at x_min = 50.
        for _ in 0..<1500 {
            let x = 49.5 * Elementary.exp(-Elementary.log(1 - rng.nextUniform()) / 1.5) + 0.5
            sizes.append(Int(x.rounded(.down)))
        }
        let fit = PowerLawMLE.discrete(sizes)
        #expect(fit.xMin >= 45 && fit.xMin <= 60, "x_min = \(fit.xMin)")
        #expect(abs(fit.alpha - 2.5) < 0.15, "α̂ = \(fit.alpha)")
        #expect(fit.sampleCount == 3000)
        #expect(fit.ks > 0 && fit.ks < 0.05)
    }

    @Test("a sample with a single distinct size gives a non-finite α instead of crashing")
    func degenerate() {
        let fit = PowerLawMLE.discrete([Int](repeating: 7, count: 100))
        #expect(!fit.alpha.isFinite)
        #expect(fit.sampleCount == 100)
        #expect(PowerLawMLE.discrete([]).sampleCount == 0)
    }
}
