import Foundation
import GrokConfig

/// Everything a coordinator needs to run one sweep.
public struct CoordinatorOptions: Sendable {
    public var config: SweepConfig
    /// ZeroMQ endpoint to bind, e.g. "tcp://0.0.0.0:5555" or "tcp://127.0.0.1:*".
    public var bind: String
    /// Folder of the journal and the report.
    public var outputFolder: URL
    /// Where the journal goes instead of `outputFolder` (node-local disk on clusters whose shared
    /// folder is NFS, Lustre or GPFS, where SQLite's WAL is unsafe); nil: `outputFolder`.
    public var journalFolder: URL?
    /// Benchmark mode: this many no-op tasks, nothing journaled, no report.
    public var noopTasks: Int?
    /// After the sweep, keep answering DONE this long so that every worker hears it.
    public var doneGraceSeconds: Double
    /// CURVE server settings; nil: no encryption (loopback, or an explicit --insecure).
    public var curve: CurveServer?
    /// Writes the report folder once every task is done or failed (nil: no report, as in
    /// benchmarks). Passed in so that scheduling never links the analysis or the renderer.
    public var writeReport: ReportWriting?

    public struct CurveServer: Sendable {
        public var secretKey: String
        /// Z85 public keys of the workers allowed in.
        public var authorizedKeys: Set<String>
        public init(secretKey: String, authorizedKeys: Set<String>) {
            self.secretKey = secretKey
            self.authorizedKeys = authorizedKeys
        }
    }

    public init(
        config: SweepConfig, bind: String, outputFolder: URL, noopTasks: Int? = nil, doneGraceSeconds: Double? = nil, curve: CurveServer? = nil,
        writeReport: ReportWriting? = nil
    ) {
        self.config = config
        self.bind = bind
        self.outputFolder = outputFolder
        self.noopTasks = noopTasks
        // Long enough for a worker that missed DONE to notice the silence, back off (1 s) and
        // announce itself again; workers that heard DONE say goodbye and end the wait early.
        self.doneGraceSeconds = doneGraceSeconds ?? Double(config.network.heartbeatIntervalMs * (config.network.heartbeatLiveness + 1)) / 1000 + 2
        self.curve = curve
        self.writeReport = writeReport
    }

    var limits: Scheduler.Limits {
        Scheduler.Limits(
            heartbeatInterval: Double(config.network.heartbeatIntervalMs) / 1000,
            liveness: config.network.heartbeatLiveness,
            leaseTimeout: Double(config.network.leaseTimeoutS),
            maxAttempts: config.network.maxAttempts,
            maxLosses: config.network.maxLosses,
            maxLeasesPerWorker: config.network.maxLeasesPerWorker,
            leaseFloor: Double(config.network.leaseFloorS),
            quarantineAfter: config.network.quarantineAfter)
    }
}

/// A snapshot of a running sweep, for progress displays.
public struct CoordinatorProgress: Sendable {
    public var total: Int
    public var done: Int
    public var failed: Int
    public var leased: Int
    public var liveWorkers: Int
    public var duplicates: Int
    /// Who holds which leases now (worker, host, task keys), from the scheduler itself, so that a
    /// live view's count of leased tasks and of their holders can never disagree.
    public var holders: [Holder]

    public struct Holder: Sendable, Equatable {
        public var worker: String
        public var host: String
        public var tasks: [String]
        public init(worker: String, host: String, tasks: [String]) { self.worker = worker; self.host = host; self.tasks = tasks }
    }

    public init(total: Int, done: Int, failed: Int, leased: Int, liveWorkers: Int, duplicates: Int, holders: [Holder] = []) {
        self.total = total; self.done = done; self.failed = failed; self.leased = leased
        self.liveWorkers = liveWorkers; self.duplicates = duplicates; self.holders = holders
    }
}
