import GrokAnalysis
import GrokConfig
import GrokNumerics
import GrokTasks
import GrokTraining

/// report.json's `warning` block: who warns first (method §8). Present when the runs recorded
/// indicators (`indicators.enabled`). Per indicator, the per-run protocol over every run of the
/// headline task (grokked runs against the ungrokked ones, whatever their group:
/// ``IndicatorWarning``), and the ensemble protocol on the headline group's onset-aligned mean,
/// where D(τ) is compared (``EnsembleWarning``).
enum WarningSummary {
    /// The per-run series the protocol reads: the recorded indicators, then two every run has.
    static func series(_ r: RunRecord) -> [(name: String, values: [Double])] {
        (r.indicators ?? []).map { ($0.name, $0.values) } + [("gini", r.gini), ("loss", r.loss)]
    }

    static func description(_ name: String) -> String {
        if let known = IndicatorName(rawValue: name) { return known.documentation }
        switch name {
        case "gini": return "Gini coefficient of |θ|"
        case "loss": return "training loss"
        default: return name
        }
    }

    /// `dTau` and `crossing`: the headline group's D(τ) windows and its crossing τ* of 1.
    static func json(config: SweepConfig, runs all: [RunRecord], dTau: [DTauWindow]?, crossing: Estimate? = nil) -> JSONValue? {
        let task = config.headlineGroup.task
        let runs = all.filter { $0.task.group.task == task }
        guard runs.contains(where: { $0.indicators != nil }) else { return nil }
        // Each run's series once, by name; `names` in first-seen order.
        var names: [String] = []
        let seriesOf: [[String: [Double]]] = runs.map { r in
            let list = series(r)
            for s in list where !names.contains(s.name) { names.append(s.name) }
            return Dictionary(list.map { ($0.name, $0.values) }, uniquingKeysWith: { first, _ in first })
        }
        let detector = ChangePointDetector(baseline: config.analysis.warningBaseline, drift: config.analysis.warningDrift)
        let fpr = config.analysis.warningFPR
        let confidence = config.analysis.confidence
        let ciKey = "lead_ci\(Int((confidence * 100).rounded()))"
        let windows = (dTau ?? []).map { (lo: $0.tauLo, hi: $0.tauHi) }
        let minimumRuns = min(config.analysis.minRunsPerWidth, config.seeds)

        var rows: [JSONValue] = []
        var ranking: [(name: String, lead: Double)] = []
        var ensembleLeads: [String: EnsembleWarning.Alarm] = [:]
        var seriesJSON: [JSONValue] = []
        var alarms: [String: [SweepTask: Int]] = [:]
        for name in names {
            let members = runs.indices.compactMap { i in seriesOf[i][name].map { (run: runs[i], values: $0) } }
            let input = members.map { m in
                IndicatorWarning.Run(width: m.run.task.width, onsetEpoch: m.run.onsetEpoch, epochs: m.run.snapshotEpochs, values: m.values)
            }
            let o = IndicatorWarning.evaluate(
                input, detector: detector, fpr: fpr, resamples: min(config.analysis.bootstrapResamples, 2000), confidence: confidence,
                seed: config.seed, labels: ["warning", .name(name)])
            var byTask: [SweepTask: Int] = [:]
            for (m, epoch) in zip(members, o.alarmEpochs) { if let epoch { byTask[m.run.task] = epoch } }
            alarms[name] = byTask
            let headlineInput = input.enumerated().filter { members[$0.offset].run.task.group == config.headlineGroup }.map(\.element)
            let points = EnsembleWarning.ensembleMean(headlineInput, windows: windows, minimumRuns: minimumRuns)
            let alarm = EnsembleWarning.alarm(points, detector: detector)
            ensembleLeads[name] = alarm
            if o.unsupported == nil, let lead = o.leadMedian, (o.warnedShare ?? 0) >= 0.5 { ranking.append((name, lead)) }
            seriesJSON.append(
                .object([
                    ("name", .string(name)),
                    ("tau_lo", .array(points.map { .int($0.tauLo) })),
                    ("mean", .array(points.map { .number($0.value) })),
                ]))
            rows.append(
                .object([
                    ("name", .string(name)), ("description", .string(description(name))),
                    ("grokked_runs", .int(o.grokkedRuns)), ("control_runs", .int(o.controlRuns)),
                    ("threshold", .number(o.threshold)), ("false_alarm_share", .number(o.falseAlarmShare)),
                    ("warned_share", .number(o.warnedShare)), ("lead_median", .number(o.leadMedian)),
                    (ciKey, .array(o.leadInterval.map { .number($0) })), ("auroc", .number(o.auroc)),
                    ("too_early", .int(o.tooEarly)), ("unsupported", o.unsupported.map(JSONValue.string) ?? .null),
                    ("ensemble", alarmJSON(alarm)),
                ]))
        }
        let dPoints = (dTau ?? []).map { EnsembleWarning.Point(tauLo: $0.tauLo, tauHi: $0.tauHi, value: $0.covered && $0.d.isFinite ? $0.d : nil) }
        let dAlarm = EnsembleWarning.alarm(dPoints, detector: detector)
        ranking.sort { $0.lead > $1.lead || ($0.lead == $1.lead && $0.name < $1.name) }
        return .object([
            (
                "detector",
                .string(
                    "two-sided CUSUM (Page 1954) on each series standardised by its first \(detector.baseline) snapshots, k = \(detector.drift); per run the threshold is set on the ungrokked runs of task \(task) so that at most \(fpr) of them alarm before the median t_g of their width; a grokked run is warned when it alarms before its t_g. Ensemble level: the same detector on the onset-aligned mean of the \(config.headlineGroup.key) runs, on D(τ)'s windows, at the fixed threshold \(EnsembleWarning.threshold)."
                )
            ),
            ("fpr", .number(fpr)),
            ("task", .string(task)),
            ("indicators", .array(rows)),
            ("ranking", .array(ranking.map { .string($0.name) })),
            ("D_tau", alarmJSON(dAlarm)),
            ("words", .string(words(ranking: ranking, ensemble: ensembleLeads, dAlarm: dAlarm, crossing: crossing))),
            ("series", .array(seriesJSON)),
            (
                "alarms",
                .array(
                    runs.map { r in
                        .object(
                            [("task", .string(r.task.key))] + names.map { ($0, .optionalInt(alarms[$0]?[r.task])) })
                    })
            ),
        ])
    }

