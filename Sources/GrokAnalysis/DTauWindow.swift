/// D in one τ window [tauLo, tauHi) from the headline statistic, pooled over seeds.
public struct DTauWindow: Sendable, Hashable, Codable {
    public var tauLo: Int
    public var tauHi: Int
    /// The slope of ln S against ln N on the full data.
    public var d: Double
    public var r2: Double
    public var widthsUsed: Int
    /// Bootstrap percentile band [lo, hi] (NaN without resamples), for plots.
    public var ci: [Double]
    /// Resamples in which the window still had enough widths for a fit.
    public var resamples: Int
    /// Every width required takes part (at least minimumRunsPerWidth runs with snapshots in the
    /// window); only covered windows are joined and can make a crossing.
    public var covered: Bool = true
    /// Runs with snapshots in the window, per width in ascending N (every width of the input).
    public var runsPerWidth: [Int] = []

    /// The window centre, where the crossing interpolation places D.
    public var centre: Double { Double(tauLo) + Double(tauHi - tauLo) / 2 }

    public init(tauLo: Int, tauHi: Int, d: Double, r2: Double, widthsUsed: Int, ci: [Double], resamples: Int) {
        self.tauLo = tauLo
        self.tauHi = tauHi
        self.d = d
        self.r2 = r2
        self.widthsUsed = widthsUsed
        self.ci = ci
        self.resamples = resamples
    }
}
