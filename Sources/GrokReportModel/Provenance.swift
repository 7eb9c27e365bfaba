import GrokConfig

/// How a report was made. Kept to facts that do not vary between equivalent runs (no clocks,
/// no worker counts), so that a distributed sweep and an in-process sweep of the same
/// configuration write the same bytes.
public struct Provenance: Sendable, Hashable {
    public static let grokscaleVersion = GrokscaleVersion.current

    public var version: String
    /// The grokscale source commit, when the binary knows it.
    public var gitCommit: String?
    /// Distinct host names that delivered accepted results (1 for an in-process run).
    public var hostCount: Int
    /// How many tasks were verified and how (nil when the sweep verifies none).
    public var verification: Verification?

    public init(version: String = Provenance.grokscaleVersion, gitCommit: String?, hostCount: Int, verification: Verification? = nil) {
        self.version = version
        self.gitCommit = gitCommit
        self.hostCount = hostCount
        self.verification = verification
    }

    /// Tasks verified by network.replication and network.spot_check (``VerificationPolicy``).
    public struct Verification: Sendable, Hashable {
        public var replication: Int
        public var spotCheck: Double
        public var replicated: Int
        public var spotChecked: Int

        /// nil when the configuration verifies nothing and nothing was verified.
        public init?(config: SweepConfig, replicated: Int, spotChecked: Int) {
            guard config.network.replication > 1 || config.network.spotCheck > 0 || replicated + spotChecked > 0 else { return nil }
            self.replication = config.network.replication
            self.spotCheck = config.network.spotCheck
            self.replicated = replicated
            self.spotChecked = spotChecked
        }

        public var json: JSONValue {
            .object([
                ("replication", .int(replication)), ("spot_check", .double(spotCheck)),
                ("tasks_replicated", .int(replicated)), ("tasks_spot_checked", .int(spotChecked)),
                ("method", .string(VerificationPolicy.method)),
            ])
        }
    }
}
