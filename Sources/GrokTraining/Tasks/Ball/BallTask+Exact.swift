import GrokNumerics

extension BallTask {
    /// P(t_g ≤ k) over w₀ uniform in the ρ-ball (docs/seeds.md): t_g ≤ k exactly when
    /// r − εc ≤ B_k, B_k = ε m (q^(−k) − 1), with c = w₀₁ and r = ‖w₀⊥‖. In unit-ball coordinates c
    /// has density ∝ (1 − c²)^((D−1)/2) and, given c, r has CDF (r/√(1 − c²))^(D−1), so
    /// P = ∫ (1 − c²)^((D−1)/2) · clamp((B_k/ρ + εc)/√(1 − c²), 0, 1)^(D−1) dc / ∫ (1 − c²)^((D−1)/2) dc,
    /// by Simpson's rule on 20,000 intervals (the integrand has two kinks; the error is below 1e-7).
    public func exactOnsetCDF(_ k: Int, width d: Int, setup: TrainingSetup) -> Double {
        let lambda = setup.regularizer == .l2 ? setup.weightDecay : 0
        let m = target / (1 + lambda), q = 1 - setup.learningRate * (1 + lambda)
        let b = epsilon * m * (Elementary.exp(-Double(k) * Elementary.log(q)) - 1) / initRadius
        let intervals = 20_000, h = 2.0 / Double(intervals)
        var mass = 0.0, hit = 0.0
        for i in 0...intervals {
            let c = -1 + Double(i) * h
            let weight: Double = (i == 0 || i == intervals) ? 1 : (i % 2 == 1 ? 4 : 2)
            let radius = max(0, 1 - c * c).squareRoot()
            let density = power(radius, d - 1)
            let reach = radius > 0 ? min(1, max(0, (b + epsilon * c) / radius)) : 1
            mass += weight * density
            hit += weight * density * power(reach, d - 1)
        }
        return hit / mass
    }

    /// P(grok) is the CDF at the budget; the median is found by bisection on k (the CDF is
    /// non-decreasing in k), so the cost is O(log epochs) integrals, not one per epoch.
    public func knownAnswer(width: Int, setup: TrainingSetup) -> KnownAnswer? {
        let atBudget = exactOnsetCDF(setup.epochs, width: width, setup: setup)
        guard atBudget >= 0.5 else { return KnownAnswer(grokkingProbability: atBudget, medianOnset: nil) }
        var low = -1, high = setup.epochs  // CDF(low) < 1/2 ≤ CDF(high), CDF(−1) = 0
        while high - low > 1 {
            let mid = (low + high) / 2
            if exactOnsetCDF(mid, width: width, setup: setup) >= 0.5 { high = mid } else { low = mid }
        }
        return KnownAnswer(grokkingProbability: atBudget, medianOnset: high)
    }

    /// xⁿ by repeated multiplication (n ≥ 0): the same bits on every host, unlike libm's pow.
    private func power(_ x: Double, _ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= x }
        return result
    }
}
