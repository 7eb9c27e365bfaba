import Foundation
import GRDB
import GrokCoordinator
import Testing

@Suite("Journal schema: named GRDB migrations that old journals pass through unharmed")
struct JournalMigrationTests {
    /// The schema of a format-1 journal, as the first release wrote it (no checksums, no
    /// verification column, no quarantine table, no migrations table).
    static let formatOneSchema = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE coordinator_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, pid INTEGER, bind TEXT);
        CREATE TABLE results (
            task TEXT PRIMARY KEY, width INTEGER NOT NULL, seed INTEGER NOT NULL, result BLOB NOT NULL,
            worker TEXT NOT NULL, host TEXT NOT NULL, lease INTEGER NOT NULL, coordinator_run INTEGER NOT NULL,
            committed_at TEXT NOT NULL);
        CREATE TABLE leases (
            id INTEGER PRIMARY KEY AUTOINCREMENT, coordinator_run INTEGER NOT NULL, lease INTEGER NOT NULL,
            task TEXT NOT NULL, worker TEXT NOT NULL, host TEXT NOT NULL, leased_at TEXT NOT NULL);
        CREATE TABLE failures (task TEXT PRIMARY KEY, error TEXT NOT NULL, attempts INTEGER NOT NULL, coordinator_run INTEGER NOT NULL);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT, coordinator_run INTEGER NOT NULL, at TEXT NOT NULL,
            kind TEXT NOT NULL, task TEXT, worker TEXT, detail TEXT);
        INSERT INTO results VALUES ('h20-s0', 20, 0, x'00', 'w', 'host', 1, 1, '2026-01-01T00:00:00Z');
        """

    static func columns(_ queue: DatabaseQueue, _ table: String) throws -> Set<String> {
        try queue.read { db in Set(try db.columns(in: table).map(\.name)) }
    }

    @Test("a new journal gets every migration in order, recorded by name")
    func fresh() throws {
        let queue = try DatabaseQueue()
        try Journal.migrate(queue)
        let applied = try queue.read { db in try Journal.migrator.completedMigrations(db) }
        #expect(applied == ["v1-tables", "v2-checksums-verification-quarantine"])
        #expect(try Self.columns(queue, "results").isSuperset(of: ["sha256", "verified"]))
        #expect(try queue.read { db in try db.tableExists("quarantine") })
    }

    @Test("a format-1 journal gains the checksum and verification columns and keeps its rows; migrating twice changes nothing")
    func formatOne() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in try db.execute(sql: Self.formatOneSchema) }
        try Journal.migrate(queue)
        #expect(try Self.columns(queue, "results").isSuperset(of: ["sha256", "verified"]))
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results WHERE verified = '' AND sha256 IS NULL") } == 1)
        let schema = try queue.read { db in try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name") }
        try Journal.migrate(queue)
        #expect(try queue.read { db in try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name") } == schema)
    }

    @Test("a format-2 journal written before the migrator (columns present, no migrations recorded) opens without an ALTER failing")
    func formatTwoBeforeMigrator() throws {
        let queue = try DatabaseQueue()
        try Journal.migrate(queue)
        try queue.write { db in try db.execute(sql: "DROP TABLE grdb_migrations") }
        try Journal.migrate(queue)
        #expect(try queue.read { db in try Journal.migrator.completedMigrations(db) }.count == 2)
    }
}
