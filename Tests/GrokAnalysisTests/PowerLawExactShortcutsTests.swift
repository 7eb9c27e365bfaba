import GrokAnalysis
import GrokNumerics
import Testing

/// The power-law fits' shortcuts (value without derivative, integer-log table, the KS scan's early
/// exit, the concurrent goodness-of-fit) must change no bit of any result.
@Suite("Power-law shortcuts are exact")
struct PowerLawExactShortcutsTests {
    @Test("ζ(s, q) alone equals the value of (ζ, ∂ζ/∂s) bit for bit, at integer and fractional q")
    func valueMatchesValueAndDerivative() {
        for s in stride(from: 1.05, through: 12.0, by: 0.37) {
            for q in [1.0, 2, 3, 7, 9, 10, 11, 57, 1e4, 1.5, 9.75, 10.25] {
                #expect(HurwitzZeta.value(s, q).bitPattern == HurwitzZeta.valueAndDerivative(s, q).0.bitPattern)
            }
        }
    }

    /// The full KS supremum of a tail against the discrete law (α, x_min): every stretch's two ends.
    static func fullKS(_ sizes: [Int], alpha: Double, xMin: Int) -> Double {
        let tail = SizeHistogram(sizes).atLeast(xMin)
        let values = tail.values.map(Double.init)
        var above = [Int](repeating: 0, count: values.count + 1)
        for k in values.indices.reversed() { above[k] = above[k + 1] + tail.counts[k] }
        let n = Double(above[0]), zMin = HurwitzZeta.valueAndDerivative(alpha, Double(xMin)).0
        var ks = 0.0
        for j in values.indices {
            let fn = (n - Double(above[j + 1])) / n
            ks = Swift.max(ks, (fn - (1 - HurwitzZeta.valueAndDerivative(alpha, values[j] + 1).0 / zMin)).magnitude)
            if j + 1 < values.count { ks = Swift.max(ks, (fn - (1 - HurwitzZeta.valueAndDerivative(alpha, values[j + 1]).0 / zMin)).magnitude) }
        }
        return ks
    }

    @Test("the KS scan with its early exit reports the full supremum at its x_min, and no candidate fits better")
    func earlyExitScanMatchesFullScan() {
        var rng = RandomStream(baseSeed: 11, labels: ["power-law-shortcuts"])
        for trial in 0..<12 {
            let n = 200 + 150 * trial
            // A power-law tail over a uniform body, with ties and zeros.
            let sizes = (0..<n).map { _ -> Int in
                let u = rng.nextUniform()
                if u < 0.05 { return 0 }
                if u < 0.5 { return 1 + rng.nextInt(below: 6 + trial) }
                return Int(Elementary.exp(Elementary.log(1 / (1 - rng.nextUniform())) / (0.6 + 0.1 * Double(trial % 4)))) + 1
            }
            let fit = PowerLawMLE.discrete(sizes)
            #expect(fit.alpha.isFinite, "trial \(trial)")
            // Bit for bit: the early exit never cuts the winner's supremum short.
            #expect(fit.ks.bitPattern == Self.fullKS(sizes, alpha: fit.alpha, xMin: Int(fit.xMin)).bitPattern, "trial \(trial)")
            // Every other candidate with a usable tail has a full KS at least the winner's (up to
            // the last bits of α, which the public per-x_min MLE sums in another order).
            let distinct = SizeHistogram(sizes).atLeast(1)
            for (k, v) in distinct.values.enumerated() where distinct.counts[k...].reduce(0, +) >= 10 && k + 1 < distinct.values.count {
                let alpha = PowerLawMLE.discreteAlpha(sizes, xMin: v)
                guard alpha.isFinite else { continue }
                #expect(Self.fullKS(sizes, alpha: alpha, xMin: v) >= fit.ks - 1e-9, "trial \(trial), x_min \(v)")
            }
        }
    }

    @Test("the goodness-of-fit p does not depend on how its synthetic samples are scheduled")
    func goodnessOfFitIsRepeatable() {
        var rng = RandomStream(baseSeed: 5, labels: ["gof-repeat"])
        let sizes = (0..<600).map { _ in Int(Elementary.exp(Elementary.log(1 / (1 - rng.nextUniform())) / 0.8)) }
        let a = PowerLawTest.run(sizes, parameterCount: 81, resamples: 40, seed: 3, labels: ["t"])
        let b = PowerLawTest.run(sizes, parameterCount: 81, resamples: 40, seed: 3, labels: ["t"])
        #expect(a.gofResamples == 40)
        #expect(a.gofP.bitPattern == b.gofP.bitPattern)
        #expect(a == b)
    }
}
