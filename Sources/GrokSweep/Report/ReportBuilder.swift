import Dispatch
import GrokAnalysis
import GrokProbe

/// Assembles report.json from task results. A pure function of (configuration, results,
/// failures, provenance): results are put in canonical task order first, so the order in which
/// they arrived never shows.
public enum ReportBuilder {
    public static let format = "grokscale-report/1"

    /// `tasks` and `snapshotEpochs` default to the sweep grid's; runs that are not a grid's
    /// (`grokscale fit`, `serve`: see UserRunsReport) pass their own.
    public static func build(
        config: SweepConfig, results unordered: [TaskResult], failures: [TaskFailure] = [],
        provenance: Provenance, tasks: [SweepTask]? = nil, snapshotEpochs: [Int]? = nil
    ) -> JSONValue {
        let expected = tasks ?? config.tasks
        let results = unordered.sorted { $0.task < $1.task }
        let failed = failures.sorted { $0.task < $1.task }
        let done = Set(results.map(\.task))
        let failedTasks = Set(failed.map(\.task))
        let missing = expected.filter { !done.contains($0) && !failedTasks.contains($0) }
        // The headline summary is the first group's (the only one in a legacy XOR sweep); every
        // group gets its own section in "groups" (Summary+Groups.swift).
        let headline = config.taskGroups.first ?? .legacy
        let summary = Summary.compute(config: config, results: results.filter { $0.task.group == headline })

        return .object([
            ("format", .string(format)),
            ("config", config.json),
            ("provenance", .object([
                ("grokscale_version", .string(provenance.version)),
                ("git_commit", provenance.gitCommit.map(JSONValue.string) ?? .null),
                ("host_count", .int(provenance.hostCount)),
                ("configuration_hash", .string(config.configurationHash)),
            ])),
            ("completeness", .object([
                ("tasks_total", .int(expected.count)),
                ("tasks_done", .int(results.count)),
                ("tasks_failed", .array(failed.map { f in
                    .object([("task", .string(f.task.key)), ("width", .int(f.task.width)), ("seed", .int(f.task.seedIndex)),
                             ("attempts", .int(f.attempts)), ("error", .string(f.error))])
                })),
                ("tasks_missing", .array(missing.map { .string($0.key) })),
            ])),
            ("snapshot_epochs", .array((snapshotEpochs ?? config.snapshotEpochs).map(JSONValue.int))),
            ("runs", .array(results.map(runRow))),
            ("summary", summary.json(config: config)),
            ("avalanches", .array(avalancheRows(results))),
        ] + (config.isLegacyGrid ? [] : [("groups", GroupSummary.json(config: config, results: results))]))
    }

    static func runRow(_ r: TaskResult) -> JSONValue {
        .object((r.task.group.isLegacy ? [] : GroupSummary.runColumns(r)) + [
            ("width", .int(r.task.width)),
            ("seed", .int(r.task.seedIndex)),
            ("N", .int(r.parameterCount)),
            ("t_g", .optionalInt(r.onsetEpoch)),
            ("grokked", .bool(r.onsetEpoch != nil)),
            ("loss", .array(r.loss.map(JSONValue.number))),
            ("accuracy", .array(r.accuracy.map(JSONValue.number))),
            ("gini", .array(r.gini.map(JSONValue.number))),
        ] + GroupSummary.splitColumns(r))
    }

    /// One row per cascade: gradient snapshots first, then the control, per run and topology.
    static func avalancheRows(_ results: [TaskResult]) -> [JSONValue] {
        var rows: [JSONValue] = []
        for r in results {
            for topology in r.topologies {
                for (i, field) in topology.gradient.enumerated() {
                    let epoch = r.snapshotEpochs[i]
                    let tau = r.onsetEpoch.map { epoch - $0 }
                    rows += fieldRows(r, topology.topology, source: "gradient", index: i, epoch: epoch, tau: tau, field)
                }
                for (i, field) in topology.control.enumerated() {
                    rows += fieldRows(r, topology.topology, source: "control", index: i, epoch: nil, tau: nil, field)
                }
            }
        }
        return rows
    }

    private static func fieldRows(
        _ r: TaskResult, _ topology: String, source: String, index: Int, epoch: Int?, tau: Int?, _ field: FieldCascades
    ) -> [JSONValue] {
        let head: [(String, JSONValue)] = (r.task.group.isLegacy ? [] : [("group", .string(r.task.group.key))]) + [
            ("width", .int(r.task.width)), ("seed", .int(r.task.seedIndex)), ("topology", .string(topology)),
            ("source", .string(source)), ("field", .int(index)), ("epoch", .optionalInt(epoch)), ("tau", .optionalInt(tau)),
        ]
        if let error = field.error {
            return [.object(head + [("avalanche", .null), ("size", .null), ("extent", .null), ("duration", .null), ("error", .string(error))])]
        }
        return field.cascades.enumerated().map { k, c in
            .object(head + [("avalanche", .int(k)), ("size", .int(c.size)), ("extent", .int(c.extent)), ("duration", .int(c.duration))])
        }
    }
}
