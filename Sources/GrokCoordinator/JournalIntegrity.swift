import Foundation
import GRDB
import GrokConfig
import GrokRunner
import GrokTasks

/// The integrity check of committed rows, shared by the coordinator (before anything is leased),
/// `grokscale verify` and `grokscale repair`: each row's SHA-256 must match its bytes, the bytes
/// must decode, and the result must be what the configuration implies (``ResultValidator``).
public enum JournalIntegrity {
    /// A committed row that must not be used, and why.
    public struct Damage: Error, Sendable, Equatable {
        public var task: String
        public var reason: String
    }

    /// SHA-256 of a row's bytes, lower-case hex.
    public static func checksum(_ data: Data) -> String { data.withUnsafeBytes { SHA256.hex($0) } }

    /// Checks every row of `results`; returns the good results and the damaged rows. `decode`
    /// false: checksums only (what a coordinator does on open: every row was validated before
    /// it was committed, and its checksum proves the bytes unchanged since); no results returned.
    static func check(
        _ db: Database, config: SweepConfig, decode: Bool = true
    ) throws -> (results: [TaskResult], tasks: [String], hosts: Set<String>, damaged: [Damage]) {
        var results: [TaskResult] = []
        var hosts: Set<String> = []
        var damaged: [Damage] = []
        var tasks: [String] = []
        // A journal of format 1 (read-only here, never migrated) has no checksums: its rows are
        // decoded and validated instead; the coordinator adopts them (``adoptLegacyRows``).
        let legacy = try !db.columns(in: "results").contains { $0.name == "sha256" }
        let rows = try Row.fetchCursor(
            db, sql: "SELECT task, width, seed, result, \(legacy ? "NULL AS sha256" : "sha256"), host FROM results ORDER BY task")
        while let row = try rows.next() {
            let task: String = row["task"]
            guard decode else {
                let data: Data = row["result"]
                let stored: String? = row["sha256"]
                guard legacy || stored == checksum(data) else {
                    damaged.append(
                        Damage(
                            task: task,
                            reason: stored == nil ? "no checksum" : "checksum mismatch: the stored bytes changed after they were committed"))
                    continue
                }
                tasks.append(task)
                continue
            }
            switch verify(row, legacy: legacy, config: config) {
            case .success(let result):
                results.append(result)
                tasks.append(task)
                hosts.insert(row["host"])
            case .failure(let damage):
                damaged.append(damage)
            }
        }
        return (results, tasks, hosts, damaged)
    }

    /// One row of `results` (task, width, seed, result, sha256, host): its result, or why it
    /// must not be used.
    static func verify(_ row: Row, legacy: Bool, config: SweepConfig) -> Result<TaskResult, Damage> {
        let task: String = row["task"]
        let data: Data = row["result"]
        let stored: String? = row["sha256"]
        guard legacy || stored == checksum(data) else {
            return .failure(
                Damage(task: task, reason: stored == nil ? "no checksum" : "checksum mismatch: the stored bytes changed after they were committed"))
        }
        guard let result = try? TaskResult.decodeStored(data) else {
            return .failure(Damage(task: task, reason: "the stored result does not decode"))
        }
        if let problem = ResultValidator.problem(with: result, key: task, config: config) {
            return .failure(Damage(task: task, reason: problem))
        }
        if row["width"] as Int != result.task.width || row["seed"] as Int != result.task.seedIndex {
            return .failure(Damage(task: task, reason: "the row's width/seed columns disagree with its result"))
        }
        return .success(result)
    }

    /// Rows of a format-1 journal (committed before checksums existed) that decode and are
    /// valid get their checksum now; the others keep none and count as damaged.
    static func adoptLegacyRows(_ db: Database, config: SweepConfig) throws -> Int {
        // Only a journal written as format 1: in a later one, a missing checksum is damage.
        guard try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'") == "grokscale-journal/1" else { return 0 }
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'format'", arguments: [Journal.formatVersion])
        let rows = try Row.fetchAll(db, sql: "SELECT task, result FROM results WHERE sha256 IS NULL")
        var adopted = 0
        for row in rows {
            let task: String = row["task"]
            let data: Data = row["result"]
            guard let result = try? TaskResult.decodeStored(data),
                ResultValidator.problem(with: result, key: task, config: config) == nil
            else { continue }
            try db.execute(sql: "UPDATE results SET sha256 = ? WHERE task = ?", arguments: [checksum(data), task])
            adopted += 1
        }
        return adopted
    }

    /// The sentence a coordinator or `report` refuses damaged rows with.
    public static func refusal(_ damaged: [Damage], folder: URL) -> String {
        let shown = damaged.prefix(5).map { "\($0.task) (\($0.reason))" }.joined(separator: "; ")
        return
            "\(folder.path)/\(Journal.fileName) has \(damaged.count) damaged committed row(s): \(shown)\(damaged.count > 5 ? "; …" : ""). Nothing was leased or reported. Run `grokscale verify \(folder.path)` for the full list, then `grokscale repair \(folder.path)` to move them to the quarantine table (nothing is deleted); resuming then recomputes exactly those tasks."
    }
}
