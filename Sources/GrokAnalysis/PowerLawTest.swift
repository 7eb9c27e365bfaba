import GrokNumerics

/// Whether a width's sizes have a power-law regime at all (CSN 2009 §4–5): the MLE fit, the tail
/// span, the semi-parametric bootstrap goodness-of-fit p and Vuong's tests against alternatives.
public enum PowerLawTest {
    /// A tail must span this many decades, and the gof p reach this, for α to be reported.
    public static let minimumDecades = 2.0, minimumP = 0.1
    /// The goodness-of-fit bootstrap refits x_min and α on every synthetic sample, so its cost
    /// grows with n × distinct sizes × resamples. Above this many sizes (1,000 seeds per width
    /// give ~50,000) it runs on a seeded random subsample of this size, drawn without replacement
    /// from RandomStream(baseSeed: seed, labels: labels + ["subsample"]); α, x_min, the tail span
    /// and Vuong's tests always use every size. At n = 5,000 the test already rejects what it can.
    public static let gofMaximumSample = 5_000

    /// Synthetic sample b draws from RandomStream(baseSeed: seed, labels: labels + [.int(b)]): each
    /// of the n sizes comes, with probability n_tail/n, from the fitted discrete power law above
    /// x_min (exact inverse CDF), else uniformly from the observed sizes below x_min; the whole
    /// fit (x_min by KS included) is redone and p is the share with KS ≥ the data's.
    public static func run(_ sizes: [Int], parameterCount: Int, resamples: Int, seed: UInt64, labels: [StreamLabel]) -> PowerLawFit {
        run(SizeHistogram(sizes), parameterCount: parameterCount, resamples: resamples, seed: seed, labels: labels)
    }

    /// The test on a histogram of sizes: the same bits as on the list it counts. Every
    /// order-dependent step reads the sizes in ascending order (Vuong's sums over the tail, the
    /// goodness-of-fit's subsample), so the order the cascades arrived in never shows.
    public static func run(_ histogram: SizeHistogram, parameterCount: Int, resamples: Int, seed: UInt64, labels: [StreamLabel]) -> PowerLawFit {
        let positive = histogram.atLeast(1)
        let fit = PowerLawMLE.discrete(positive)
        var out = PowerLawFit(
            parameterCount: parameterCount, alpha: fit.alpha, xMin: fit.xMin, ks: fit.ks,
            tailCount: fit.tailCount, sampleCount: fit.sampleCount)
        guard fit.alpha.isFinite, let largest = positive.values.last else { return out }
        out.tailDecades = Elementary.log(Double(largest) / fit.xMin) / Elementary.log(10)
        let xMin = Int(fit.xMin)
        let tail = positive.atLeast(xMin).ascending()
        out.vuongLognormal = VuongTest.lognormal(tail, alpha: fit.alpha, xMin: xMin)
        out.vuongExponential = VuongTest.exponential(tail, alpha: fit.alpha, xMin: xMin)
        if resamples > 0 {
            let (data, fit) = gofSample(positive.ascending(), fit: fit, seed: seed, labels: labels)
            guard fit.alpha.isFinite else { return out }
            let xMin = Int(fit.xMin)
            let body = data.filter { $0 < xMin }.sorted()
            let pTail = Double(data.count - body.count) / Double(data.count)
            let zMin = HurwitzZeta.value(fit.alpha, fit.xMin)
            // Each synthetic sample has its own stream and the verdicts are counted, so running
            // them concurrently into fixed slots changes no number.
            let count = data.count, dataKS = fit.ks
            let worse = ConcurrentSlots.map(count: resamples) { b -> Bool in
                var rng = RandomStream(baseSeed: seed, labels: labels + [.int(b)])
                var synthetic: [Int] = []
                synthetic.reserveCapacity(count)
                for _ in 0..<count {
                    if body.isEmpty || rng.nextUniform() < pTail {
                        synthetic.append(sample(alpha: fit.alpha, xMin: xMin, zMin: zMin, u: 1 - rng.nextUniform()))
                    } else {
                        synthetic.append(body[rng.nextInt(below: body.count)])
                    }
                }
                let refit = PowerLawMLE.discrete(synthetic)
                return !(refit.ks < dataKS)  // a failed refit counts as a worse fit
            }
            let atLeast = worse.filter { $0 }.count
            out.gofP = Double(atLeast) / Double(resamples)
            out.gofResamples = resamples
        }
        out.supported = out.tailDecades >= minimumDecades && out.gofP >= minimumP
        return out
    }

    /// The sizes and fit the goodness-of-fit test runs on: all of them, or a seeded subsample of
    /// ``gofMaximumSample`` (partial Fisher–Yates over the ascending sizes) refitted.
    static func gofSample(_ data: [Int], fit: PowerLawMLE.Fit, seed: UInt64, labels: [StreamLabel]) -> ([Int], PowerLawMLE.Fit) {
        guard data.count > gofMaximumSample else { return (data, fit) }
        var rng = RandomStream(baseSeed: seed, labels: labels + ["subsample"])
        var pool = data
        for i in 0..<gofMaximumSample {
            let j = i + rng.nextInt(below: pool.count - i)
            pool.swapAt(i, j)
        }
        let sample = Array(pool[0..<gofMaximumSample])
        return (sample, PowerLawMLE.discrete(sample))
    }

    /// The largest x ≥ x_min with P(X ≥ x) = ζ(α, x)/ζ(α, x_min) ≥ u, u ∈ (0, 1]: the exact
    /// inverse CDF, bracketed by doubling and bisected (sizes capped at 2⁴⁰).
    static func sample(alpha: Double, xMin: Int, zMin: Double, u: Double) -> Int {
        func tail(_ x: Int) -> Double { HurwitzZeta.value(alpha, Double(x)) / zMin }
        var lo = xMin, hi = xMin + 1
        while tail(hi) >= u {
            lo = hi
            if hi >= 1 << 40 { return hi }
            hi *= 2
        }
        while hi - lo > 1 {  // tail(lo) ≥ u > tail(hi)
            let mid = lo + (hi - lo) / 2
            if tail(mid) >= u { lo = mid } else { hi = mid }
        }
        return lo
    }
}
