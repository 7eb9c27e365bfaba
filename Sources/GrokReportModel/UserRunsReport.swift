import GrokAnalysis
import GrokConfig
import GrokTasks

/// report.json for runs that are not (width, seed) tasks of a sweep grid: a user's own runs of
/// several sizes (`grokscale fit`, `grokscale serve`'s ensemble). An adapter, not a second
/// analysis: the runs become TaskResults (width = the run's size label, seed = its rank among
/// the runs of that size by run id) and go through ``ReportBuilder`` and ``Summary`` like a
/// sweep's, so every quantity, systematic and file of a sweep report is there. Added on top:
/// `summary.D_step` (D at each step, ``ScalingAnalysis/perStep(_:options:)``), `run_id` per run,
/// and a `source` block; the sections of `config` about training (training, network, task,
/// optimizer, groups) are dropped (the user trained the models). Pure: the same runs and
/// configuration give the same bytes, whatever order the runs arrive in.
public enum UserRunsReport {
    /// `config` supplies the probe, graph and analysis knobs; its widths and seeds are ignored.
    public static func build(runs input: [UserRun], config base: SweepConfig, source: String, provenance: Provenance) throws -> JSONValue {
        let (results, runIDs, sizeOfN, steps) = try tasks(input)
        var config = base
        // The user trained the models: no task grid (its groups would filter the runs out).
        config.taskGrid = SweepConfig().taskGrid
        // Runs that never reached an onset are censored where recording ended, not at the XOR
        // sweep's 5000 epochs.
        let recorded = UserRunsDiagnosis.recorded(input)
        config.training.epochs = max(1, recorded.lastStep)
        config.widths = Set(results.map(\.task.width)).sorted()
        config.seeds = max(1, (results.map(\.task.seedIndex).max() ?? 0) + 1)
        let report = ReportBuilder.build(
            config: config, results: results, provenance: provenance,
            tasks: results.map(\.task), snapshotEpochs: steps)
        let dStep = try perStep(results, config: config)
        return decorate(report, config: config, source: source, sizeOfN: sizeOfN, runIDs: runIDs, dStep: dStep, runs: input, recorded: recorded)
    }

    /// D(step) alone, for `serve`'s running ensemble: the same numbers as `build`'s summary.D_step.
    /// The runs as the TaskResults the report was built from (the per-cascade file and the plots
    /// are rendered from these).
    public static func results(runs: [UserRun]) throws -> [TaskResult] {
        try tasks(runs).results
    }

    public static func dStep(runs: [UserRun], config: SweepConfig) throws -> [DStepPoint] {
        try perStep(try tasks(runs).results, config: config)
    }

    static func perStep(_ results: [TaskResult], config: SweepConfig) throws -> [DStepPoint] {
        try ScalingAnalysis.perStep(
            primaryCascades(results, config: config),
            options: config.scalingOptions(labels: ["analysis", "step", .name(config.primaryTopology)]))
    }

    /// The runs as TaskResults in canonical order: width = size label, seed = rank by run id
    /// among the runs of that size. Checks that size labels and N correspond one to one.
    static func tasks(_ input: [UserRun]) throws -> (results: [TaskResult], runIDs: [SweepTask: String], sizeOfN: [Int: Int], steps: [Int]) {
        let runs = input.sorted { ($0.parameterCount, $0.runID) < ($1.parameterCount, $1.runID) }
        var sizeOfN: [Int: Int] = [:], nOfSize: [Int: Int] = [:]
        for (k, run) in runs.enumerated() {
            if k > 0, runs[k - 1].runID == run.runID, runs[k - 1].parameterCount == run.parameterCount {
                throw UserRunsError("run id \(run.runID) appears twice: give every run its own id")
            }
            if let other = sizeOfN[run.parameterCount], other != run.size {
                throw UserRunsError(
                    "runs of N = \(run.parameterCount) have two size labels (\(other) and \(run.size), run \(run.runID)): give every run of one model size the same size"
                )
            }
            if let other = nOfSize[run.size], other != run.parameterCount {
                throw UserRunsError(
                    "size \(run.size) has runs with N = \(other) and N = \(run.parameterCount) (run \(run.runID)): one size label per model size")
            }
            sizeOfN[run.parameterCount] = run.size
            nOfSize[run.size] = run.parameterCount
        }
        var ranks: [Int: Int] = [:]
        var results: [TaskResult] = []
        var runIDs: [SweepTask: String] = [:]
        let steps = Set(runs.flatMap(\.steps)).sorted()
        for run in runs {
            let rank = ranks[run.size, default: 0]
            ranks[run.size] = rank + 1
            let task = SweepTask(width: run.size, seedIndex: rank)
            runIDs[task] = run.runID
            results.append(taskResult(run, task: task, steps: steps))
        }
        return (results, runIDs, sizeOfN, steps)
    }

    /// With one run per size a bootstrap over runs resamples the same runs every time: its
    /// interval [D, D] and std 0 would claim a precision the data cannot give, so both are null.
    public static func dStepJSON(_ points: [DStepPoint], confidence: Double, oneRunPerSize: Bool = false) -> JSONValue {
        let level = Int((confidence * 100).rounded())
        return .array(
            points.map { p in
                .object([
                    ("step", .int(p.step)), ("D", .number(p.d)), ("r2", .number(p.r2)), ("sizes", .int(p.sizesUsed)),
                    ("ci\(level)", oneRunPerSize ? .null : .array(p.ci.map { .number($0) })), ("std", oneRunPerSize ? .null : .number(p.std)),
                    ("resamples", .int(p.resamples)),
                ])
            })
    }

