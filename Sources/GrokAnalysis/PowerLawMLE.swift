import GrokNumerics

/// The Clauset–Shalizi–Newman fit of s per width, as reported.
public struct PowerLawFit: Sendable, Hashable, Codable {
    public var parameterCount: Int
    /// MLE exponent of P(s) ∝ s^(−α), s ≥ x_min; NaN when no x_min had a usable tail.
    public var alpha: Double
    public var xMin: Double
    /// Kolmogorov–Smirnov distance between the tail and the fitted law.
    public var ks: Double
    /// Sizes ≥ x_min.
    public var tailCount: Int
    /// Sizes ≥ 1 offered to the fit (cascades of size 0 are not power-law data).
    public var sampleCount: Int
    /// log10(largest size / x_min): the decades the tail spans.
    public var tailDecades: Double = .nan
    /// CSN semi-parametric bootstrap goodness-of-fit p (share of synthetic samples whose refitted
    /// KS distance is at least the data's); NaN when not tested.
    public var gofP: Double = .nan
    public var gofResamples: Int = 0
    /// Vuong's normalised log-likelihood ratio (R > 0 favours the power law) and its two-sided p,
    /// against a discrete lognormal and a discrete exponential on the same tail.
    public var vuongLognormal: VuongTest.Result = .init()
    public var vuongExponential: VuongTest.Result = .init()
    /// tailDecades ≥ 2 and gofP ≥ 0.1: only then is α a power-law exponent.
    public var supported: Bool = false

    public init(parameterCount: Int, alpha: Double, xMin: Double, ks: Double, tailCount: Int, sampleCount: Int) {
        self.parameterCount = parameterCount
        self.alpha = alpha
        self.xMin = xMin
        self.ks = ks
        self.tailCount = tailCount
        self.sampleCount = sampleCount
    }
}

/// Clauset, Shalizi & Newman (SIAM Review 51, 661, 2009): the maximum-likelihood exponent for
/// each candidate x_min, and the x_min whose fitted tail is closest to the data in KS distance.
///
/// Sizes are integers, so ``discrete(_:minimumTail:)`` uses the exact discrete MLE
/// (P(x) = x^(−α)/ζ(α, x_min), Hurwitz ζ by Euler–Maclaurin), not the continuous approximation,
/// which is biased for small x_min (CSN §3.1). Candidates: every distinct value with at least
/// `minimumTail` sizes at or above it and at least two distinct values in the tail (a one-value
/// tail has α̂ = ∞). The KS distance is the exact supremum over integers (both ends of every
/// flat stretch of the empirical CDF). Ties in KS keep the smaller x_min.
public enum PowerLawMLE {
    public struct Fit: Sendable, Hashable {
        public var alpha: Double
        public var xMin: Double
        public var ks: Double
        public var tailCount: Int
        public var sampleCount: Int
    }

    /// Discrete fit of the sizes ≥ 1 (others are ignored).
    public static func discrete(_ sizes: [Int], minimumTail: Int = 10) -> Fit {
        discrete(SizeHistogram(sizes), minimumTail: minimumTail)
    }

    /// Discrete fit of a histogram's sizes ≥ 1: the same bits as the list it counts (the tail
    /// sums run over the same values in the same order).
    public static func discrete(_ histogram: SizeHistogram, minimumTail: Int = 10) -> Fit {
        let positive = histogram.atLeast(1)
        var fit = Fit(alpha: .nan, xMin: .nan, ks: .nan, tailCount: 0, sampleCount: positive.total)
        let (values, tailCounts, tailLogs) = distinctTails(positive)
        let u = values.count
        guard u >= 2 else { return fit }
        var best = Double.infinity
        var hint = 0
        for i in 0..<(u - 1) where tailCounts[i] >= minimumTail {
            let n = Double(tailCounts[i])
            let xMin = values[i]
            let alpha = solveDiscrete(meanLog: tailLogs[i] / n, xMin: xMin)
            guard alpha.isFinite else { continue }
            let zMin = HurwitzZeta.value(alpha, xMin)
            // Empirical CDF F_n is flat on [v_j, v_{j+1} − 1]; the model CDF F(x) = 1 − ζ(α, x+1)/ζ(α, x_min)
            // rises there, so the supremum sits at one of the stretch's two ends.
            func stretch(_ j: Int) -> Double {
                let atOrBelow = n - (j + 1 < u ? Double(tailCounts[j + 1]) : 0)
                let fn = atOrBelow / n
                let startModel = 1 - HurwitzZeta.value(alpha, values[j] + 1) / zMin
                // Swift.max drops a NaN term, as the scan always has.
                var d = Swift.max(0, (fn - startModel).magnitude)
                if j + 1 < u {
                    // A one-integer stretch (v_{j+1} = v_j + 1) ends where it starts: same ζ argument, same value.
                    let endModel = values[j + 1] == values[j] + 1 ? startModel : 1 - HurwitzZeta.value(alpha, values[j + 1]) / zMin
                    d = Swift.max(d, (fn - endModel).magnitude)
                }
                return d
            }
            // A maximum does not depend on the order of its terms, so the stretch where the
            // previous candidate's supremum was is tried first: a candidate that cannot beat the
            // best KS so far (ties keep the smaller x_min) is then usually dropped after a few terms.
            var ks = 0.0
            var argmax = i
            let tried = hint > i && hint < u ? hint : -1
            if tried >= 0 {
                ks = stretch(tried)
                argmax = tried
            }
            if ks < best {
                for j in i..<u where j != tried {
                    let d = stretch(j)
                    if d > ks { ks = d; argmax = j }
                    if ks >= best { break }
                }
            }
            hint = argmax
            if ks < best {
                best = ks
                fit = Fit(alpha: alpha, xMin: xMin, ks: ks, tailCount: tailCounts[i], sampleCount: positive.total)
            }
        }
        return fit
    }

