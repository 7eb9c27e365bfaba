/// D_pre and D_post refitted on the full data without one width (headline statistic).
/// NaN when fewer than `minimumWidthsPerFit` widths remain.
public struct LeaveOneOut: Sendable, Hashable, Codable {
    /// The N left out.
    public var removedParameterCount: Int
    public var dPre: Double
    public var dPost: Double
    public var r2Pre: Double
    public var r2Post: Double

    public init(removedParameterCount: Int, dPre: Double, dPost: Double, r2Pre: Double, r2Post: Double) {
        self.removedParameterCount = removedParameterCount
        self.dPre = dPre
        self.dPost = dPost
        self.r2Pre = r2Pre
        self.r2Post = r2Post
    }
}
