import Foundation
import GRDB
import GrokConfig
import GrokTasks

/// A read-only view of a sweep's journal for `grokscale status` and `grokscale report`. Opens
/// the database read-only (WAL lets it read beside a running coordinator) and never writes.
public struct JournalReader: Sendable {
    /// What the journal says about the sweep's progress.
    public struct Status: Sendable {
        public var tasksTotal: Int
        public var done: [String]
        /// Leased in the latest coordinator run with no result or failure yet: task → worker.
        public var running: [(task: String, worker: String, host: String)]
        public var failed: [(task: String, error: String, attempts: Int)]
        /// Tasks with no result, failure or live lease.
        public var pending: [String]
        public var duplicates: Int
        public var determinismFaults: Int
        public var workersLost: Int
        public var coordinatorRuns: Int
        /// The latest coordinator's pid and whether a process with that pid exists on this host.
        public var coordinatorPID: Int?
        public var coordinatorAlive: Bool
        /// Workers quarantined (they compute another configuration hash), with the reason.
        public var quarantined: [(worker: String, detail: String)] = []
        /// Rows moved to the quarantine table by `grokscale repair`.
        public var quarantinedRows = 0
    }

    public let folder: URL
    let database: DatabaseQueue

    public init(folder: URL) throws {
        self.folder = folder
        let path = folder.appendingPathComponent(Journal.fileName).path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw JournalError(description: "\(folder.path) does not exist (give the --out folder of `grokscale coordinator` or `grokscale run`)")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw JournalError(
                description:
                    "\(folder.path) has no \(Journal.fileName): it is not a sweep's output folder (give the --out folder of `grokscale coordinator` or `grokscale run`; an in-process run keeps no journal)"
            )
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            _ = try database.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'config'") }
        } catch {
            throw JournalError(description: "cannot read the journal \(path): \(error)")
        }
    }

    /// The sweep's configuration, rebuilt from the TOML stored when the sweep started.
    public func config() throws -> SweepConfig {
        let stored = try database.read { db in
            (
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'config'"),
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'config_hash'")
            )
        }
        guard let toml = stored.0 else {
            throw JournalError(description: "the journal in \(folder.path) has no stored configuration; it is damaged or was never initialised")
        }
        let config = try SweepConfig.load(toml: toml)
        if let hash = stored.1, hash != config.configurationHash {
            throw JournalError(
                description:
                    "the journal's configuration reads back with hash \(config.configurationHash.prefix(12))…, not the stored \(hash.prefix(12))…: this grokscale build resolves the configuration differently from the one that ran the sweep"
            )
        }
        return config
    }

    // Committed results are read one at a time: ``forEachResult(config:_:)`` (JournalResultStream.swift).

    /// The committed rows that fail their checksum, do not decode or are not valid results.
    public func damagedRows() throws -> (checked: Int, damaged: [JournalIntegrity.Damage]) {
        let config = try config()
        return try database.read { db in
            let checked = try JournalIntegrity.check(db, config: config)
            return (checked.results.count + checked.damaged.count, checked.damaged)
        }
    }

    public func failures() throws -> [TaskFailure] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT task, error, attempts FROM failures ORDER BY task").compactMap { row in
                SweepTask(key: row["task"]).map { TaskFailure(task: $0, error: row["error"], attempts: row["attempts"]) }
            }
        }
    }

    public func status() throws -> Status {
        let config = try config()
        return try database.read { db in
            let done = try String.fetchAll(db, sql: "SELECT task FROM results ORDER BY task")
            let failed = try Row.fetchAll(db, sql: "SELECT task, error, attempts FROM failures ORDER BY task")
                .map { (task: $0["task"] as String, error: $0["error"] as String, attempts: $0["attempts"] as Int) }
            let latest = try Row.fetchOne(db, sql: "SELECT id, pid FROM coordinator_runs ORDER BY id DESC LIMIT 1")
            let run: Int = latest?["id"] ?? 0
            let pid: Int? = latest?["pid"]
            let finished = Set(done).union(failed.map(\.task))
            // The latest lease of each task in the latest coordinator run.
            let leases = try Row.fetchAll(
                db,
                sql: """
                    SELECT task, worker, host FROM leases WHERE id IN
                      (SELECT MAX(id) FROM leases WHERE coordinator_run = ? GROUP BY task) ORDER BY task
                    """, arguments: [run])
            let running = leases.map { (task: $0["task"] as String, worker: $0["worker"] as String, host: $0["host"] as String) }
                .filter { !finished.contains($0.task) }
            let busy = finished.union(running.map(\.task))
            let pending = config.tasks.map(\.key).filter { !busy.contains($0) }
            func events(_ kind: String) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE kind = ?", arguments: [kind]) ?? 0
            }
            var status = Status(
                tasksTotal: config.tasks.count, done: done, running: running, failed: failed, pending: pending,
                duplicates: try events("duplicate"), determinismFaults: try events("determinism_fault"),
                workersLost: try events("worker_lost"), coordinatorRuns: run, coordinatorPID: pid,
                coordinatorAlive: pid.map { kill(pid_t($0), 0) == 0 || errno == EPERM } ?? false)
            status.quarantined = try Row.fetchAll(
                db, sql: "SELECT worker, detail FROM events WHERE kind = 'quarantined' AND coordinator_run = ? ORDER BY id", arguments: [run]
            )
            .map { (worker: ($0["worker"] as String?) ?? "?", detail: ($0["detail"] as String?) ?? "") }
            if try db.tableExists("quarantine") {
                status.quarantinedRows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quarantine") ?? 0
            }
            return status
        }
    }
}
