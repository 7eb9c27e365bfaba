import GrokConfig
import GrokCoordinator

/// What the live status page shows: a value, copied out of ``StatusBoard`` for each request, so
/// rendering never holds a lock the coordinator needs.
public struct StatusSnapshot: Sendable {
    public struct Running: Sendable, Equatable {
        public var task: String
        public var worker: String
        public var host: String
        public init(task: String, worker: String, host: String) { self.task = task; self.worker = worker; self.host = host }
    }
    public struct Failure: Sendable, Equatable {
        public var task: String
        public var error: String
        public var attempts: Int
        public init(task: String, error: String, attempts: Int) { self.task = task; self.error = error; self.attempts = attempts }
    }

    public var configurationHash = ""
    public var tasksTotal = 0
    public var done = 0
    public var failed = 0
    public var leased = 0
    public var liveWorkers = 0
    public var duplicates = 0
    public var workersLost = 0
    public var finished = false
    /// Seconds since the coordinator started publishing.
    public var elapsedSeconds = 0.0
    /// Tasks per second, from the tasks finished since this coordinator started (nil until one has).
    public var tasksPerSecond: Double?
    public var etaSeconds: Double?
    /// From the journal (read-only, refreshed every few seconds): who holds which task, failures,
    /// quarantined workers.
    public var running: [Running] = []
    public var failures: [Failure] = []
    public var quarantined: [String] = []
    /// Per worker: results, failures, invalid results, quarantine (from the journal).
    public var workers: [JournalReader.WorkerRecord] = []
    /// The partial D(τ) plot (inline SVG) from the results committed so far, and when it was made.
    public var dTauSVG: String?
    /// Why there is no partial D(τ) plot yet (nil: there is one, or no result yet).
    public var dTauNote: String?
    public var dTauTasks = 0

    public init() {}

    /// `/status.json`: the same facts, keys in a fixed order.
    public var json: JSONValue {
        .object([
            ("configuration_hash", .string(configurationHash)),
            ("tasks_total", .int(tasksTotal)),
            ("tasks_done", .int(done)),
            ("tasks_failed", .int(failed)),
            ("tasks_leased", .int(leased)),
            ("tasks_pending", .int(max(0, tasksTotal - done - failed - leased))),
            ("finished", .bool(finished)),
            ("elapsed_seconds", .number(elapsedSeconds)),
            ("tasks_per_second", .number(tasksPerSecond)),
            ("eta_seconds", .number(etaSeconds)),
            ("workers_live", .int(liveWorkers)),
            ("workers_lost", .int(workersLost)),
            ("workers_quarantined", .array(quarantined.map(JSONValue.string))),
            (
                "workers",
                .array(
                    workers.map { r in
                        .object([
                            ("worker", .string(r.worker)), ("host", r.host.map(JSONValue.string) ?? .null), ("results", .int(r.results)),
                            ("failures", .int(r.failures)), ("invalid_results", .int(r.invalidResults)), ("failure_rate", .number(r.failureRate)),
                            ("quarantined", .bool(r.quarantined != nil)), ("quarantine_reason", r.quarantined.map(JSONValue.string) ?? .null),
                        ])
                    })
            ),
            ("duplicates", .int(duplicates)),
            ("running", .array(running.map { .object([("task", .string($0.task)), ("worker", .string($0.worker)), ("host", .string($0.host))]) })),
            (
                "failed",
                .array(failures.map { .object([("task", .string($0.task)), ("error", .string($0.error)), ("attempts", .int($0.attempts))]) })
            ),
            ("d_tau_from_tasks", .int(dTauTasks)),
            ("d_tau_note", dTauNote.map(JSONValue.string) ?? .null),
        ])
    }
}
