/// Every cascade of one (width, seed) run on one topology: the bootstrap unit of the analysis.
public struct RunCascades: Sendable, Hashable {
    /// N, the number of trainable parameters (4h + 1); widths are grouped by this value.
    public var parameterCount: Int
    public var seedIndex: Int
    /// The run's onset epoch t_g; nil when the run never grokked, or for a control run.
    public var onsetEpoch: Int?
    public var cascades: [CascadeRecord]

    public init(parameterCount: Int, seedIndex: Int, onsetEpoch: Int?, cascades: [CascadeRecord]) {
        self.parameterCount = parameterCount
        self.seedIndex = seedIndex
        self.onsetEpoch = onsetEpoch
        self.cascades = cascades
    }
}
