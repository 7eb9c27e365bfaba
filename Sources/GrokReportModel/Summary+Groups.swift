import Dispatch
import GrokAnalysis
import GrokConfig
import GrokNumerics
import GrokTasks
import GrokTraining

/// The per-group analysis: one section per task × optimizer × regularizer × weight
/// decay, from the primary topology's gradient cascades, through the same `ScalingAnalysis` as
/// the headline (so its definitions of D_pre, D_post, D(τ) and τ* apply unchanged), plus
/// grokking probability, Kaplan–Meier median t_g, the ungrokked runs aligned at the median t_g
/// of their width, and the early-warning lead time.
enum GroupSummary {
    static func json(config: SweepConfig, results: [RunRecord], input: ReportInput) -> JSONValue {
        let groups = config.taskGroups
        let byGroup = Dictionary(grouping: results, by: \.task.group)
        let fractions = Dictionary(
            uniqueKeysWithValues: groups.map { g -> (TaskGroup, Double) in
                let runs = byGroup[g] ?? []
                return (g, runs.isEmpty ? .nan : Double(runs.filter { $0.onsetEpoch != nil }.count) / Double(runs.count))
            })
        let slots = Slots<(section: JSONValue, row: JSONValue)>(count: groups.count)
        DispatchQueue.concurrentPerform(iterations: groups.count) { i in
            let g = groups[i]
            let control = controlGroup(of: g, in: groups, fractions: fractions)
            slots[i] = section(g, runs: byGroup[g] ?? [], control: control.map { ($0, byGroup[$0] ?? []) }, config: config, input: input)
        }
        let parts = (0..<groups.count).map { slots[$0]! }
        return .object([
            ("onset_accuracy", .number(config.taskGrid.onsetAccuracy)),
            ("topology", .string(config.primaryTopology)),
            ("sections", .array(parts.map(\.section))),
            ("comparison", .array(parts.map(\.row))),
        ])
    }

    /// The ungrokked control of a group that mostly groks: the sibling with the same task,
    /// optimizer and regularizer and the smallest other λ among those where fewer than half the
    /// runs grok (nil when there is none).
    static func controlGroup(of g: TaskGroup, in groups: [TaskGroup], fractions: [TaskGroup: Double]) -> TaskGroup? {
        guard let own = fractions[g], own >= 0.5 else { return nil }
        return groups.filter {
            $0 != g && $0.task == g.task && $0.optimizer == g.optimizer && $0.regularizer == g.regularizer && $0.variant == g.variant
                && (fractions[$0] ?? 1) < 0.5
        }
        .min { $0.weightDecay < $1.weightDecay }
    }

