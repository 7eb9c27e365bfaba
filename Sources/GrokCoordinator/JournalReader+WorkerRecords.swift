import Foundation
import GRDB

extension JournalReader {
    /// What one worker did over the journal's coordinator runs: the per-host error rates behind
    /// quarantine (BOINC keeps the same per host), for `status`, `/status.json` and `/metrics`.
    public struct WorkerRecord: Sendable, Equatable {
        public var worker: String
        public var host: String?
        /// Results committed from it.
        public var results: Int
        /// FAILURE messages it sent for tasks it held.
        public var failures: Int
        /// Results refused as invalid.
        public var invalidResults: Int
        /// Why it was quarantined (nil: it was not).
        public var quarantined: String?
        /// What its programs ran with, as it announced (JSON text; nil: not a program sweep).
        public var environment: String? = nil

        /// Share of its answers that were failures or invalid (nil before any answer).
        public var failureRate: Double? {
            let answers = results + failures + invalidResults
            return answers == 0 ? nil : Double(failures + invalidResults) / Double(answers)
        }
    }

    /// Every worker named in the journal's results or worker events, by name.
    public func workerRecords() throws -> [WorkerRecord] {
        try database.read { db in
            var records: [String: WorkerRecord] = [:]
            func record(_ worker: String) -> WorkerRecord {
                records[worker] ?? WorkerRecord(worker: worker, host: nil, results: 0, failures: 0, invalidResults: 0, quarantined: nil)
            }
            for row in try Row.fetchAll(db, sql: "SELECT worker, MAX(host) AS host, COUNT(*) AS n FROM results GROUP BY worker") {
                var r = record(row["worker"])
                r.host = row["host"]
                r.results = row["n"]
                records[r.worker] = r
            }
            let events = try Row.fetchAll(
                db,
                sql: """
                    SELECT worker, kind, COUNT(*) AS n, MAX(detail) AS detail FROM events
                    WHERE worker IS NOT NULL AND kind IN ('task_failure', 'invalid_result', 'quarantined', 'worker_environment') GROUP BY worker, kind
                    """)
            for row in events {
                var r = record(row["worker"])
                switch row["kind"] as String {
                case "task_failure": r.failures = row["n"]
                case "invalid_result": r.invalidResults = row["n"]
                case "worker_environment": r.environment = row["detail"]
                default: r.quarantined = (row["detail"] as String?) ?? "quarantined"
                }
                records[r.worker] = r
            }
            return records.values.sorted { $0.worker < $1.worker }
        }
    }
}
