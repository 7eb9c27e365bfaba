import GrokNumerics

/// The local learning coefficient of singular learning theory, estimated as devinterp does
/// (Lau et al., arXiv 2308.12108): SGLD draws w around the snapshot's weights w* from
/// p(w) ∝ exp(−nβ L_n(w) − γ/2 ‖w − w*‖²), nβ = n / ln n, and λ̂ = nβ (E[L_n(w)] − L_n(w*)).
/// For a regular model λ = d/2 (the tests hold a quadratic loss to it); for a network it counts
/// the effective degrees of freedom at w*, rising while it memorises and falling as it
/// generalises. The noise comes from the stream the caller passes (the run's own), so the
/// estimate is as deterministic as the training.
public enum LocalLearningCoefficient {
    /// λ̂ at `center` (whose loss is `centerLoss`) for a loss over `sampleCount` examples.
    /// `evaluate(w, g)` returns L_n(w) and writes ∇L_n(w) into g. The first quarter of the
    /// steps is burn-in. When a chain leaves the finite numbers the step size is quartered and
    /// the chain restarted (three times at most); nil if it never stays finite.
    public static func estimate(
        center: [Double], centerLoss: Double, sampleCount: Int, steps: Int, stepSize: Double, localization: Double,
        stream: inout RandomStream, evaluate: (_ w: [Double], _ gradient: UnsafeMutablePointer<Double>) -> Double
    ) -> Double? {
        guard steps > 0, sampleCount > 1 else { return nil }
        let nBeta = Double(sampleCount) / Elementary.log(Double(sampleCount))
        let burnIn = steps / 4
        var epsilon = stepSize
        var gradient = [Double](repeating: 0, count: center.count)
        for _ in 0..<4 {
            var w = center
            var sum = 0.0, draws = 0
            var finite = true
            for step in 0..<steps {
                let loss = gradient.withUnsafeMutableBufferPointer { evaluate(w, $0.baseAddress!) }
                guard loss.isFinite else { finite = false; break }
                if step >= burnIn { sum += loss; draws += 1 }
                let noise = epsilon.squareRoot()
                for i in 0..<w.count {
                    let drift = nBeta * gradient[i] + localization * (w[i] - center[i])
                    w[i] = w[i] - epsilon / 2 * drift + noise * stream.nextGaussian()
                }
            }
            if finite && draws > 0 {
                let value = nBeta * (sum / Double(draws) - centerLoss)
                if value.isFinite { return value }
            }
            epsilon /= 4
        }
        return nil
    }
}
