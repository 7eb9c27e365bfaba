import Foundation
import GRDB
import GrokConfig
import GrokTasks
import Synchronization

/// The sweep's durable record in `<out>/journal.sqlite` (SQLite through GRDB).
///
/// Every accepted result is committed here — its bytes as received: the binary result record
/// (PROTOCOL.md), or the JSON form of earlier builds — with the SHA-256 of those bytes, before the worker is
/// acknowledged, so a coordinator killed at any moment loses nothing it has acknowledged;
/// restarted on the same folder it verifies every committed row, then resumes and never
/// recomputes a committed task. The folder belongs to one configuration hash (the keys results
/// depend on); a different one is refused. Opening records nothing: ``beginRun(bind:)`` does,
/// once the coordinator has started.
public final class Journal: Sendable {
    public static let fileName = "journal.sqlite"
    static let formatVersion = "grokscale-journal/2"

    let database: DatabaseQueue
    let path: String
    private let run = Mutex<Int>(0)
    /// This coordinator start's number (1 for a new sweep, then 2, 3, … on each resume); 0
    /// until ``beginRun(bind:)``.
    public var coordinatorRun: Int { run.withLock { $0 } }
    public let configurationHash: String
    /// The committed tasks, every row's checksum verified on open (the coordinator's resume set).
    public let verifiedTasks: Set<String>

