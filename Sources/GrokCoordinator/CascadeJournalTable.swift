import GRDB
import GrokSweep

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
        try db.execute(sql: """
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
        let insert = try db.makeStatement(sql: """
            INSERT INTO cascades (task, width, seed, topology, source, field, epoch, tau, avalanche, size, extent, duration, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var added = 0
        for r in missing {
            try CascadeTable.forEachRow(of: r) { row in
                insert.setUncheckedArguments([
                    row.task, row.width, row.seed, row.topology, row.source.rawValue, row.field, row.epoch, row.tau,
                    row.avalanche, row.size, row.extent, row.duration, row.error,
                ])
                try insert.execute()
                added += 1
            }
        }
        try createIndex(db)
        return added
    }
}

extension Journal {
    /// Fills the journal's `cascades` table from `results` (see ``CascadeJournalTable``).
    @discardableResult
    public func writeCascades(_ results: [TaskResult]) throws -> Int {
        try write { db in try CascadeJournalTable.add(results, into: db) }
    }
}
