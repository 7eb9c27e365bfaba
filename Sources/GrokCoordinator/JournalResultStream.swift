import Foundation
import GRDB
import GrokConfig
import GrokTasks

/// Reads a journal's committed results one at a time, in canonical task order, with the checks
/// of ``JournalIntegrity`` (checksum, decoding, validation, width/seed columns): what a report
/// folds without ever holding every result. Memory: one result and the task keys.
enum JournalResultStream {
    /// What one pass read, besides the results it handed over.
    struct Pass: Sendable {
        var results = 0
        var hosts: Set<String> = []
        var damaged: [JournalIntegrity.Damage] = []
    }

    /// Calls `body` with every good result in canonical task order; checks every row. After the
    /// first damaged row `body` is no longer called (the caller will refuse the whole pass), but
    /// every row is still checked, so the refusal names them all, sorted by task as before.
    static func forEach(_ db: Database, config: SweepConfig, _ body: (TaskResult) throws -> Void) throws -> Pass {
        let legacy = try !db.columns(in: "results").contains { $0.name == "sha256" }
        let keys = canonicalOrder(try String.fetchAll(db, sql: "SELECT task FROM results"))
        let select = try db.makeStatement(
            sql: "SELECT task, width, seed, result, \(legacy ? "NULL AS sha256" : "sha256"), host FROM results WHERE task = ?")
        var pass = Pass()
        for key in keys {
            guard let row = try Row.fetchOne(select, arguments: [key]) else { continue }
            switch JournalIntegrity.verify(row, legacy: legacy, config: config) {
            case .success(let result):
                if pass.damaged.isEmpty { try body(result) }
                pass.results += 1
                pass.hosts.insert(row["host"])
            case .failure(let damage):
                pass.damaged.append(damage)
            }
        }
        pass.damaged.sort { $0.task < $1.task }
        return pass
    }

    /// Keys in canonical task order (SweepTask's); keys that name no task (damaged rows) last.
    static func canonicalOrder(_ keys: [String]) -> [String] {
        let parsed = keys.map { (key: $0, task: SweepTask(key: $0)) }
        let tasks = parsed.compactMap { p in p.task.map { (p.key, $0) } }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
        return tasks + parsed.filter { $0.task == nil }.map(\.key).sorted()
    }

    /// Verification counts of the results table.
    static func verification(_ db: Database) throws -> (replicated: Int, spotChecked: Int) {
        (
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results WHERE verified = 'replicated'") ?? 0,
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results WHERE verified = 'spot_checked'") ?? 0
        )
    }
}

/// What a streamed read of the journal's results found (the results went to the caller's body).
public struct JournalResultsRead: Sendable {
    public var results: Int
    public var hosts: Int
    public var replicated: Int
    public var spotChecked: Int
    /// Why the journal's cascades table could not be filled (nil: filled, or not asked).
    public var cascadesError: String?
}

extension JournalReader {
    /// Every committed result, verified and decoded, handed to `body` one at a time in
    /// canonical task order (never all in memory). Throws `.damaged` when a row fails its
    /// check (`grokscale repair` quarantines it): then `body` has seen only some results, and
    /// the caller must discard what it made of them.
    public func forEachResult(config: SweepConfig, _ body: (TaskResult) throws -> Void) throws -> JournalResultsRead {
        let folder = self.folder
        return try database.read { db in
            let pass = try JournalResultStream.forEach(db, config: config, body)
            guard pass.damaged.isEmpty else {
                throw JournalError(.damaged, description: JournalIntegrity.refusal(pass.damaged, folder: folder))
            }
            let v = try JournalResultStream.verification(db)
            return JournalResultsRead(results: pass.results, hosts: pass.hosts.count, replicated: v.replicated, spotChecked: v.spotChecked)
        }
    }
}