    /// Opens (or creates) the journal of `folder` for `config`, and verifies every committed
    /// row. Throws `.damaged` (nothing leased) when a row fails; `grokscale repair` fixes that.
    public init(folder: URL, config: SweepConfig) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent(Journal.fileName).path
        let database: DatabaseQueue
        do {
            database = try Journal.open(path)
            self.database = database
        } catch {
            throw JournalError(.noInput, description: "cannot open the journal \(path): \(error)")
        }
        let hash = config.configurationHash
        configurationHash = hash
        let toml = config.tomlText
        let total = config.tasks.count
        let path = self.path
        let checked = try Journal.writing(path) {
            try Journal.migrate(database)
            return try database.write { db in
                if let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'config_hash'") {
                    guard stored == hash else {
                        let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results") ?? 0
                        throw JournalError(
                            .otherConfiguration,
                            description: """
                                \(folder.path) holds a sweep with configuration hash \(stored.prefix(12))… (\(done) tasks done); \
                                this configuration's hash is \(hash.prefix(12))…. The hash covers the grid, training, graphs \
                                and probe keys (analysis and network keys may change). To resume it, use the same values \
                                (the stored configuration is printed by: sqlite3 \(path) "SELECT value FROM meta WHERE key='config'"); \
                                for a new sweep, choose another --out folder.
                                """)
                    }
                } else {
                    try db.execute(
                        sql: "INSERT INTO meta (key, value) VALUES ('format', ?), ('config_hash', ?), ('config', ?), ('tasks_total', ?)",
                        arguments: [Journal.formatVersion, hash, toml, String(total)])
                }
                _ = try JournalIntegrity.adoptLegacyRows(db, config: config)
                return try JournalIntegrity.check(db, config: config, decode: false)
            }
        }
        guard checked.damaged.isEmpty else {
            throw JournalError(.damaged, description: JournalIntegrity.refusal(checked.damaged, folder: folder))
        }
        verifiedTasks = Set(checked.tasks)
    }

    static func open(_ path: String, readonly: Bool = false) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.readonly = readonly
        if !readonly {
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                // FULL: a commit is on disk before the worker hears "accepted".
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
        }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The journal's schema as named, ordered GRDB migrations. Each runs once per journal and is
    /// recorded in `grdb_migrations`; a journal written before the migrator (formats 1 and 2)
    /// records none, so every step is written to be a no-op on a schema it already has.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tables") { db in
            try db.execute(
                sql: """
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
        // Format 2: a checksum per committed row, the verification it passed, and the table
        // `grokscale repair` moves damaged rows into.
        migrator.registerMigration("v2-checksums-verification-quarantine") { db in
            let columns = Set(try db.columns(in: "results").map(\.name))
            if !columns.contains("sha256") { try db.execute(sql: "ALTER TABLE results ADD COLUMN sha256 TEXT") }
            if !columns.contains("verified") { try db.execute(sql: "ALTER TABLE results ADD COLUMN verified TEXT NOT NULL DEFAULT ''") }
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS quarantine (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, task TEXT NOT NULL, width INTEGER, seed INTEGER, result BLOB,
                        worker TEXT, host TEXT, lease INTEGER, coordinator_run INTEGER, committed_at TEXT, sha256 TEXT,
                        reason TEXT NOT NULL, quarantined_at TEXT NOT NULL);
                    """)
        }
        return migrator
    }

    /// Brings a journal's schema up to date (its own transaction per migration).
    public static func migrate(_ database: DatabaseQueue) throws {
        try migrator.migrate(database)
    }

    /// Now in UTC as ISO 8601 ("2026-12-01T12:03:39Z", what ISO8601DateFormatter writes), by
    /// strftime: creating a formatter cost more CPU than a whole group commit.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let n = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Runs a write; a full disk or an unwritable file becomes `.cannotWrite` naming the path.
    static func writing<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError
            where [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM].contains(error.resultCode.primaryResultCode)
        {
            let why =
                error.resultCode.primaryResultCode == .SQLITE_FULL
                ? "the disk is full" : "it cannot be written (\(error.message ?? "\(error.resultCode)"))"
            throw JournalError(
                .cannotWrite,
                description:
                    "cannot write \(path): \(why). Nothing committed was lost: every acknowledged result is in the journal and the interrupted write was rolled back. Free space (or fix the permissions) and run the same command to resume."
            )
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try Journal.writing(path) { try database.write(body) }
    }

    // MARK: writing

    /// Records this coordinator start, once it is listening (a start that fails records nothing).
    public func beginRun(bind: String, config: SweepConfig) throws {
        let id = try write { db -> Int in
            // Same results, maybe other analysis/network settings: later reports use these.
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'config'", arguments: [config.tomlText])
            try db.execute(
                sql: "INSERT INTO coordinator_runs (started_at, pid, bind) VALUES (?, ?, ?)",
                arguments: [Journal.timestamp(), Int(ProcessInfo.processInfo.processIdentifier), bind])
            return Int(db.lastInsertedRowID)
        }
        run.withLock { $0 = id }
    }

    /// One result to commit.
    public struct Commit: Sendable {
        public var task: SweepTask
        public var result: Data
        public var worker: String
        public var host: String
        public var lease: Int
        /// How it was verified: "replicated", "spot_checked" or "".
        public var verified: String
        public init(task: SweepTask, result: Data, worker: String, host: String, lease: Int, verified: String = "") {
            self.task = task; self.result = result; self.worker = worker; self.host = host; self.lease = lease; self.verified = verified
        }
    }

    /// Commits results, each with the SHA-256 of its bytes, in one transaction (one fsync for the
    /// group: the coordinator acknowledges them only after this returns). A task that already has
    /// a result keeps it. Returns how many rows were inserted.
    /// `leases`: leases granted this turn, recorded in the same transaction (one fsync a turn).
    @discardableResult
    public func commit(_ batch: [Commit], leases: [(id: Int, task: String, worker: String, host: String)] = []) throws -> Int {
        guard !batch.isEmpty || !leases.isEmpty else { return 0 }
        let run = coordinatorRun
        let rows = batch.map { ($0, JournalIntegrity.checksum($0.result)) }
        return try write { db in
            var inserted = 0
            let stamp = Journal.timestamp()
            if !leases.isEmpty {
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO leases (coordinator_run, lease, task, worker, host, leased_at) VALUES (?, ?, ?, ?, ?, ?)")
                for l in leases { try insert.execute(arguments: [run, l.id, l.task, l.worker, l.host, stamp]) }
            }
            // Prepared once per connection (GRDB's statement cache), not once per row.
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO results (task, width, seed, result, worker, host, lease, coordinator_run, committed_at, sha256, verified)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let clearFailure = try db.cachedStatement(sql: "DELETE FROM failures WHERE task = ?")
            for (c, sha) in rows {
                let key = c.task.key
                try insert.execute(arguments: [key, c.task.width, c.task.seedIndex, c.result, c.worker, c.host, c.lease, run, stamp, sha, c.verified])
                if db.changesCount > 0 {
                    inserted += 1
                    try clearFailure.execute(arguments: [key])
                }
            }
            return inserted
        }
    }

    /// Commits one result (see ``commit(_:)``). Returns false if the task already has one.
    @discardableResult
    public func commit(task: SweepTask, result: Data, worker: String, host: String, lease: Int, verified: String = "") throws -> Bool {
        try commit([Commit(task: task, result: result, worker: worker, host: host, lease: lease, verified: verified)]) == 1
    }

    /// Records leases, in one transaction.
    public func recordLeases(_ leases: [(id: Int, task: String, worker: String, host: String)]) throws {
        try commit([], leases: leases)
    }

    public func recordLease(id: Int, task: String, worker: String, host: String) throws {
        try recordLeases([(id, task, worker, host)])
    }

    public func recordFailure(task: String, error: String, attempts: Int) throws {
        let run = coordinatorRun
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO failures (task, error, attempts, coordinator_run) VALUES (?, ?, ?, ?)",
                arguments: [task, error, attempts, run])
        }
    }

    /// Duplicates, determinism faults, refusals, lost or quarantined workers: what a user may audit.
    public func recordEvent(kind: String, task: String? = nil, worker: String? = nil, detail: String? = nil) throws {
        let run = coordinatorRun
        try write { db in
            try db.execute(
                sql: "INSERT INTO events (coordinator_run, at, kind, task, worker, detail) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [run, Journal.timestamp(), kind, task, worker, detail])
        }
    }

    // MARK: reading

    public func committedTasks() throws -> Set<String> {
        try database.read { db in Set(try String.fetchAll(db, sql: "SELECT task FROM results")) }
    }

    /// The canonical (binary) encoding of stored result bytes in either form (nil when they do not decode).
    static func canonical(_ stored: Data) -> Data? {
        (try? TaskResult.decodeStored(stored)).map(TaskResult.canonicalBytes)
    }

    public func committedResult(task: String) throws -> Data? {
        try database.read { db in try Data.fetchOne(db, sql: "SELECT result FROM results WHERE task = ?", arguments: [task]) }
    }
}
