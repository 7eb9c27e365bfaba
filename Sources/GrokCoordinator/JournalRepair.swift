import Foundation
import GRDB

/// `grokscale repair`: moves damaged committed rows (``JournalIntegrity``) into the quarantine
/// table, in one transaction, so that a resume recomputes exactly those tasks. Nothing is
/// deleted: each quarantined row keeps its bytes, checksum, origin and the reason.
public enum JournalRepair {
    /// Returns the rows moved. Holds the folder lock while it works.
    public static func repair(folder: URL) throws -> [JournalIntegrity.Damage] {
        let path = folder.appendingPathComponent(Journal.fileName).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw JournalError(.noInput, description: "\(folder.path) has no \(Journal.fileName): it is not a sweep's output folder")
        }
        let lock = try FolderLock(folder: folder, purpose: "repair")
        defer { withExtendedLifetime(lock) {} }
        let config = try JournalReader(folder: folder).config()
        let database = try Journal.open(path)
        return try Journal.writing(path) {
            try Journal.migrate(database)
            return try database.write { db in
                let damaged = try JournalIntegrity.check(db, config: config).damaged
                for d in damaged {
                    try db.execute(
                        sql: """
                            INSERT INTO quarantine (task, width, seed, result, worker, host, lease, coordinator_run, committed_at, sha256, reason, quarantined_at)
                            SELECT task, width, seed, result, worker, host, lease, coordinator_run, committed_at, sha256, ?, ? FROM results WHERE task = ?
                            """, arguments: [d.reason, Journal.timestamp(), d.task])
                    try db.execute(sql: "DELETE FROM results WHERE task = ?", arguments: [d.task])
                }
                return damaged
            }
        }
    }
}
