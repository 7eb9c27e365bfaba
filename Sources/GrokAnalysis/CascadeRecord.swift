/// One cascade observed on one gradient (or control) snapshot: the epoch it was taken at and the
/// probe's three readings. Sizes and extents are counts, so they are integers ≥ 0.
public struct CascadeRecord: Sendable, Hashable, Codable {
    public var epoch: Int
    /// Number of topplings.
    public var size: Int
    /// Number of distinct nodes that toppled.
    public var extent: Int
    /// Number of synchronous waves.
    public var duration: Int

    public init(epoch: Int, size: Int, extent: Int, duration: Int) {
        self.epoch = epoch
        self.size = size
        self.extent = extent
        self.duration = duration
    }
}
