/// The branching ratio σ of a cascade: topplings of wave t + 1 over topplings of wave t, summed
/// over the cascade's waves (method §7). With A₁ … A_T the waves' topplings and A_{T+1} = 0 (the
/// cascade stops), σ = Σ_{t=1}^{T} A_{t+1} / Σ_{t=1}^{T} A_t = (s − A₁) / s with s = Σ A_t the
/// cascade's size: Harris's (1948) maximum-likelihood estimate of a Galton–Watson offspring mean
/// from a process watched until extinction. σ → 1 at criticality; a dissipative relaxation
/// (c < 1) keeps it below 1. The probe records A₁ (`Cascade.firstWave`) when asked
/// (`probe.branching`).
public enum BranchingRatio {
    /// σ of one cascade; nil for a cascade without topplings (s = 0) or an inconsistent A₁.
    public static func harris(size: Int, firstWave: Int) -> Double? {
        guard size > 0, firstWave > 0, firstWave <= size else { return nil }
        return Double(size - firstWave) / Double(size)
    }

    /// The ratio of sums over several cascades (Σ(s − A₁) / Σ s): the pooled Harris estimate,
    /// which weighs each wave alike rather than each cascade; nil without topplings.
    public static func pooled(_ cascades: [(size: Int, firstWave: Int)]) -> Double? {
        var offspring = 0, parents = 0
        for c in cascades where c.size > 0 && c.firstWave > 0 && c.firstWave <= c.size {
            offspring += c.size - c.firstWave
            parents += c.size
        }
        return parents > 0 ? Double(offspring) / Double(parents) : nil
    }
}
