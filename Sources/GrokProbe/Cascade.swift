/// One relaxation event: `size` topplings in all, `extent` distinct nodes toppled, `duration`
/// synchronous waves (0 when nothing was at or above threshold).
public struct Cascade: Sendable, Hashable, Codable {
    public var size: Int
    public var extent: Int
    public var duration: Int
    /// A₁, the topplings of the first wave (the supra-threshold nodes of a global cascade, 1 for
    /// a per-seed avalanche); nil unless the probe was asked (``ProbeConfig/recordsFirstWave``).
    /// With the size it gives the branching ratio σ = (size − A₁) / size.
    public var firstWave: Int?

    public init(size: Int, extent: Int, duration: Int, firstWave: Int? = nil) {
        self.size = size
        self.extent = extent
        self.duration = duration
        self.firstWave = firstWave
    }
}
