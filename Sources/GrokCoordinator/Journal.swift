import Foundation
import GRDB
import GrokSweep

/// Why a journal cannot be used, in words that say what to do.
public struct JournalError: Error, CustomStringConvertible {
    public var description: String
}

/// The sweep's durable record in `<out>/journal.sqlite` (SQLite through GRDB).
///
/// Every accepted result is committed here before the worker is acknowledged, so a coordinator
/// killed at any moment loses nothing it has acknowledged; restarted on the same folder it
/// resumes and never recomputes a committed task. The folder belongs to one configuration: its
/// hash is stored at creation and a different one is refused.
public final class Journal: Sendable {
    public static let fileName = "journal.sqlite"
    static let formatVersion = "grokscale-journal/1"

    private let database: DatabaseQueue
    /// This coordinator start's number (1 for a new sweep, then 2, 3, … on each resume).
    public let coordinatorRun: Int
    public let configurationHash: String

    /// Opens (or creates) the journal of `folder` for `config`.
    public init(folder: URL, config: SweepConfig, bind: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(Journal.fileName).path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            // FULL: a commit is on disk before the worker hears "accepted".
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw JournalError(description: "cannot open the journal \(path): \(error)")
        }
        let hash = config.configurationHash
        configurationHash = hash
        let toml = config.tomlText
        let total = config.tasks.count
        coordinatorRun = try database.write { db -> Int in
            try Journal.migrate(db)
            if let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'config_hash'") {
                guard stored == hash else {
                    let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results") ?? 0
                    throw JournalError(description: """
                        \(folder.path) holds a sweep with configuration hash \(stored.prefix(12))… (\(done) tasks done); \
                        this configuration's hash is \(hash.prefix(12))…. To resume it, use the same configuration \
                        (the stored one is printed by: sqlite3 \(path) "SELECT value FROM meta WHERE key='config'"); \
                        for a new sweep, choose another --out folder.
                        """)
                }
            } else {
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('format', ?), ('config_hash', ?), ('config', ?), ('tasks_total', ?)",
                               arguments: [Journal.formatVersion, hash, toml, String(total)])
            }
            try db.execute(sql: "INSERT INTO coordinator_runs (started_at, pid, bind) VALUES (?, ?, ?)",
                           arguments: [Journal.timestamp(), Int(ProcessInfo.processInfo.processIdentifier), bind])
            return Int(db.lastInsertedRowID)
        }
    }

    private static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS coordinator_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, pid INTEGER, bind TEXT);
            CREATE TABLE IF NOT EXISTS results (
                task TEXT PRIMARY KEY, width INTEGER NOT NULL, seed INTEGER NOT NULL, result BLOB NOT NULL,
                worker TEXT NOT NULL, host TEXT NOT NULL, lease INTEGER NOT NULL, coordinator_run INTEGER NOT NULL,
                committed_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS leases (
                id INTEGER PRIMARY KEY AUTOINCREMENT, coordinator_run INTEGER NOT NULL, lease INTEGER NOT NULL,
                task TEXT NOT NULL, worker TEXT NOT NULL, host TEXT NOT NULL, leased_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS failures (
                task TEXT PRIMARY KEY, error TEXT NOT NULL, attempts INTEGER NOT NULL, coordinator_run INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS events (
                id INTEGER PRIMARY KEY AUTOINCREMENT, coordinator_run INTEGER NOT NULL, at TEXT NOT NULL,
                kind TEXT NOT NULL, task TEXT, worker TEXT, detail TEXT);
            """)
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    // MARK: writing

    /// Commits a result. Returns false (and writes nothing) if the task already has one.
    @discardableResult
    public func commit(task: SweepTask, result: Data, worker: String, host: String, lease: Int) throws -> Bool {
        try database.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO results (task, width, seed, result, worker, host, lease, coordinator_run, committed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [task.key, task.width, task.seedIndex, result, worker, host, lease, coordinatorRun, Journal.timestamp()])
            let inserted = db.changesCount > 0
            if inserted { try db.execute(sql: "DELETE FROM failures WHERE task = ?", arguments: [task.key]) }
            return inserted
        }
    }

    public func recordLease(id: Int, task: String, worker: String, host: String) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO leases (coordinator_run, lease, task, worker, host, leased_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [coordinatorRun, id, task, worker, host, Journal.timestamp()])
        }
    }

    public func recordFailure(task: String, error: String, attempts: Int) throws {
        try database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO failures (task, error, attempts, coordinator_run) VALUES (?, ?, ?, ?)",
                           arguments: [task, error, attempts, coordinatorRun])
        }
    }

    /// Duplicates, determinism faults, refusals, lost workers: what a user may want to audit.
    public func recordEvent(kind: String, task: String? = nil, worker: String? = nil, detail: String? = nil) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO events (coordinator_run, at, kind, task, worker, detail) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [coordinatorRun, Journal.timestamp(), kind, task, worker, detail])
        }
    }

    /// One write transaction, for tables kept in their own files (``CascadeJournalTable``).
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try database.write(body)
    }

    // MARK: reading

    public func committedTasks() throws -> Set<String> {
        try database.read { db in Set(try String.fetchAll(db, sql: "SELECT task FROM results")) }
    }

    public func committedResult(task: String) throws -> Data? {
        try database.read { db in try Data.fetchOne(db, sql: "SELECT result FROM results WHERE task = ?", arguments: [task]) }
    }

    /// Every committed result, decoded, and the number of distinct hosts that computed them.
    public func results() throws -> (results: [TaskResult], hosts: Int) {
        try Journal.decodeResults(database)
    }

    /// Reads and decodes the results table of `database` (shared with ``JournalReader``).
    static func decodeResults(_ database: some DatabaseReader) throws -> (results: [TaskResult], hosts: Int) {
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT task, result, host FROM results ORDER BY task").map { ($0["task"] as String, $0["result"] as Data, $0["host"] as String) }
        }
        let decoder = JSONDecoder()
        var results: [TaskResult] = []
        for (task, data, _) in rows {
            do {
                results.append(try decoder.decode(TaskResult.self, from: data))
            } catch {
                throw JournalError(description: "the journal's result for \(task) does not decode (\(error)); the journal is damaged or from another grokscale version")
            }
        }
        return (results, Set(rows.map(\.2)).count)
    }
}
