import GrokAnalysis

extension Summary {
    /// The `summary` block: headline numbers from the primary topology, then every topology.
    func json(config: SweepConfig) -> JSONValue {
        let confidence = config.analysis.confidence
        var pairs: [(String, JSONValue)] = [
            ("primary_topology", .string(config.primaryTopology)),
            ("statistic", .string(config.analysis.statistic.rawValue)),
            ("runs", .int(runs)),
            ("grokked_runs", .int(runs - ungrokked.count)),
            ("ungrokked", .array(ungrokked.map { .object([("task", .string($0.key)), ("width", .int($0.width)), ("seed", .int($0.seedIndex))]) })),
            ("probe_errors", .int(probeErrors)),
        ]
        let primary = gradient.first(where: { $0.topology == config.primaryTopology })?.result
        switch primary {
        case .success(let g)?:
            pairs += Summary.headline(g, confidence: confidence)
        case .failure(let f)?:
            pairs.append(("error", .string("scaling fits on \(config.primaryTopology) failed: \(f.message)")))
        case nil:
            pairs.append(("error", .string("no results for the primary topology \(config.primaryTopology)")))
        }

        var synth: [(String, JSONValue)] = []
        var synthValues: [Double] = []
        for (name, result) in control {
            switch result {
            case .success(let c):
                synth.append((name, Summary.estimate(c.dSynth, confidence: confidence)))
                if c.dSynth.value.isFinite { synthValues.append(c.dSynth.value) }
            case .failure(let f):
                synth.append((name, .object([("error", .string(f.message))])))
            }
        }
        pairs.append(("D_synth", .object(synth)))
        pairs.append(("D_synth_cv", synthValues.count >= 2 ? .number(ScalingAnalysis.coefficientOfVariation(synthValues)) : .null))

        var byTopology: [(String, JSONValue)] = []
        for (name, result) in gradient {
            switch result {
            case .success(let g):
                var entry = Summary.headline(g, confidence: confidence)
                if case .success(let c)? = control.first(where: { $0.topology == name })?.result {
                    entry.append(("D_synth", Summary.estimate(c.dSynth, confidence: confidence)))
                    entry.append(("D_synth_smax", Summary.estimate(c.dSynthSmax, confidence: confidence)))
                }
                byTopology.append((name, .object(entry)))
            case .failure(let f):
                byTopology.append((name, .object([("error", .string(f.message))])))
            }
        }
        pairs.append(("by_topology", .object(byTopology)))
        pairs.append(("bootstrap_histograms", bootstrapHistograms(primary: primary)))
        return .object(pairs)
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

    static func headline(_ g: GradientScaling, confidence: Double) -> [(String, JSONValue)] {
        [
            ("D_pre", estimate(g.dPre, confidence: confidence)),
            ("D_post", estimate(g.dPost, confidence: confidence)),
            ("D_pre_smax", estimate(g.dPreSmax, confidence: confidence)),
            ("D_post_smax", estimate(g.dPostSmax, confidence: confidence)),
            ("gamma", estimate(g.gamma, confidence: confidence)),
            ("collapse", .object([
                ("D", estimate(g.collapseD, confidence: confidence)),
                ("gamma", estimate(g.gamma, confidence: confidence)),
                ("r2", .number(g.collapseR2)),
            ])),
            ("crossing_tau", .number(g.crossingTau)),
            ("crossings", .array(g.crossings.map { .number($0) })),
            ("D_tau", .array(g.dTau.map { w in
                .object([
                    ("tau_lo", .int(w.tauLo)), ("tau_hi", .int(w.tauHi)), ("D", .number(w.d)), ("r2", .number(w.r2)),
                    ("widths", .int(w.widthsUsed)), ("ci95", .array(w.ci.map { .number($0) })),
                ])
            })),
            ("leave_one_out", .array(g.leaveOneOut.map { l in
                .object([("N", .int(l.removedParameterCount)), ("width", .int((l.removedParameterCount - 1) / 4)),
                         ("D_pre", .number(l.dPre)), ("D_post", .number(l.dPost))])
            })),
            ("power_law", .array(g.powerLaw.map { p in
                .object([("N", .int(p.parameterCount)), ("width", .int((p.parameterCount - 1) / 4)), ("alpha", .number(p.alpha)),
                         ("x_min", .number(p.xMin)), ("ks", .number(p.ks)), ("tail", .int(p.tailCount)), ("samples", .int(p.sampleCount))])
            })),
            ("per_width", .array(g.perWidth.map { w in
                .object([("N", .int(w.parameterCount)), ("width", .int((w.parameterCount - 1) / 4)), ("runs", .int(w.runs)),
                         ("grokked", .int(w.grokkedRuns)), ("S_pre", .number(w.sPre)), ("S_post", .number(w.sPost))])
            })),
        ]
    }

    /// `{ "value", "mean", "std", "ci95": [lo, hi], "r2", "resamples" }`; the interval key says
    /// its level ("ci95" at the default 0.95, "ci90" at 0.90, …).
    static func estimate(_ e: Estimate, confidence: Double) -> JSONValue {
        let level = Int((confidence * 100).rounded())
        var pairs: [(String, JSONValue)] = [
            ("value", .number(e.value)),
            ("mean", .number(e.mean)),
            ("std", .number(e.std)),
            ("ci\(level)", .array(e.ci.map { .number($0) })),
        ]
        if let r2 = e.r2 { pairs.append(("r2", .number(r2))) }
        pairs.append(("resamples", .int(e.resamples)))
        return .object(pairs)
    }
}
