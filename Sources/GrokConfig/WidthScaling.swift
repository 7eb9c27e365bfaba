import GrokNumerics

/// How the learning rate or the init scale follow the width above a reference width h_ref.
///
/// Why: with the defaults the 2 → h → 1 tanh MLP groks faster as h grows (t_g ≈ 2000 at h = 20,
/// 450 at h = 500, ~150 at h = 2000), because the network's tangent kernel grows ∝ h: by
/// h = 2000 the onset falls within two snapshots of epoch 0 and no pre-onset window is left,
/// then at h ≳ 6000 the untouched output layer (Σ of h terms of std 0.1) saturates the sigmoid.
/// Scaling keeps the dynamics of a width-h_ref net: "lr" multiplies the learning rate by
/// h_ref/h (the kernel's growth is cancelled, as in mean-field/μP parametrisations); "init"
/// multiplies init_std by √(h_ref/h) (the output's variance at init is held at h_ref's).
/// Widths ≤ h_ref train exactly as without scaling.
public enum WidthScaling: String, Sendable, Hashable, CaseIterable {
    case none, lr, `init`

    /// (learning rate, init std) for width `h`.
    func training(width h: Int, referenceWidth: Int, learningRate: Double, initStd: Double) -> (Double, Double) {
        guard h > referenceWidth, referenceWidth > 0 else { return (learningRate, initStd) }
        let ratio = Double(referenceWidth) / Double(h)
        switch self {
        case .none: return (learningRate, initStd)
        case .lr: return (learningRate * ratio, initStd)
        case .`init`: return (learningRate, initStd * ratio.squareRoot())
        }
    }
}