    static func section(
        _ g: TaskGroup, runs: [RunRecord], control: (TaskGroup, [RunRecord])?, config: SweepConfig, input: ReportInput
    ) -> (section: JSONValue, row: JSONValue) {
        let confidence = config.analysis.confidence, level = Int((confidence * 100).rounded())
        let task = config.trainingTask(named: g.task)
        let properties = TaskCatalog.entry(named: g.task)?.properties
        let grokked = runs.filter { $0.onsetEpoch != nil }
        let labels: [StreamLabel] = ["groups", .name(g.key)]
        var pairs: [(String, JSONValue)] =
            [
                ("group", .string(g.key)), ("task", .string(g.task)), ("optimizer", .string(g.optimizer.rawValue)),
                ("regularizer", .string(g.regularizer.rawValue)), ("weight_decay", .number(g.weightDecay)),
            ] + variantColumns(g) + [
                ("setup", .string(task?.summary ?? g.task)), ("inferred_setup", .bool(properties?.inferredSetup ?? false)),
                ("loss", .string(properties?.loss ?? "the program's own")), ("accuracy", .string(properties?.accuracy ?? "the program's own")),
                ("source_finding", .string(properties?.sourceFinding ?? "")),
                ("runs", .int(runs.count)), ("grokked", .int(grokked.count)),
            ]
        if let answers = task.map({ t in config.widths.compactMap { w in t.knownAnswer(width: w, setup: config.trainingSetup(g)).map { (w, $0) } } }),
            !answers.isEmpty
        {
            pairs.append(("known_answer", .array(answers.map { knownAnswerRow(width: $0, answer: $1, runs: runs) })))
        }
        if let histogram = OverlapHistogram.json(runs: runs, epochs: config.training.epochs) { pairs.append(("overlap_histogram", histogram)) }
        let probability = runs.isEmpty ? Double.nan : Double(grokked.count) / Double(runs.count)
        pairs.append(
            (
                "grokking_probability",
                .object([
                    ("value", .number(probability)),
                    (
                        "ci\(level)",
                        .array(
                            (WilsonInterval.interval(successes: grokked.count, trials: runs.count, confidence: confidence).map {
                                [$0.lower, $0.upper]
                            } ?? [.nan, .nan]).map { .number($0) })
                    ),
                    ("method", .string("Wilson score")),
                ])
            ))
        // Onset times: Kaplan–Meier with ungrokked runs censored at the last epoch.
        let observations = runs.map { KaplanMeier.Observation(time: $0.onsetEpoch ?? config.training.epochs, event: $0.onsetEpoch != nil) }
        let km = KaplanMeier.medianEstimate(
            observations, resamples: config.taskGrid.survivalResamples, confidence: confidence,
            seed: config.seed, labels: labels + ["kaplan-meier"])
        pairs.append(
            (
                "t_g_median",
                .object([
                    ("value", .optionalInt(km.median)), ("ci\(level)", .array(km.ci.map { .number($0) })),
                    ("resamples_with_median", .int(km.resamplesWithMedian)), ("method", .string("Kaplan–Meier, ungrokked runs right-censored")),
                ])
            ))
        let tTrain = runs.compactMap(\.trainOnsetEpoch).sorted()
        let delays = runs.compactMap { r in r.onsetEpoch.flatMap { tg in r.trainOnsetEpoch.map { tg - $0 } } }.sorted()
        let ratios = runs.compactMap { r in r.onsetEpoch.flatMap { tg in r.trainOnsetEpoch.map { Double(tg) / Double(Swift.max($0, 1)) } } }
        let tTrainMedian = tTrain.isEmpty ? Double.nan : Quantile.linear(tTrain.map(Double.init), q: 0.5)
        pairs.append(("t_train_median", .number(tTrainMedian)))
        pairs.append(("delay_median", .number(delays.isEmpty ? .nan : Quantile.linear(delays.map(Double.init), q: 0.5))))
        let ratioMedian = ratios.isEmpty ? Double.nan : Quantile.linear(ratios, q: 0.5)
        pairs.append(("t_g_over_t_train_median", .number(ratioMedian)))

        var options = config.scalingOptions(labels: labels + ["gradient"])
        options.bootstrapCollapse = false
        let widths = WidthLookup(results: runs)
        var row: [(String, JSONValue)] = [
            ("group", .string(g.key)), ("runs", .int(runs.count)), ("grokked", .int(grokked.count)),
            ("grokking_probability", .number(probability)), ("t_g_median", .optionalInt(km.median)),
            ("t_g_over_t_train_median", .number(ratioMedian)),
        ]
        do {
            let fit = try ScalingAnalysis.gradient(digests: try runs.map { try digestOf($0, input: input) }, options: options)
            let crossing = DTauCrossing.nearestOnset(fit.dTau)
            pairs += [
                ("D_pre", Summary.estimate(fit.dPre, confidence: confidence, widths: widths)),
                ("D_post", Summary.estimate(fit.dPost, confidence: confidence, widths: widths)),
                ("D_tau", dTauJSON(fit.dTau)),
                ("crossing_tau", .number(fit.crossingTau)),
                ("crossings", .array(fit.crossings.map { .number($0) })),
                (
                    "crossing_nearest_onset",
                    crossing.map { .object([("tau", .number($0.tau)), ("direction", .string($0.direction.rawValue))]) } ?? .null
                ),
            ]
            row += [
                ("D_pre", .number(fit.dPre.value)), ("D_post", .number(fit.dPost.value)),
                ("crossing", crossing.map { .string($0.direction.rawValue) } ?? .null), ("crossing_tau", .number(crossing?.tau)),
            ]
        } catch {
            pairs.append(("error", .string("scaling fits failed: \(error)")))
        }
        // Ungrokked runs of this group, aligned at their width's median t_g.
        let medians = medianOnsets(grokked)
        let aligned = aligned(runs.filter { $0.onsetEpoch == nil }, at: medians, input: input)
        let grokkedDigests = try? grokked.map { try digestOf($0, input: input) }
        pairs.append(
            (
                "ungrokked_aligned",
                alignedJSON(aligned, options: config.scalingOptions(labels: labels + ["ungrokked"]), confidence: confidence, widths: widths)
            ))
        let within = warningJSON(
            grokkedDigests, aligned.runs, reference: "ungrokked runs of this group", config: config, labels: labels + ["warning"])
        pairs.append(("early_warning", within.json))
        row.append(("lead_time", within.lead))
        if let (controlGroup, controlRuns) = control {
            let reference = self.aligned(controlRuns.filter { $0.onsetEpoch == nil }, at: medians, input: input)
            let versus = warningJSON(
                grokkedDigests, reference.runs, reference: "ungrokked runs of \(controlGroup.key)", config: config,
                labels: labels + ["warning-control", .name(controlGroup.key)])
            pairs.append(("early_warning_vs_control", versus.json))
            pairs.append(
                (
                    "control_aligned",
                    alignedJSON(
                        reference, options: config.scalingOptions(labels: labels + ["control", .name(controlGroup.key)]), confidence: confidence,
                        widths: WidthLookup(results: controlRuns))
                ))
            row.append(("lead_time_vs_control", versus.lead))
        }
        return (.object(pairs), .object(row))
    }

