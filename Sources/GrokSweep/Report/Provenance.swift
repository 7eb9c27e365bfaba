/// How a report was made. Kept to facts that do not vary between equivalent runs (no clocks,
/// no worker counts), so that a distributed sweep and an in-process sweep of the same
/// configuration write the same bytes.
public struct Provenance: Sendable, Hashable {
    public static let grokscaleVersion = "0.1.0"

    public var version: String
    /// The grokscale source commit, when the binary knows it.
    public var gitCommit: String?
    /// Distinct host names that delivered accepted results (1 for an in-process run).
    public var hostCount: Int

    public init(version: String = Provenance.grokscaleVersion, gitCommit: String?, hostCount: Int) {
        self.version = version
        self.gitCommit = gitCommit
        self.hostCount = hostCount
    }
}
