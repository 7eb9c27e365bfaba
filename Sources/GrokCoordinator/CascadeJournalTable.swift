import Foundation
import GRDB
import GRDBSQLite
import GrokConfig
import GrokTasks

/// The journal's `cascades` table: one row per cascade, the rows of ``CascadeTable`` (and of the
/// output folder's avalanches.csv.gz), queryable with SQL, e.g.
/// `SELECT width, AVG(size) FROM cascades WHERE topology = 'ba' AND source = 'gradient' AND tau >= 0 GROUP BY width`.
///
/// Written when the report is written, from the committed results, task by task: a task's
/// rows go in together or not at all, tasks already in the table are skipped, so writing it
/// again after a resume only adds the new tasks. Kept out of the commit path on purpose: it
/// costs ~1,000 inserts per result, which would make the coordinator the bottleneck.
enum CascadeJournalTable {
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS cascades (
                    task TEXT NOT NULL, width INTEGER NOT NULL, seed INTEGER NOT NULL, topology TEXT NOT NULL, source TEXT NOT NULL,
                    field INTEGER NOT NULL, epoch INTEGER, tau INTEGER, avalanche INTEGER,
                    size INTEGER, extent INTEGER, duration INTEGER, error TEXT);
                """)
    }

    static func createIndex(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX IF NOT EXISTS cascades_by_run ON cascades (width, seed, topology, source, epoch)")
    }

    /// Adds the rows of every result whose task has none yet; returns the rows added.
    @discardableResult
    static func add(_ results: [TaskResult], into db: Database) throws -> Int {
        try create(db)
        let present = Set(try String.fetchAll(db, sql: "SELECT DISTINCT task FROM cascades"))
        let missing = CascadeTable(results: results).results.filter { !present.contains($0.task.key) }
        guard !missing.isEmpty else {
            try createIndex(db)
            return 0
        }
        // The index is built after the rows, in one sort, instead of maintained row by row.
        try db.execute(sql: "DROP INDEX IF EXISTS cascades_by_run")
        let insert = try insertStatement(db)
        var added = 0
        for r in missing { added += try insertRows(of: r, insert) }
        try createIndex(db)
        return added
    }

    static func insertStatement(_ db: Database) throws -> Statement {
        try db.makeStatement(
            sql: """
                INSERT INTO cascades (task, width, seed, topology, source, field, epoch, tau, avalanche, size, extent, duration, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
    }

    /// Inserts one result's rows; returns how many. The values are bound with sqlite3_bind_*
    /// directly: GRDB's argument arrays box 13 values a row, which was most of the ~3.5 µs a
    /// row this table cost (about 4 million rows at seeds = 1000).
    static func insertRows(of r: TaskResult, _ insert: Statement) throws -> Int {
        let statement = insert.sqliteStatement
        var added = 0
        try CascadeTable.forEachRow(of: r) { row in
            bind(statement, 1, row.task); bind(statement, 2, row.width); bind(statement, 3, row.seed)
            bind(statement, 4, row.topology); bind(statement, 5, row.source.rawValue); bind(statement, 6, row.field)
            bind(statement, 7, row.epoch); bind(statement, 8, row.tau); bind(statement, 9, row.avalanche)
            bind(statement, 10, row.size); bind(statement, 11, row.extent); bind(statement, 12, row.duration)
            bind(statement, 13, row.error)
            let code = sqlite3_step(statement)
            sqlite3_reset(statement)
            guard code == SQLITE_DONE else {
                throw InsertFailed(code: code, message: String(cString: sqlite3_errstr(code)))
            }
            added += 1
        }
        return added
    }

    struct InsertFailed: Error, CustomStringConvertible {
        var code: Int32
        var message: String
        var description: String { "inserting a cascades row failed: \(message) (SQLite code \(code))" }
    }

    /// SQLITE_TRANSIENT: SQLite copies the text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bind(_ s: OpaquePointer?, _ index: Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(s, index, Int64(value)) } else { sqlite3_bind_null(s, index) }
    }

    private static func bind(_ s: OpaquePointer?, _ index: Int32, _ value: Int) {
        sqlite3_bind_int64(s, index, Int64(value))
    }

    private static func bind(_ s: OpaquePointer?, _ index: Int32, _ value: String?) {
        guard let value else { sqlite3_bind_null(s, index); return }
        sqlite3_bind_text(s, index, value, -1, transient)
    }
}

/// Thrown inside the pass's transaction to roll back a cascades table that could not be filled
/// (the results were still read: the report does not depend on that table).
private struct CascadesNotFilled: Error { var why: String }

extension Journal {
    /// Fills the journal's `cascades` table from `results` (see ``CascadeJournalTable``).
    @discardableResult
    public func writeCascades(_ results: [TaskResult]) throws -> Int {
        try write { db in try CascadeJournalTable.add(results, into: db) }
    }
}

extension Journal {
    /// The report's one pass over the journal: every committed result, verified and decoded,
    /// handed to `body` one at a time in canonical task order, and its rows added to the
    /// `cascades` table in the same pass (same rows and skip-if-present rule as
    /// ``writeCascades(_:)``, the index built at the end, all in one transaction). Throws
    /// `.damaged` (nothing written) when a row fails its check; a cascades table that cannot be
    /// written is rolled back and reported in ``JournalResultsRead/cascadesError``, since the
    /// report does not depend on it.
    public func forEachResultFillingCascades(config: SweepConfig, _ body: (TaskResult) throws -> Void) throws -> JournalResultsRead {
        var read = JournalResultsRead(results: 0, hosts: 0, replicated: 0, spotChecked: 0)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var passed = false
        do {
            try write { db in
                try CascadeJournalTable.create(db)
                let present = Set(try String.fetchAll(db, sql: "SELECT DISTINCT task FROM cascades"))
                let committed = try String.fetchAll(db, sql: "SELECT task FROM results")
                // The index is built after the rows, in one sort, instead of maintained row by row.
                if committed.contains(where: { !present.contains($0) }) { try db.execute(sql: "DROP INDEX IF EXISTS cascades_by_run") }
                let insert = try CascadeJournalTable.insertStatement(db)
                var failure: String?
                let pass = try JournalResultStream.forEach(db, config: config) { r in
                    try body(r)
                    guard failure == nil, !present.contains(r.task.key) else { return }
                    do { _ = try CascadeJournalTable.insertRows(of: r, insert) } catch { failure = "\(error)" }
                }
                guard pass.damaged.isEmpty else {
                    throw JournalError(.damaged, description: JournalIntegrity.refusal(pass.damaged, folder: folder))
                }
                let v = try JournalResultStream.verification(db)
                read = JournalResultsRead(results: pass.results, hosts: pass.hosts.count, replicated: v.replicated, spotChecked: v.spotChecked)
                passed = true
                if let failure { throw CascadesNotFilled(why: failure) }
                do { try CascadeJournalTable.createIndex(db) } catch { throw CascadesNotFilled(why: "\(error)") }
            }
        } catch let e as CascadesNotFilled {
            read.cascadesError = e.why
        } catch  where passed {
            // Every result was read and checked; only committing the cascades rows failed.
            read.cascadesError = "\(error)"
        }
        return read
    }
}
