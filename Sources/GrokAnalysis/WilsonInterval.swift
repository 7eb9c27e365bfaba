/// The Wilson score interval for a binomial proportion (Wilson 1927): unlike the Wald interval
/// it stays inside [0, 1] and keeps its coverage near 0 and 1 (e.g. every run grokked).
public enum WilsonInterval {
    /// [lower, upper] for `successes` out of `trials` at `confidence`; nil for no trials.
    public static func interval(successes: Int, trials: Int, confidence: Double = 0.95) -> (lower: Double, upper: Double)? {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let n = Double(trials), p = Double(successes) / n
        let z = NormalQuantile.twoSided(confidence), z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // At 0 and n successes the exact bound is 0 (resp. 1); rounding must not move it.
        let lower = successes == 0 ? 0 : max(0, centre - half)
        let upper = successes == trials ? 1 : min(1, centre + half)
        return (lower, upper)
    }
}
