import GrokNumerics

/// The Wilson score interval of a binomial proportion (Wilson 1927): for k successes in n,
/// centre (p̂ + z²/2n)/(1 + z²/n), half-width z·√(p̂(1−p̂)/n + z²/4n²)/(1 + z²/n), clipped to [0, 1].
/// Unlike the Wald interval it stays inside [0, 1] and is not degenerate at k = 0 or k = n.
public enum WilsonInterval {
    /// [lo, hi] at `confidence`; NaNs for n = 0.
    public static func interval(successes k: Int, trials n: Int, confidence: Double = 0.95) -> [Double] {
        guard n > 0 else { return [.nan, .nan] }
        let z = NormalQuantile.quantile(1 - (1 - confidence) / 2)
        let nn = Double(n), p = Double(k) / nn, z2 = z * z
        let denominator = 1 + z2 / nn
        let centre = (p + z2 / (2 * nn)) / denominator
        let half = z * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot() / denominator
        return [Swift.max(0, centre - half), Swift.min(1, centre + half)]
    }
}
