/// The per-width numbers behind the gradient fits, for plots. S values use the headline
/// statistic in the fixed windows; NaN where the width has no cascade in that window.
public struct WidthStatistics: Sendable, Hashable, Codable {
    public var parameterCount: Int
    public var runs: Int
    public var grokkedRuns: Int
    /// Cascades in the pre and post windows.
    public var cascadesPre: Int
    public var cascadesPost: Int
    /// Runs with at least one snapshot in the pre and post windows.
    public var runsPre: Int
    public var runsPost: Int
    public var sPre: Double
    public var sPost: Double
    /// Maximum of s in the pre and post windows.
    public var sMaxPre: Double
    public var sMaxPost: Double
    /// Share of the window's cascades with extent = N.
    public var saturationPre: Double
    public var saturationPost: Double
    /// The complementary CDF of s over every snapshot of the width: P(S ≥ ccdfSizes[i]) = ccdfProbability[i],
    /// at up to ~100 sizes (every distinct size when fewer).
    public var ccdfSizes: [Int]
    public var ccdfProbability: [Double]
    /// The bootstrap interval (over seeds within the width, at the analysis' confidence) of
    /// sPre and sPost: [lo, hi], empty when there is none.
    public var sPreInterval: [Double] = []
    public var sPostInterval: [Double] = []
}

/// The per-width numbers behind the control fits (all cascades of the width pooled).
public struct ControlWidthStatistics: Sendable, Hashable, Codable {
    public var parameterCount: Int
    public var runs: Int
    public var cascades: Int
    /// The headline statistic.
    public var s: Double
    public var sMax: Double
    /// Share of cascades with extent = N.
    public var saturation: Double

    public init(parameterCount: Int, runs: Int, cascades: Int, s: Double, sMax: Double, saturation: Double = .nan) {
        self.parameterCount = parameterCount
        self.runs = runs
        self.cascades = cascades
        self.s = s
        self.sMax = sMax
        self.saturation = saturation
    }
}
