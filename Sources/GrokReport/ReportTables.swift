import GrokTasks

/// The report's tables: headline numbers, per topology, leave-one-out, runs and completeness.
enum ReportTables {
    static func all(_ data: ReportData) -> [Table] {
        [headline(data), diagnostics(data)] + measurement(data) + [topologies(data), leaveOneOut(data)] + TimingTable.tables(data) + [runs(data)]
            + GroupTables.all(data) + WarningReport.tables(data)
    }

    static func headline(_ data: ReportData) -> Table {
        let s = data.summary
        var rows: [[String]] =
            [
                ["runs (grokked)", "\(s["runs"]?.int ?? 0) (\(s[.grokkedRuns]?.int ?? 0))"]
            ] + measurementRows(data)
        if s["error"]?.string != nil { rows.append(["error", "the analysis failed: see Diagnostics"]) }
        let group = data.headlineGroup.map { ", group \($0)" } ?? ""
        return Table(
            id: "headline", title: "Headline (\(data.primary)\(group)): value ± bootstrap std (± width-range systematic) [95% interval]",
            header: ["quantity", "estimate"], rows: rows)
    }

    static func topologies(_ data: ReportData) -> Table {
        let byTopology = data.summary["by_topology"]?.pairs ?? []
        let synth = data.summary[.dSynth]
        var names = byTopology.map(\.0)
        for (name, _) in synth?.pairs ?? [] where !names.contains(name) { names.append(name) }
        let rows = names.map { name -> [String] in
            let t = byTopology.first { $0.0 == name }?.1
            let d = synth?[name]
            if ReportWords.current.strictNumbers, ReportWords.current.oneRunPerSize {
                // One run per size: the bootstrap's [x, x] and 0.000 are no uncertainty.
                return [
                    name, NumberFormat.estimate(t?[.dPre]), NumberFormat.estimate(t?[.dPost]),
                    NumberFormat.fixed(d?["value"]?.double), "no interval: one run per size", "—",
                ]
            }
            return [
                name, NumberFormat.estimate(t?[.dPre]), NumberFormat.estimate(t?[.dPost]),
                NumberFormat.fixed(d?["value"]?.double), d?.interval.map { "[\(NumberFormat.fixed($0.lo)), \(NumberFormat.fixed($0.hi))]" } ?? "n/a",
                NumberFormat.fixed(d?["std"]?.double),
            ]
        }
        return Table(
            id: "topologies", title: "Per topology: gradient fits and the Gaussian control",
            header: ["topology", "D_pre", "D_post", "D_synth", "D_synth 95% interval", "D_synth std"], rows: rows,
            note: "Coefficient of variation of D_synth across topologies: \(NumberFormat.fixed(data.summary[.dSynthCV]?.double, 4)).")
    }

    static func leaveOneOut(_ data: ReportData) -> Table {
        let rows = (data.summary["leave_one_out"]?.array ?? []).map { l -> [String] in
            ["\(l["width"]?.int ?? 0)", "\(l["N"]?.int ?? 0)", NumberFormat.fixed(l["D_pre"]?.double), NumberFormat.fixed(l["D_post"]?.double)]
        }
        return Table(
            id: "leave-one-out", title: "Leave-one-out over widths (\(data.primary)): refit without each width",
            header: ["width left out", "N left out", "D_pre", "D_post"], rows: rows,
            note: "Full fit: D_pre = \(NumberFormat.estimate(data.summary[.dPre])), D_post = \(NumberFormat.estimate(data.summary[.dPost])).")
    }

    /// Every task of the grid: done (with t_g), failed (with the error) or missing.
    static func runs(_ data: ReportData) -> Table {
        var rows: [[String]] = []
        for run in data.runs {
            let onset = run["t_g"]?.int.map(String.init) ?? "—"
            rows.append([
                "\(run["width"]?.int ?? 0)", "\(run["seed"]?.int ?? 0)", "\(run["N"]?.int ?? 0)", onset,
                run["grokked"]?.bool == true ? "yes" : "no", "done", "",
            ])
        }
        let completeness = data.report["completeness"]
        for f in completeness?["tasks_failed"]?.array ?? [] {
            let width = f["width"]?.int ?? 0
            let task = (f["task"]?.string).flatMap(SweepTask.init(key:))?.group.task ?? "xor"
            rows.append([
                "\(width)", "\(f["seed"]?.int ?? 0)", data.parameterCount(task: task, width: width).map(String.init) ?? "—", "—", "—",
                "FAILED after \(f["attempts"]?.int ?? 0) attempts", f["error"]?.string ?? "",
            ])
        }
        for m in completeness?["tasks_missing"]?.array ?? [] {
            let key = m.string ?? "?"
            let task = SweepTask(key: key)
            let width = task?.width, seed = task?.seedIndex
            rows.append([
                width.map(String.init) ?? key, seed.map(String.init) ?? "",
                width.flatMap { data.parameterCount(task: task?.group.task ?? "xor", width: $0).map(String.init) } ?? "",
                "—", "—", "MISSING (pending)", "",
            ])
        }
        let total = completeness?["tasks_total"]?.int ?? 0
        let done = completeness?["tasks_done"]?.int ?? 0
        let failed = completeness?["tasks_failed"]?.array.count ?? 0
        let missing = completeness?["tasks_missing"]?.array.count ?? 0
        return Table(
            id: "runs", title: "Runs: \(done) of \(total) tasks done, \(failed) failed, \(missing) missing",
            header: ["width", "seed", "N", "t_g (\(ReportWords.current.unit))", "grokked", "status", "error"], rows: rows)
    }
}
