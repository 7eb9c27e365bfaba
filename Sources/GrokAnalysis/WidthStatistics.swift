/// The per-width numbers behind the gradient fits, for plots. S values use the headline
/// statistic; NaN where the width has no cascade in that group.
public struct WidthStatistics: Sendable, Hashable, Codable {
    public var parameterCount: Int
    public var runs: Int
    public var grokkedRuns: Int
    /// Cascades pooled into S_pre (τ < 0) and S_post (τ ≥ 0).
    public var cascadesPre: Int
    public var cascadesPost: Int
    public var sPre: Double
    public var sPost: Double
    /// Maximum of s over τ < 0 and τ ≥ 0.
    public var sMaxPre: Double
    public var sMaxPost: Double

    public init(parameterCount: Int, runs: Int, grokkedRuns: Int, cascadesPre: Int, cascadesPost: Int,
                sPre: Double, sPost: Double, sMaxPre: Double, sMaxPost: Double) {
        self.parameterCount = parameterCount
        self.runs = runs
        self.grokkedRuns = grokkedRuns
        self.cascadesPre = cascadesPre
        self.cascadesPost = cascadesPost
        self.sPre = sPre
        self.sPost = sPost
        self.sMaxPre = sMaxPre
        self.sMaxPost = sMaxPost
    }
}

/// The per-width numbers behind the control fits (all cascades of the width pooled).
public struct ControlWidthStatistics: Sendable, Hashable, Codable {
    public var parameterCount: Int
    public var runs: Int
    public var cascades: Int
    /// The headline statistic.
    public var s: Double
    public var sMax: Double

    public init(parameterCount: Int, runs: Int, cascades: Int, s: Double, sMax: Double) {
        self.parameterCount = parameterCount
        self.runs = runs
        self.cascades = cascades
        self.s = s
        self.sMax = sMax
    }
}