    /// Whether every size has a single run (then D(step) has no interval).
    public static func oneRunPerSize(_ runs: [UserRun]) -> Bool { UserRunsDiagnosis.recorded(runs).oneRunPerSize }

    static func taskResult(_ run: UserRun, task: SweepTask, steps: [Int]) -> TaskResult {
        // Per-run curves on the report's common step axis (NaN where the run has no snapshot).
        var loss = [Double](repeating: .nan, count: steps.count), accuracy = loss
        var at: [Int: Int] = [:]
        for (k, s) in steps.enumerated() { at[s] = k }
        for (i, s) in run.steps.enumerated() {
            guard let k = at[s] else { continue }
            if i < run.loss.count { loss[k] = run.loss[i] }
            if i < run.accuracy.count { accuracy[k] = run.accuracy[i] }
        }
        return TaskResult(
            task: task, parameterCount: run.parameterCount, onsetEpoch: run.onsetStep, snapshotEpochs: run.steps,
            loss: loss, accuracy: accuracy, gini: [Double](repeating: .nan, count: steps.count), topologies: run.topologies)
    }

    /// The primary topology's gradient cascades as the analysis's runs, each run's in step order.
    static func primaryCascades(_ results: [TaskResult], config: SweepConfig) -> [RunCascades] {
        results.compactMap { r in
            guard let t = r.topologies.first(where: { $0.topology == config.primaryTopology }) else { return nil }
            var records: [CascadeRecord] = []
            for (k, field) in t.gradient.enumerated() {
                for c in field.cascades {
                    records.append(CascadeRecord(epoch: r.snapshotEpochs[k], size: c.size, extent: c.extent, duration: c.duration))
                }
            }
            return RunCascades(parameterCount: r.parameterCount, seedIndex: r.task.seedIndex, onsetEpoch: r.onsetEpoch, cascades: records)
        }
    }

    /// Adds D_step, run ids and the source; relabels `width` next to every `N` in the summary
    /// (Summary's JSON derives it as (N − 1)/4, the XOR MLP's) with the runs' own size labels.
    static func decorate(
        _ report: JSONValue, config: SweepConfig, source: String, sizeOfN: [Int: Int],
        runIDs: [SweepTask: String], dStep: [DStepPoint], runs: [UserRun], recorded: UserRunsDiagnosis.Recorded
    ) -> JSONValue {
        guard case .object(var pairs) = report else { return report }
        for k in pairs.indices {
            switch pairs[k].0 {
            case "config":
                if case .object(let sections) = pairs[k].1 {
                    pairs[k].1 = .object(sections.filter { !["training", "network", "seeds", "task", "optimizer", "groups"].contains($0.0) })
                }
            case "runs":
                if case .array(let rows) = pairs[k].1 {
                    pairs[k].1 = .array(
                        rows.map { row in
                            guard case .object(let fields) = row, let w = row["width"], case .int(let width) = w,
                                let s = row["seed"], case .int(let seed) = s
                            else { return row }
                            return .object([("run_id", .string(runIDs[SweepTask(width: width, seedIndex: seed)] ?? ""))] + fields)
                        })
                }
            case "summary":
                var summary = relabel(pairs[k].1, sizeOfN)
                if case .object(var fields) = summary {
                    for k in fields.indices where fields[k].0 == "warnings" {
                        if case .array(let items) = fields[k].1 {
                            let texts = items.compactMap { if case .string(let t) = $0 { return t } else { return nil } }
                            fields[k].1 = .array(UserRunsDiagnosis.warnings(texts, runs: runs, config: config).map(JSONValue.string))
                        }
                    }
                    fields.append(("D_step", dStepJSON(dStep, confidence: config.analysis.confidence, oneRunPerSize: recorded.oneRunPerSize)))
                    summary = .object(fields)
                }
                pairs[k].1 = summary
            default: break
            }
        }
        let index = pairs.firstIndex { $0.0 == "provenance" }.map { $0 + 1 } ?? pairs.count
        pairs.insert(
            (
                "source",
                .object([
                    ("kind", .string(source)),
                    ("runs", .int(runIDs.count)),
                    ("sizes", .array(sizeOfN.sorted { $0.key < $1.key }.map { .object([("size", .int($0.value)), ("N", .int($0.key))]) })),
                    ("graph", .string("one graph and permutation per (N, topology), drawn as `grokscale probe --seed \(config.seed)` draws them")),
                    // The report's words: its time axis is the runs' steps (an "epoch" anywhere in
                    // report.json's keys is a step here), its curves are what the runs recorded.
                    ("time_unit", .string("step")),
                    ("last_step", .int(recorded.lastStep)),
                    ("loss_name", recorded.lossName.map(JSONValue.string) ?? .null),
                    ("accuracy_name", recorded.accuracyName.map(JSONValue.string) ?? .null),
                    (
                        "recorded",
                        .object([
                            ("loss", .bool(recorded.loss)), ("accuracy", .bool(recorded.accuracy)), ("onset", .bool(recorded.onset)),
                            ("gini", .bool(false)),
                        ])
                    ),
                    ("one_run_per_size", .bool(recorded.oneRunPerSize)),
                ])
            ), at: index)
        return .object(pairs)
    }

    static func relabel(_ value: JSONValue, _ sizeOfN: [Int: Int]) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map { relabel($0, sizeOfN) })
        case .object(let fields):
            var n: Int? = nil
            if case .int(let v)? = value["N"] { n = v }
            return .object(
                fields.map { key, v in
                    if key == "width", let n, let size = sizeOfN[n] { return (key, .int(size)) }
                    return (key, relabel(v, sizeOfN))
                })
        default: return value
        }
    }
}
