import GrokConfig
import GrokCoordinator

/// `grokscale status --json`: the journal's view of a sweep as one JSON object, keys in a fixed
/// order (a script reads `finished`, `done`, `failed` … without parsing text).
enum StatusJSON {
    static func value(_ s: JournalReader.Status) -> JSONValue {
        let finished = s.pending.isEmpty && s.running.isEmpty
        return .object([
            ("tasks_total", .int(s.tasksTotal)),
            ("tasks_done", .int(s.done.count)),
            ("tasks_running", .int(s.running.count)),
            ("tasks_pending", .int(s.pending.count)),
            ("tasks_failed", .int(s.failed.count)),
            ("finished", .bool(finished)),
            ("duplicates", .int(s.duplicates)),
            ("determinism_faults", .int(s.determinismFaults)),
            ("workers_lost", .int(s.workersLost)),
            (
                "coordinator",
                .object([
                    ("runs", .int(s.coordinatorRuns)),
                    ("pid", .optionalInt(s.coordinatorPID)),
                    ("running_on_this_host", .bool(s.coordinatorAlive)),
                ])
            ),
            ("done", .array(s.done.map(JSONValue.string))),
            ("running", .array(s.running.map { .object([("task", .string($0.task)), ("worker", .string($0.worker)), ("host", .string($0.host))]) })),
            ("pending", .array(s.pending.map(JSONValue.string))),
            (
                "failed",
                .array(s.failed.map { .object([("task", .string($0.task)), ("error", .string($0.error)), ("attempts", .int($0.attempts))]) })
            ),
        ])
    }
}
