import Dispatch
import GrokAnalysis
import GrokConfig
import GrokProbe
import GrokTasks

/// Assembles report.json from task results. A pure function of (configuration, results,
/// failures, provenance): results are put in canonical task order first, so the order in which
/// they arrived never shows.
public enum ReportBuilder {
    public static let format = "grokscale-report/1"

    /// `tasks` and `snapshotEpochs` default to the sweep grid's; runs that are not a grid's
    /// (`grokscale fit`, `serve`: see UserRunsReport) pass their own.
    ///
    /// Folds every result into a ``ReportInput``, then builds from it: the one path. A second
    /// result of a task already folded is ignored (each task counts once).
    public static func build(
        config: SweepConfig, results unordered: [TaskResult], failures: [TaskFailure] = [],
        provenance: Provenance, tasks: [SweepTask]? = nil, snapshotEpochs: [Int]? = nil
    ) -> JSONValue {
        var input = ReportInput(config: config)
        for r in unordered { try? input.add(r) }
        return build(config: config, input: input, failures: failures, provenance: provenance, tasks: tasks, snapshotEpochs: snapshotEpochs)
    }

    /// report.json from a streamed input (results folded one at a time, in any order), folded
    /// with this `config`.
    public static func build(
        config: SweepConfig, input: ReportInput, failures: [TaskFailure] = [],
        provenance: Provenance, tasks: [SweepTask]? = nil, snapshotEpochs: [Int]? = nil
    ) -> JSONValue {
        let expected = tasks ?? config.tasks
        let results = input.runs
        let failed = failures.sorted { $0.task < $1.task }
        let done = Set(results.map(\.task))
        let failedTasks = Set(failed.map(\.task))
        let missing = expected.filter { !done.contains($0) && !failedTasks.contains($0) }
        // The headline summary is one group's (groups.headline, else the first; the only one in
        // a legacy XOR sweep); every group gets its own section in "groups" (Summary+Groups.swift).
        let headline = config.headlineGroup
        let summary = Summary.compute(config: config, runs: results.filter { $0.task.group == headline }, input: input)

        return .object(
            [
                ("format", .string(format)),
                ("config", config.json),
                (
                    "provenance",
                    .object(
                        [
                            ("grokscale_version", .string(provenance.version)),
                            ("git_commit", provenance.gitCommit.map(JSONValue.string) ?? .null),
                            ("host_count", .int(provenance.hostCount)),
                            ("configuration_hash", .string(config.configurationHash)),
                        ] + (provenance.verification.map { [("verification", $0.json)] } ?? []))
                ),
                (
                    "completeness",
                    .object([
                        ("tasks_total", .int(expected.count)),
                        ("tasks_done", .int(results.count)),
                        (
                            "tasks_failed",
                            .array(
                                failed.map { f in
                                    .object([
                                        ("task", .string(f.task.key)), ("width", .int(f.task.width)), ("seed", .int(f.task.seedIndex)),
                                        ("attempts", .int(f.attempts)), ("error", .string(f.error)),
                                    ])
                                })
                        ),
                        ("tasks_missing", .array(missing.map { .string($0.key) })),
                    ])
                ),
                ("snapshot_epochs", .array((snapshotEpochs ?? config.snapshotEpochs).map(JSONValue.int))),
                ("runs", .array(results.map(runRow))),
                ("summary", summary.json(config: config)),
                ("timing", TimingSummary.json(config: config, results: results)),
                ("cascades", cascadesBlock(rows: results.reduce(0) { $0 + $1.cascadeRows })),
            ] + optionalBlocks(config: config, results: results, input: input, summary: summary))
    }

    /// The blocks a sweep has only sometimes: per-group sections (task axes) and the early
    /// warning (indicators recorded).
    static func optionalBlocks(config: SweepConfig, results: [RunRecord], input: ReportInput, summary: Summary) -> [(String, JSONValue)] {
        var blocks: [(String, JSONValue)] = []
        if !config.isLegacyGrid { blocks.append(("groups", GroupSummary.json(config: config, results: results, input: input))) }
        if let warning = WarningSummary.json(
            config: config, runs: results, dTau: summary.primaryGradient?.dTau, crossing: summary.primaryGradient?.crossing)
        {
            blocks.append(("warning", warning))
        }
        return blocks
    }

    static func runRow(_ r: RunRecord) -> JSONValue {
        .object(
            (r.task.group.isLegacy ? [] : GroupSummary.runColumns(r)) + [
                ("width", .int(r.task.width)),
                ("seed", .int(r.task.seedIndex)),
                ("N", .int(r.parameterCount)),
                ("t_g", .optionalInt(r.onsetEpoch)),
                ("grokked", .bool(r.onsetEpoch != nil)),
                // The per-snapshot series are in runs.csv: inlined they cost ~3 KB per run.
                ("loss_final", .number(r.loss.last)),
                ("accuracy_final", .number(r.accuracy.last)),
            ] + GroupSummary.splitColumns(r))
    }

    /// Where the per-cascade rows are (they are not in report.json): the file beside it, its
    /// columns and row count, and the journal table that holds the same rows.
    static func cascadesBlock(rows: Int) -> JSONValue {
        .object([
            ("file", .string(CascadeTable.fileName)),
            ("columns", .array(CascadeTable.columns.map(JSONValue.string))),
            ("rows", .int(rows)),
            ("journal_table", .string(CascadeTable.journalTableName)),
        ])
    }
}
