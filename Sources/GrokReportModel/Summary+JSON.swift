import GrokAnalysis
import GrokConfig

extension Summary {
    /// The `summary` block: headline numbers from the primary topology, then every topology.
    func json(config: SweepConfig) -> JSONValue {
        let confidence = config.analysis.confidence
        var pairs: [(String, JSONValue)] = [
            ("primary_topology", .string(config.primaryTopology)),
            ("statistic", .string(config.analysis.statistic.rawValue)),
            (ReportQuantity.runs.key, .int(runs)),
            (ReportQuantity.grokkedRuns.key, .int(runs - ungrokked.count)),
            ("ungrokked", .array(ungrokked.map { .object([("task", .string($0.key)), ("width", .int($0.width)), ("seed", .int($0.seedIndex))]) })),
            ("probe_errors", .int(probeErrors)),
        ]
        // A grid with task axes: the headline is one group's (groups.headline); say which.
        if !config.isLegacyGrid {
            pairs.insert(
                contentsOf: [
                    ("group", .string(config.headlineGroup.key)),
                    (
                        "group_choice",
                        .string(config.taskGrid.headlineGroup.isEmpty ? "first group of the grid (set groups.headline to choose)" : "groups.headline")
                    ),
                ], at: 0)
        }
        let primary = gradient.first(where: { $0.topology == config.primaryTopology })?.result
        switch primary {
        case .success(let g)?:
            pairs += Summary.headline(g, control: controlResult(config.primaryTopology), config: config, widths: widths)
        case .failure(let f)?:
            pairs.append((ReportQuantity.error.key, .string("scaling fits on \(config.primaryTopology) failed: \(f.message)")))
        case nil:
            pairs.append((ReportQuantity.error.key, .string("no results for the primary topology \(config.primaryTopology)")))
        }

        var synth: [(String, JSONValue)] = []
        var synthValues: [Double] = []
        for (name, result) in control {
            switch result {
            case .success(let c):
                synth.append((name, Summary.synthEstimate(c.dSynth, confidence: confidence, widths: widths)))
                if c.dSynth.value.isFinite { synthValues.append(c.dSynth.value) }
            case .failure(let f):
                synth.append((name, .object([("error", .string(f.message))])))
            }
        }
        pairs.append((ReportQuantity.dSynth.key, .object(synth)))
        pairs.append((ReportQuantity.dSynthCV.key, synthValues.count >= 2 ? .number(ScalingAnalysis.coefficientOfVariation(synthValues)) : .null))

        var byTopology: [(String, JSONValue)] = []
        for (name, result) in gradient {
            switch result {
            case .success(let g):
                var entry = Summary.headline(g, control: controlResult(name), config: config, widths: widths)
                if case .success(let c)? = control.first(where: { $0.topology == name })?.result {
                    entry.append((ReportQuantity.dSynth.key, Summary.synthEstimate(c.dSynth, confidence: confidence, widths: widths)))
                    entry.append(("D_synth_smax", Summary.estimate(c.dSynthSmax, confidence: confidence, widths: widths)))
                }
                byTopology.append((name, .object(entry)))
            case .failure(let f):
                byTopology.append((name, .object([("error", .string(f.message))])))
            }
        }
        pairs.append(("gini_peak", Summary.giniJSON(giniPeak, widths: widths)))
        if let branching { pairs.append(("branching", branching)) }
        pairs.append(("warnings", .array(warnings(config: config).map(JSONValue.string))))
        pairs.append(("by_topology", .object(byTopology)))
        pairs.append(("bootstrap_histograms", bootstrapHistograms(primary: primary)))
        return .object(pairs)
    }

    /// The primary topology's gradient fits, when they succeeded.
    var primaryGradient: GradientScaling? {
        if case .success(let g)? = gradient.first(where: { $0.topology == primaryTopology })?.result { return g }
        return nil
    }

    func controlResult(_ topology: String) -> ControlScaling? {
        if case .success(let c)? = control.first(where: { $0.topology == topology })?.result { return c }
        return nil
    }

    /// Binned bootstrap values for the report's histograms: D_pre, D_post (primary topology)
    /// and D_synth per topology, as `{"edges": [...], "counts": [...]}`.
    private func bootstrapHistograms(primary: Result<GradientScaling, AnalysisFailure>?) -> JSONValue {
        func histogram(_ e: Estimate) -> JSONValue {
            guard let h = e.histogram else { return .null }
            return .object([("edges", .array(h.edges.map { .number($0) })), ("counts", .array(h.counts.map(JSONValue.int)))])
        }
        var pairs: [(String, JSONValue)] = []
        if case .success(let g)? = primary {
            pairs.append(("D_pre", histogram(g.dPre)))
            pairs.append(("D_post", histogram(g.dPost)))
        }
        var synth: [(String, JSONValue)] = []
        for (name, result) in control {
            if case .success(let c) = result { synth.append((name, histogram(c.dSynth))) }
        }
        pairs.append(("D_synth", .object(synth)))
        return .object(pairs)
    }

    /// `{ "value", "mean", "std", "ci95": [lo, hi], "r2", "resamples" }`; the interval key says
    /// its level ("ci95" at the default 0.95, "ci90" at 0.90, …). `widths` names the widths of
    /// the N in `widths_used` (null where it does not know them).
    static func estimate(_ e: Estimate, confidence: Double, widths: WidthLookup = .unknown) -> JSONValue {
        let level = Int((confidence * 100).rounded())
        var pairs: [(String, JSONValue)] = [
            ("value", .number(e.value)),
            ("mean", .number(e.mean)),
            ("std", .number(e.std)),
            ("ci\(level)", .array(e.ci.map { .number($0) })),
        ]
        if let r2 = e.r2 { pairs.append(("r2", .number(r2))) }
        pairs.append(("resamples", .int(e.resamples)))
        if let s = e.systematic { pairs.append(("systematic", .number(s))) }
        if let w = e.window { pairs.append(("window", .array(w.map(JSONValue.int)))) }
        if let used = e.widthsUsed {
            pairs.append(("widths_used", .array(used.map(widths.json))))
            pairs.append(("saturated", .bool(!e.saturatedWidths.isEmpty)))
            pairs.append(("saturated_widths", .array(e.saturatedWidths.map(widths.json))))
        }
        return .object(pairs)
    }
}
