import Foundation
import GrokConfig

/// execution.json: how this sweep's execution went — which workers delivered, failed, sent
/// invalid results or were quarantined (and why), workers lost, coordinator runs. report.json
/// keeps only facts that do not vary between equivalent runs, so that it stays byte-identical
/// to the in-process report whatever happened; this file is where the bad day is recorded.
public enum ExecutionRecord {
    public static let fileName = "execution.json"

    public static func json(_ reader: JournalReader) throws -> JSONValue {
        let status = try reader.status()
        let workers = try reader.workerRecords()
        return .object([
            ("coordinator_runs", .int(status.coordinatorRuns)),
            ("workers_lost", .int(status.workersLost)),
            ("duplicates", .int(status.duplicates)),
            ("determinism_faults", .int(status.determinismFaults)),
            (
                "workers_quarantined",
                .array(
                    workers.filter { $0.quarantined != nil }.map {
                        .object([("worker", .string($0.worker)), ("reason", .string($0.quarantined ?? ""))])
                    })
            ),
            (
                "workers",
                .array(
                    workers.map { r in
                        .object(
                            [
                                ("worker", .string(r.worker)), ("host", r.host.map(JSONValue.string) ?? .null), ("results", .int(r.results)),
                                ("failures", .int(r.failures)), ("invalid_results", .int(r.invalidResults)), ("failure_rate", .number(r.failureRate)),
                                ("quarantined", .bool(r.quarantined != nil)),
                            ] + environment(r.environment))
                    })
            ),
        ])
    }

    /// A program sweep's per-worker software, as announced: [("environment", {…})] or nothing.
    static func environment(_ text: String?) -> [(String, JSONValue)] {
        guard let text, let map = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] else { return [] }
        return [("environment", .object(map.keys.sorted().map { ($0, .string(map[$0]!)) }))]
    }
}
