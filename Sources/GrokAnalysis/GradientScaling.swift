/// The finite-size-scaling numbers of the gradient cascades on one topology (method §3).
public struct GradientScaling: Sendable, Hashable, Codable {
    /// Headline statistic, pooled over τ < 0 and τ ≥ 0 of grokked runs.
    public var dPre: Estimate
    public var dPost: Estimate
    /// The same with the maximum of s (the paper's statistic).
    public var dPreSmax: Estimate
    public var dPostSmax: Estimate
    /// D(τ) per window that had enough widths, in increasing τ.
    public var dTau: [DTauWindow]
    /// τ*: the upward crossing of D = 1 nearest τ = 0 (the earlier on a tie); nil if none.
    public var crossingTau: Double?
    /// Every crossing of D = 1 between consecutive windows, upward or downward, in increasing τ.
    public var crossings: [Double]
    /// Data collapse P(s|N) = s^(−γ) G(s/N^D).
    public var gamma: Estimate
    public var collapseD: Estimate
    public var collapseR2: Double
    /// Clauset–Shalizi–Newman fit of s per N (all snapshots of all runs of the width).
    public var powerLaw: [PowerLawFit]
    public var leaveOneOut: [LeaveOneOut]
    public var perWidth: [WidthStatistics]
    /// Runs without an onset, left out of every τ-based quantity (they still enter the collapse
    /// and the power-law fits, which pool all snapshots).
    public var ungrokkedRuns: Int

    public init(dPre: Estimate, dPost: Estimate, dPreSmax: Estimate, dPostSmax: Estimate, dTau: [DTauWindow],
                crossingTau: Double?, crossings: [Double], gamma: Estimate, collapseD: Estimate, collapseR2: Double,
                powerLaw: [PowerLawFit], leaveOneOut: [LeaveOneOut], perWidth: [WidthStatistics], ungrokkedRuns: Int) {
        self.dPre = dPre
        self.dPost = dPost
        self.dPreSmax = dPreSmax
        self.dPostSmax = dPostSmax
        self.dTau = dTau
        self.crossingTau = crossingTau
        self.crossings = crossings
        self.gamma = gamma
        self.collapseD = collapseD
        self.collapseR2 = collapseR2
        self.powerLaw = powerLaw
        self.leaveOneOut = leaveOneOut
        self.perWidth = perWidth
        self.ungrokkedRuns = ungrokkedRuns
    }
}

/// The scaling of the i.i.d. Gaussian control on one topology: all cascades of a width pooled.
public struct ControlScaling: Sendable, Hashable, Codable {
    /// Headline statistic.
    public var dSynth: Estimate
    /// Maximum of s.
    public var dSynthSmax: Estimate
    public var perWidth: [ControlWidthStatistics]

    public init(dSynth: Estimate, dSynthSmax: Estimate, perWidth: [ControlWidthStatistics]) {
        self.dSynth = dSynth
        self.dSynthSmax = dSynthSmax
        self.perWidth = perWidth
    }
}
