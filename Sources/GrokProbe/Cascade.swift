/// One relaxation event: `size` topplings in all, `extent` distinct nodes toppled, `duration`
/// synchronous waves (0 when nothing was at or above threshold).
public struct Cascade: Sendable, Hashable, Codable {
    public var size: Int
    public var extent: Int
    public var duration: Int

    public init(size: Int, extent: Int, duration: Int) {
        self.size = size
        self.extent = extent
        self.duration = duration
    }
}
