/// The finite-size-scaling numbers of the gradient cascades on one topology (method §3).
public struct GradientScaling: Sendable, Hashable, Codable {
    /// Headline statistic in the fixed windows τ ∈ [−preWindow, 0) and [0, postWindow).
    public var dPre: Estimate
    public var dPost: Estimate
    /// The old pools, every τ < 0 and every τ ≥ 0 of grokked runs (a diagnostic: each width
    /// pools a different τ range).
    public var dPreAll: Estimate
    public var dPostAll: Estimate
    /// The maximum of s in the fixed windows (the paper's statistic; its bootstrap is biased low).
    public var dPreSmax: Estimate
    public var dPostSmax: Estimate
    /// D_pre and D_post under every statistic, in ``ScalingStatistic/allCases`` order.
    public var robustness: [RobustnessRow]
    /// Local slopes over `localSlopeWidths` adjacent widths, pre and post window.
    public var localSlopesPre: [LocalSlope]
    public var localSlopesPost: [LocalSlope]
    /// Quadratic coefficient of ln S on ln N in the pre and post windows.
    public var curvaturePre: Estimate
    public var curvaturePost: Estimate
    /// D(τ) per window with at least `minimumWidthsPerFit` widths, in increasing τ.
    public var dTau: [DTauWindow]
    /// The same on `crossingWindow`-wide windows (empty when crossingWindow = 0).
    public var dTauFine: [DTauWindow]
    /// τ*: the upward crossing of D = 1 nearest τ = 0 between adjacent covered windows; nil if none.
    public var crossingTau: Double?
    /// τ* with its bootstrap (the crossing of each resample); value NaN without a crossing.
    public var crossing: Estimate
    /// τ* from the finer windows.
    public var crossingFine: Estimate
    /// Every crossing of D = 1 between adjacent covered windows, upward or downward, in increasing τ.
    public var crossings: [Double]
    /// Data collapse per phase: pre window, post window, every snapshot pooled.
    public var collapses: [CollapseResult]
    /// The pooled collapse (as before this release).
    public var gamma: Estimate
    public var collapseD: Estimate
    public var collapseR2: Double
    /// Clauset–Shalizi–Newman fit of s per N (all snapshots of all runs of the width).
    public var powerLaw: [PowerLawFit]
    /// Refits of the fixed-window D_pre and D_post without each width.
    public var leaveOneOut: [LeaveOneOut]
    public var perWidth: [WidthStatistics]
    /// Runs without an onset, left out of every τ-based quantity (they still enter the pooled
    /// collapse and the power-law fits, which pool all snapshots).
    public var ungrokkedRuns: Int
}

/// D_pre and D_post (and, filled by the caller, D_synth) under one statistic.
public struct RobustnessRow: Sendable, Hashable, Codable {
    public var statistic: ScalingStatistic
    public var dPre: Estimate
    public var dPost: Estimate
}

/// D over a group of adjacent widths.
public struct LocalSlope: Sendable, Hashable, Codable {
    public var nLo: Int
    public var nHi: Int
    public var d: Estimate

    public init(nLo: Int, nHi: Int, d: Estimate) {
        self.nLo = nLo
        self.nHi = nHi
        self.d = d
    }
}

/// One phase's data collapse with its quality.
public struct CollapseResult: Sendable, Hashable, Codable {
    /// "pre", "post" or "pooled".
    public var phase: String
    /// [lo, hi) of τ; nil for the pooled collapse (every snapshot, grokked or not).
    public var window: [Int]?
    public var d: Estimate
    public var gamma: Estimate
    public var r2: Double
    /// Houdayer–Hartmann quality S: ≈ 1 when the rescaled curves agree within their Poisson errors.
    public var quality: Double
    public var curves: Int
    /// S ≤ collapseQualityLimit.
    public var collapses: Bool
}

/// The scaling of the i.i.d. Gaussian control on one topology: all cascades of a width pooled.
public struct ControlScaling: Sendable, Hashable, Codable {
    /// Headline statistic.
    public var dSynth: Estimate
    /// Maximum of s.
    public var dSynthSmax: Estimate
    /// D_synth under every statistic, in ``ScalingStatistic/allCases`` order.
    public var robustness: [Estimate]
    public var localSlopes: [LocalSlope]
    public var curvature: Estimate
    public var perWidth: [ControlWidthStatistics]

    public init(
        dSynth: Estimate, dSynthSmax: Estimate, robustness: [Estimate] = [], localSlopes: [LocalSlope] = [],
        curvature: Estimate = Estimate(value: .nan, r2: nil, mean: .nan, std: .nan, ci: [.nan, .nan], resamples: 0),
        perWidth: [ControlWidthStatistics]
    ) {
        self.dSynth = dSynth
        self.dSynthSmax = dSynthSmax
        self.robustness = robustness
        self.localSlopes = localSlopes
        self.curvature = curvature
        self.perWidth = perWidth
    }
}
