import Foundation
import GrokConfig
import GrokCoordinator

/// Workers' results, failures and invalid results in `status` (text and `--json`).
enum WorkerRecordText {
    /// One line per worker that failed or sent an invalid result; healthy workers are counted.
    static func lines(_ records: [JournalReader.WorkerRecord]) -> [String] {
        let troubled = records.filter { $0.failures + $0.invalidResults > 0 }
        guard !records.isEmpty else { return [] }
        var lines = [
            "workers: \(records.count) delivered or failed tasks, \(troubled.count) with failures or invalid results, \(records.filter { $0.quarantined != nil }.count) quarantined"
        ]
        for r in troubled {
            let rate = r.failureRate.map { String(format: "%.0f%%", $0 * 100) } ?? "n/a"
            lines.append(
                "worker \(r.worker)\(r.host.map { " (\($0))" } ?? ""): \(r.results) results, \(r.failures) failures, \(r.invalidResults) invalid (failure rate \(rate))\(r.quarantined == nil ? "" : ", quarantined")"
            )
        }
        return lines
    }

    static func json(_ records: [JournalReader.WorkerRecord]) -> JSONValue {
        .array(
            records.map { r in
                .object([
                    ("worker", .string(r.worker)), ("host", r.host.map(JSONValue.string) ?? .null),
                    ("results", .int(r.results)), ("failures", .int(r.failures)), ("invalid_results", .int(r.invalidResults)),
                    ("failure_rate", .number(r.failureRate)), ("quarantined", .bool(r.quarantined != nil)),
                    ("quarantine_reason", r.quarantined.map(JSONValue.string) ?? .null),
                ])
            })
    }
}
