/// The penalty of a run (an axis of the sweep grid, `regularizers`), of strength λ = the run's
/// weight decay.
///
/// - `none`: no penalty (λ is ignored).
/// - `l2`: coupled ℓ2, loss + (λ/2)·‖θ‖²: λ·θ is added to the gradient before the optimizer sees it.
/// - `decoupled`: decoupled weight decay, θ ← θ·(1 − lr·λ) before the optimizer's step (PyTorch's
///   AdamW order); under plain GD it equals coupled ℓ2 up to rounding.
/// - `l1`: loss + λ·‖θ‖₁: λ·sign(θ) is added to the gradient (sign(0) = 0, the subgradient at 0).
///
/// The gradient snapshot the probe reads is the data loss's gradient alone, without the penalty.
public enum Regularizer: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case l2
    case decoupled
    case l1

    /// Adds the penalty's gradient to `gradient` (coupled penalties only).
    @inline(__always)
    public func addPenaltyGradient(
        parameters theta: UnsafePointer<Double>, gradient g: UnsafeMutablePointer<Double>,
        count: Int, strength lambda: Double
    ) {
        switch self {
        case .l2:
            for i in 0..<count { g[i] = g[i] + lambda * theta[i] }
        case .l1:
            for i in 0..<count {
                let t = theta[i]
                g[i] = t > 0 ? g[i] + lambda : (t < 0 ? g[i] - lambda : g[i])
            }
        case .none, .decoupled:
            break
        }
    }

    /// The penalty's value at θ, summed in index order (for the finite-difference checks).
    public func penalty(_ theta: [Double], strength lambda: Double) -> Double {
        var sum = 0.0
        switch self {
        case .l2:
            for t in theta { sum += t * t }
            return lambda * sum / 2
        case .l1:
            for t in theta { sum += t.magnitude }
            return lambda * sum
        case .none, .decoupled:
            return 0
        }
    }
}
