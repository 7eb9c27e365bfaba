import Foundation
import GrokConfig

/// Everything `grokscale serve` needs.
public struct ServeOptions: Sendable {
    public var config: SweepConfig
    /// ZeroMQ endpoint of the ROUTER socket, e.g. "tcp://127.0.0.1:5600".
    public var bind: String
    /// Folder of the ensemble journal and report.
    public var outputFolder: URL
    /// Probing threads.
    public var threads: Int
    /// Gaussian control fields per run in the ensemble report (0: none).
    public var controlFields: Int
    public var curve: Curve?
    /// Jobs accepted but not finished before the loop stops reading (clients then queue in
    /// ZeroMQ, up to its high-water mark, and their own bounded queues drop and count).
    public var maxPending: Int
    /// The grokscale commit for the report's provenance.
    public var gitCommit: String?

    public struct Curve: Sendable {
        public var secretKey: String
        public var authorizedKeys: Set<String>
        public init(secretKey: String, authorizedKeys: Set<String>) {
            self.secretKey = secretKey
            self.authorizedKeys = authorizedKeys
        }
    }

    public init(
        config: SweepConfig, bind: String, outputFolder: URL, threads: Int, controlFields: Int, curve: Curve? = nil, maxPending: Int? = nil,
        gitCommit: String? = nil
    ) {
        self.gitCommit = gitCommit
        self.config = config
        self.bind = bind
        self.outputFolder = outputFolder
        self.threads = threads
        self.controlFields = controlFields
        self.curve = curve
        self.maxPending = maxPending ?? 16 * threads
    }
}