    /// The lower median t_g of the grokked runs per N.
    static func medianOnsets(_ grokked: [RunRecord]) -> [Int: Int] {
        Dictionary(grouping: grokked, by: \.parameterCount).mapValues { runs in
            let t = runs.compactMap(\.onsetEpoch).sorted()
            return t[(t.count - 1) / 2]
        }
    }

    /// Ungrokked runs re-aligned at their width's median t_g: known only once every run is in,
    /// so these are folded at build time from the held cascades (see ``ReportInput``).
    static func aligned(
        _ ungrokked: [RunRecord], at medians: [Int: Int], input: ReportInput
    ) -> (runs: [Result<RunDigest, any Error>], unaligned: Int) {
        var out: [Result<RunDigest, any Error>] = [], unaligned = 0
        for r in ungrokked {
            guard let t = medians[r.parameterCount] else { unaligned += 1; continue }
            out.append(
                Result {
                    try input.analysis.alignedDigest(.init(group: r.task.group, topology: input.primaryTopology, kind: .gradient), of: r, onset: t)
                })
        }
        return (out, unaligned)
    }

    static func alignedJSON(
        _ set: (runs: [Result<RunDigest, any Error>], unaligned: Int), options: ScalingOptions, confidence: Double, widths: WidthLookup
    ) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("runs", .int(set.runs.count)), ("unaligned", .int(set.unaligned))]
        var o = options
        o.bootstrapCollapse = false
        if set.runs.isEmpty {
            pairs.append(("error", .string("no ungrokked run at a width with grokked runs")))
        } else {
            do {
                let fit = try ScalingAnalysis.gradient(digests: try set.runs.map { try $0.get() }, options: o)
                pairs += [
                    ("D_pre", Summary.estimate(fit.dPre, confidence: confidence, widths: widths)),
                    ("D_post", Summary.estimate(fit.dPost, confidence: confidence, widths: widths)),
                    ("D_tau", dTauJSON(fit.dTau)),
                ]
            } catch {
                pairs.append(("error", .string("scaling fits failed: \(error)")))
            }
        }
        return .object(pairs)
    }

    /// `grokked`: the grokked runs' digests (nil: one could not be folded); `reference`: the
    /// aligned ungrokked runs' digests.
    static func warningJSON(
        _ grokked: [RunDigest]?, _ reference: [Result<RunDigest, any Error>], reference name: String, config: SweepConfig,
        labels: [StreamLabel]
    ) -> (json: JSONValue, lead: JSONValue) {
        guard grokked?.isEmpty != true, !reference.isEmpty else {
            let why = grokked?.isEmpty == true ? "no grokked runs" : "no \(name) to compare with"
            return (.object([("reference", .string(name)), ("lead_time", .null), ("error", .string(why))]), .null)
        }
        let options = config.scalingOptions(labels: labels)
        // A run that cannot be folded gives what EarlyWarning gives then: no estimate.
        var e: (value: Int?, ci: [Double], warningShare: Double, resamples: Int) = (nil, [.nan, .nan], .nan, 0)
        if let grokked, let folded = try? reference.map({ try $0.get() }) {
            let estimate = EarlyWarning.estimate(
                grokked: grokked, reference: folded, options: options,
                resamples: config.taskGrid.leadResamples, innerResamples: config.taskGrid.leadInnerResamples)
            e = (estimate.value, estimate.ci, estimate.warningShare, estimate.resamples)
        }
        let level = Int((config.analysis.confidence * 100).rounded())
        return (
            .object([
                ("reference", .string(name)), ("lead_time", .optionalInt(e.value)),
                ("ci\(level)", .array(e.ci.map { .number($0) })), ("warning_share", .number(e.warningShare)), ("resamples", .int(e.resamples)),
                ("definition", .string("earliest τ < 0 from which the grokked and reference D(τ) bands stay disjoint up to the onset")),
            ]), .optionalInt(e.value)
        )
    }

    static func dTauJSON(_ windows: [DTauWindow]) -> JSONValue {
        .array(
            windows.map { w in
                .object([
                    ("tau_lo", .int(w.tauLo)), ("tau_hi", .int(w.tauHi)), ("D", .number(w.d)), ("r2", .number(w.r2)),
                    ("widths", .int(w.widthsUsed)), ("ci95", .array(w.ci.map { .number($0) })),
                ])
            })
    }

    /// A run's gradient digest on the primary topology (the headline's input, for one run).
    static func digestOf(_ r: RunRecord, input: ReportInput) throws -> RunDigest {
        try input.analysis.digest(.init(group: r.task.group, topology: input.primaryTopology, kind: .gradient), of: r)
    }

    /// Run-row columns naming the group (non-legacy groups only).
    static func runColumns(_ r: RunRecord) -> [(String, JSONValue)] {
        let g = r.task.group
        return [
            ("group", .string(g.key)), ("task", .string(g.task)), ("optimizer", .string(g.optimizer.rawValue)),
            ("regularizer", .string(g.regularizer.rawValue)), ("weight_decay", .number(g.weightDecay)),
        ] + variantColumns(g)
    }

    /// One width's exact grokking statistics beside the share of its runs that grokked.
    static func knownAnswerRow(width: Int, answer: KnownAnswer, runs: [RunRecord]) -> JSONValue {
        let atWidth = runs.filter { $0.task.width == width }
        return .object([
            ("width", .int(width)), ("p_grok", .number(answer.grokkingProbability)), ("t_g_median", .optionalInt(answer.medianOnset)),
            ("runs", .int(atWidth.count)),
            ("p_grok_observed", .number(Double(atWidth.filter { $0.onsetEpoch != nil }.count) / Double(max(1, atWidth.count)))),
        ])
    }

    /// The variant axes a group moves off their defaults (none for a grid without them).
    static func variantColumns(_ g: TaskGroup) -> [(String, JSONValue)] {
        g.variant.reportColumns.map { ($0, .number($1)) }
    }

    /// Run-row columns of tasks with a split (none for XOR, whose rows keep their bytes).
    static func splitColumns(_ r: RunRecord) -> [(String, JSONValue)] {
        guard let test = r.testAccuracy else { return [] }
        let delay = r.onsetEpoch.flatMap { tg in r.trainOnsetEpoch.map { tg - $0 } }
        return [("t_train", .optionalInt(r.trainOnsetEpoch)), ("delay", .optionalInt(delay)), ("test_accuracy", .array(test.map(JSONValue.number)))]
    }
}