    static func alarmJSON(_ a: EnsembleWarning.Alarm) -> JSONValue {
        .object([("alarm_tau", .optionalInt(a.tauLo)), ("lead", .optionalInt(a.lead)), ("windows", .int(a.windows))])
    }

    /// The answer in words: who warns first per run, and whether D(τ) warns before the weight
    /// norm at the ensemble level.
    static func words(
        ranking: [(name: String, lead: Double)], ensemble: [String: EnsembleWarning.Alarm], dAlarm: EnsembleWarning.Alarm, crossing: Estimate?
    ) -> String {
        var out: [String] = []
        if let first = ranking.first {
            out.append(
                "Per run, \(first.name) warns first (median lead \(Int(first.lead.rounded())) epochs) among the indicators that warn at least half of the grokked runs at the set false-positive rate"
                    + (ranking.count > 1 ? "; then \(ranking.dropFirst().map(\.name).joined(separator: ", "))." : "."))
            if let c = crossing, c.value.isFinite {
                let spread = c.std.isFinite ? " ± \(Int(c.std.rounded()))" : ""
                out.append(
                    "For comparison, D(τ) crosses 1 at τ* = \(Int(c.value.rounded()))\(spread) epochs, \(c.value < 0 ? "\(Int((-c.value).rounded())) epochs before" : "after") the onset (a crossing, not a detector alarm)."
                )
            }
        } else {
            out.append("Per run, no indicator warns at least half of the grokked runs at the set false-positive rate (or the rate could not be set).")
        }
        func at(_ a: EnsembleWarning.Alarm) -> String {
            guard let tau = a.tauLo else { return "never alarms" }
            return tau < 0 ? "alarms \(-tau) epochs before the onset" : "alarms only after the onset (τ = \(tau))"
        }
        out.append("On the ensemble (a fixed threshold, no calibrated false-positive rate), D(τ) \(at(dAlarm))")
        if let norm = ensemble[IndicatorName.weightNorm.rawValue] {
            let verdict: String
            switch (dAlarm.lead, norm.lead) {
            case (let d?, let w?) where d > w: verdict = "D(t) warns earlier than the weight norm"
            case (let d?, let w?) where d < w: verdict = "the weight norm warns earlier than D(t)"
            case (_?, _?): verdict = "D(t) and the weight norm warn in the same window"
            case (_?, nil): verdict = "D(t) warns and the weight norm does not"
            case (nil, _?): verdict = "the weight norm warns and D(t) does not"
            case (nil, nil): verdict = "neither D(t) nor the weight norm warns"
            }
            out.append("and the weight norm \(at(norm)): \(verdict).")
        } else {
            out.append(".")
        }
        return out.joined(separator: " ").replacingOccurrences(of: " .", with: ".")
    }
}