    /// The discrete MLE at a given x_min (integer ≥ 1) for the sizes ≥ x_min: the α at which the
    /// model's E[ln x] equals the sample's (the likelihood's stationary point; E[ln x] decreases in α).
    public static func discreteAlpha(_ sizes: [Int], xMin: Int) -> Double {
        var n = 0.0, sumLog = 0.0
        var distinct = Set<Int>()
        for s in sizes where s >= xMin && s >= 1 {
            n += 1; sumLog += Elementary.log(Double(s)); distinct.insert(s)
        }
        guard n > 0, distinct.count >= 2 else { return .nan }
        return solveDiscrete(meanLog: sumLog / n, xMin: Double(xMin))
    }

    /// Continuous fit (P(x) ∝ x^(−α), x ≥ x_min > 0): α = 1 + n / Σ ln(x/x_min) per candidate,
    /// KS as the two-sided supremum at the data points.
    public static func continuous(_ values: [Double], minimumTail: Int = 10) -> Fit {
        let sorted = values.filter { $0 > 0 && $0.isFinite }.sorted()
        var fit = Fit(alpha: .nan, xMin: .nan, ks: .nan, tailCount: 0, sampleCount: sorted.count)
        let (distinct, tailCounts, tailLogs) = distinctTails(sorted)
        let total = sorted.count
        var best = Double.infinity
        for i in 0..<distinct.count where tailCounts[i] >= minimumTail && i + 1 < distinct.count {
            let n = Double(tailCounts[i])
            let xMin = distinct[i]
            let alpha = 1 + n / (tailLogs[i] - n * Elementary.log(xMin))
            let start = total - tailCounts[i]
            var ks = 0.0
            for k in start..<total {
                let model = 1 - Elementary.exp((1 - alpha) * Elementary.log(sorted[k] / xMin))
                let rank = Double(k - start)
                ks = Swift.max(ks, (rank / n - model).magnitude, ((rank + 1) / n - model).magnitude)
            }
            if ks < best {
                best = ks
                fit = Fit(alpha: alpha, xMin: xMin, ks: ks, tailCount: tailCounts[i], sampleCount: total)
            }
        }
        return fit
    }

    /// Distinct values of an ascending array, with the count and Σ ln x of the values at or
    /// above each (summed from the top, a fixed order).
    static func distinctTails(_ sorted: [Double]) -> ([Double], [Int], [Double]) {
        var values: [Double] = [], counts: [Int] = [], logs: [Double] = []
        var k = sorted.count - 1
        var count = 0, sumLog = 0.0
        while k >= 0 {
            let v = sorted[k]
            let lv = Elementary.log(v)
            while k >= 0 && sorted[k] == v { count += 1; sumLog += lv; k -= 1 }
            values.append(v); counts.append(count); logs.append(sumLog)
        }
        return (values.reversed(), counts.reversed(), logs.reversed())
    }

    /// ``distinctTails(_:)`` of a histogram: Σ ln x adds ln v once per size, from the top, as
    /// the sorted list does.
    static func distinctTails(_ histogram: SizeHistogram) -> ([Double], [Int], [Double]) {
        var values: [Double] = [], counts: [Int] = [], logs: [Double] = []
        var count = 0, sumLog = 0.0
        for k in histogram.values.indices.reversed() {
            let v = Double(histogram.values[k])
            let lv = Elementary.log(v)
            for _ in 0..<histogram.counts[k] { count += 1; sumLog += lv }
            values.append(v); counts.append(count); logs.append(sumLog)
        }
        return (values.reversed(), counts.reversed(), logs.reversed())
    }

    /// Root of E_α[ln x | x ≥ x_min] = meanLog by the Illinois (modified regula falsi) method on
    /// α ∈ [1 + 10⁻⁶, 50]; E_α[ln x] = −∂_α ζ(α, x_min)/ζ(α, x_min) is decreasing in α.
    static func solveDiscrete(meanLog: Double, xMin: Double) -> Double {
        func f(_ a: Double) -> Double {
            let (z, dz) = HurwitzZeta.valueAndDerivative(a, xMin)
            return -dz / z - meanLog
        }
        var lo = 1 + 1e-6, hi = 50.0
        var flo = f(lo), fhi = f(hi)
        if !(flo > 0) { return lo }  // sample heavier than any α > 1 allows
        if !(fhi < 0) { return .infinity }  // every size at x_min, in effect
        var side = 0
        for _ in 0..<200 {
            let a = (lo * fhi - hi * flo) / (fhi - flo)
            let fa = f(a)
            if fa == 0 || hi - lo < 1e-12 * a { return a }
            if fa > 0 {
                lo = a; flo = fa
                if side == 1 { fhi /= 2 }
                side = 1
            } else {
                hi = a; fhi = fa
                if side == -1 { flo /= 2 }
                side = -1
            }
            if hi - lo < 1e-10 { break }
        }
        return (lo * fhi - hi * flo) / (fhi - flo)
    }
}
