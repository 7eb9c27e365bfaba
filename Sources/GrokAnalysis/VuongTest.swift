import GrokNumerics

/// Vuong's (1989) likelihood-ratio test of the fitted discrete power law against an alternative
/// on the same tail x ≥ x_min (CSN 2009 §5): R = Σ (ℓ_PL − ℓ_alt) / (σ √n) with σ the population
/// std of the pointwise differences, two-sided p = erfc(|R|/√2). R > 0 favours the power law; a
/// large p means the data cannot tell the two apart.
public enum VuongTest {
    public struct Result: Sendable, Hashable, Codable {
        public var ratio: Double = .nan
        public var p: Double = .nan
        public init(ratio: Double = .nan, p: Double = .nan) { self.ratio = ratio; self.p = p }
    }

    static func powerLawLogs(_ tail: [Int], alpha: Double, xMin: Int) -> [Double] {
        let lz = Elementary.log(HurwitzZeta.value(alpha, Double(xMin)))
        return tail.map { -alpha * Elementary.log(Double($0)) - lz }
    }

    /// Discrete exponential P(x) = (1 − e^(−λ)) e^(−λ(x − x_min)), λ by maximum likelihood.
    public static func exponential(_ tail: [Int], alpha: Double, xMin: Int) -> Result {
        guard tail.count >= 2 else { return Result() }
        var m = 0.0
        for x in tail { m += Double(x - xMin) }
        m /= Double(tail.count)
        guard m > 0 else { return Result() }
        let lambda = Elementary.log(1 + 1 / m)
        let ln1 = Elementary.log(1 - Elementary.exp(-lambda))
        return compare(powerLawLogs(tail, alpha: alpha, xMin: xMin), tail.map { ln1 - lambda * Double($0 - xMin) })
    }

    /// Lognormal density at the integers, renormalised to x ≥ x_min − ½ (the continuity-corrected
    /// discrete lognormal); (μ, ln σ) by Nelder–Mead from the moments of ln x.
    public static func lognormal(_ tail: [Int], alpha: Double, xMin: Int) -> Result {
        guard tail.count >= 3 else { return Result() }
        let logs = tail.map { Elementary.log(Double($0)) }
        let cut = Elementary.log(Double(xMin) - 0.5)
        func pointwise(_ mu: Double, _ sigma: Double) -> [Double] {
            let norm = Elementary.log(Swift.max(1e-300, 0.5 * Erfc.value((cut - mu) / (sigma * 2.0.squareRoot()))))
            let c = -Elementary.log(sigma) - 0.5 * Elementary.log(2 * Double.pi) - norm
            return logs.map { l in c - l - (l - mu) * (l - mu) / (2 * sigma * sigma) }
        }
        func negative(_ p: [Double]) -> Double {
            let sigma = Elementary.exp(p[1])
            guard sigma.isFinite, sigma > 1e-6 else { return .infinity }
            var s = 0.0
            for v in pointwise(p[0], sigma) { s += v }
            return s.isFinite ? -s : .infinity
        }
        var mean = 0.0
        for l in logs { mean += l }
        mean /= Double(logs.count)
        var variance = 0.0
        for l in logs { variance += (l - mean) * (l - mean) }
        variance /= Double(logs.count)
        let start = [mean, Elementary.log(Swift.max(variance.squareRoot(), 0.05))]
        let best = NelderMead.minimise(negative, start: start, step: [0.5, 0.3])
        return compare(powerLawLogs(tail, alpha: alpha, xMin: xMin), pointwise(best[0], Elementary.exp(best[1])))
    }

    static func compare(_ a: [Double], _ b: [Double]) -> Result {
        let n = Double(a.count)
        var sum = 0.0
        for (x, y) in zip(a, b) { sum += x - y }
        let mean = sum / n
        var squares = 0.0
        for (x, y) in zip(a, b) { squares += (x - y - mean) * (x - y - mean) }
        let sigma = (squares / n).squareRoot()
        guard sigma > 0, sum.isFinite else { return Result() }
        let ratio = sum / (sigma * n.squareRoot())
        return Result(ratio: ratio, p: Erfc.value(ratio.magnitude / 2.0.squareRoot()))
    }
}

/// The complementary error function from Elementary.exp only (Numerical Recipes' `erfcc`,
/// Chebyshev fit, fractional error below 1.2 × 10⁻⁷ everywhere): written out so every host
/// computes the same bits.
enum Erfc {
    static func value(_ x: Double) -> Double {
        let z = x.magnitude
        let t = 1 / (1 + 0.5 * z)
        let poly =
            -z * z - 1.26551223 + t
            * (1.00002368 + t
                * (0.37409196 + t
                    * (0.09678418 + t
                        * (-0.18628806
                            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
        let r = t * Elementary.exp(poly)
        return x >= 0 ? r : 2 - r
    }
}

/// Nelder–Mead simplex minimiser (standard coefficients 1, 2, ½, ½), a fixed 400 iterations or
/// until the simplex's values agree to 10⁻¹⁰: deterministic, no derivatives.
enum NelderMead {
    static func minimise(_ f: ([Double]) -> Double, start: [Double], step: [Double]) -> [Double] {
        let n = start.count
        var simplex = [start]
        for i in 0..<n { var p = start; p[i] += step[i]; simplex.append(p) }
        var values = simplex.map(f)
        for _ in 0..<400 {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }; values = order.map { values[$0] }
            if (values[n] - values[0]).magnitude <= 1e-10 * (1 + values[0].magnitude) { break }
            var centroid = [Double](repeating: 0, count: n)
            for p in simplex.dropLast() { for i in 0..<n { centroid[i] += p[i] / Double(n) } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = along(-1), fr = f(reflected)
            if fr < values[0] {
                let expanded = along(-2), fe = f(expanded)
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                let contracted = fr < values[n] ? along(-0.5) : along(0.5)
                let fc = f(contracted)
                if fc < Swift.min(fr, values[n]) {
                    simplex[n] = contracted; values[n] = fc
                } else {
                    for k in 1...n {
                        simplex[k] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[k][$0] - simplex[0][$0]) }
                        values[k] = f(simplex[k])
                    }
                }
            }
        }
        return simplex[values.indices.min { values[$0] < values[$1] }!]
    }
}
