import GrokAnalysis
import GrokConfig
import GrokNumerics

/// report.json's `timing` block: grokking-time statistics per width (GrokAnalysis.GrokkingTimes).
/// Ungrokked runs are right-censored at the last epoch. A legacy XOR sweep has one group and
/// keeps its pre-group block; a grid with task axes gets the headline group's block (named by
/// `group`, the same group as `summary`) and one block per group in `by_group`, so runs of
/// different tasks, optimizers or weight decays are never pooled into one t_g distribution.
enum TimingSummary {
    static func json(config: SweepConfig, results: [RunRecord]) -> JSONValue {
        if config.isLegacyGrid { return .object(block(config: config, results: results, labels: ["analysis", "timing"])) }
        let byGroup = Dictionary(grouping: results, by: \.task.group)
        let blocks = config.taskGroups.map { g in
            (g, block(config: config, results: byGroup[g] ?? [], labels: ["analysis", "timing", .name(g.key)]))
        }
        let headline = config.headlineGroup
        let own = blocks.first { $0.0 == headline }?.1 ?? []
        return .object(
            [("group", .string(headline.key))] + own + [
                ("by_group", .array(blocks.map { g, pairs in .object([("group", .string(g.key))] + pairs) }))
            ])
    }

    /// The statistics of one set of runs (one group). N per width is the runs' own parameter
    /// count (the task's N(h)), not XOR's 4h + 1.
    static func block(config: SweepConfig, results: [RunRecord], labels: [StreamLabel]) -> [(String, JSONValue)] {
        var byWidth: [Int: [Int?]] = [:], parameterCount: [Int: Int] = [:]
        for r in results {
            byWidth[r.task.width, default: []].append(r.onsetEpoch)
            parameterCount[r.task.width] = r.parameterCount
        }
        let samples = byWidth.keys.sorted().map {
            GrokkingTimes.WidthSample(width: $0, onsets: byWidth[$0]!, censoredAt: config.training.epochs)
        }
        let confidence = config.analysis.confidence
        let result = GrokkingTimes.analyse(
            samples, confidence: confidence, resamples: config.analysis.bootstrapResamples,
            minimumWidths: config.analysis.minWidths,
            stream: RandomStream(baseSeed: config.seed, labels: labels))
        let level = "ci\(Int((confidence * 100).rounded()))"
        let rows: [JSONValue] = result.perWidth.map { w in
            .object([
                ("width", .int(w.width)),
                ("N", .optionalInt(parameterCount[w.width])),
                ("runs", .int(w.runs)),
                ("grokked", .int(w.grokked)),
                ("p_grok", .number(w.probability)),
                ("p_grok_wilson_\(level)", w.probabilityInterval.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null),
                ("t_g_km_median", .number(w.median)),
                ("t_g_km_median_\(level)", .array([.number(w.medianInterval.lower), .number(w.medianInterval.upper)])),
                ("t_g_km_q25", .number(w.lowerQuartile)),
                ("t_g_km_q75", .number(w.upperQuartile)),
            ])
        }
        return [
            ("censored_at_epoch", .int(config.training.epochs)),
            (
                "method",
                .string(
                    "Kaplan–Meier over seeds with ungrokked runs right-censored at the last epoch; median interval by Brookmeyer–Crowley on log(−log S) pointwise bands (null bound: not reached within the epochs); p_grok with a Wilson interval; b from ln(median t_g) = a − b ln h over widths with a median, bootstrap over seeds within each width"
                )
            ),
            ("per_width", .array(rows)),
            ("b", result.exponent.map { Summary.estimate($0, confidence: confidence) } ?? .null),
            ("b_unsupported", result.exponentUnsupported.map(JSONValue.string) ?? .null),
            ("widths_in_fit", .array(result.widthsInFit.map(JSONValue.int))),
        ]
    }
}
