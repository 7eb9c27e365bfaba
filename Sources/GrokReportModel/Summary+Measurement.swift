import Foundation
import GrokAnalysis
import GrokConfig

/// The measurement blocks of the summary: fixed windows with their systematics, the
/// robustness table, saturation, collapse verdicts, power-law verdicts, the Gini peak, D_synth
/// against 1. docs/report-quantities.md defines each key.
extension Summary {
    static func headline(_ g: GradientScaling, control c: ControlScaling?, config: SweepConfig, widths: WidthLookup) -> [(String, JSONValue)] {
        let confidence = config.analysis.confidence
        func width(_ n: Int) -> JSONValue { widths.json(n) }
        func est(_ e: Estimate) -> JSONValue { estimate(e, confidence: confidence, widths: widths) }
        func slopes(_ list: [LocalSlope]) -> JSONValue {
            .array(
                list.map { l in
                    .object([
                        ("N_lo", .int(l.nLo)), ("N_hi", .int(l.nHi)), ("width_lo", width(l.nLo)), ("width_hi", width(l.nHi)),
                        ("D", .number(l.d.value)), ("ci\(Int((confidence * 100).rounded()))", .array(l.d.ci.map { .number($0) })),
                        ("saturated", .bool(!l.d.saturatedWidths.isEmpty)),
                    ])
                })
        }
        func curvature(_ e: Estimate) -> JSONValue {
            guard case .object(var pairs) = est(e) else { return .null }
            let excludes = e.ci.allSatisfy(\.isFinite) && (e.ci[0] > 0 || e.ci[1] < 0)
            pairs.append(("excludes_zero", .bool(excludes)))
            pairs.append(("words", .string(curvatureWords(e, excludes: excludes))))
            return .object(pairs)
        }
        func windows(_ list: [DTauWindow]) -> JSONValue {
            .array(
                list.map { w in
                    .object([
                        ("tau_lo", .int(w.tauLo)), ("tau_hi", .int(w.tauHi)), ("D", .number(w.d)), ("r2", .number(w.r2)),
                        ("widths", .int(w.widthsUsed)), ("ci95", .array(w.ci.map { .number($0) })),
                        ("covered", .bool(w.covered)), ("runs_per_width", .array(w.runsPerWidth.map(JSONValue.int))),
                    ])
                })
        }
        func crossing(_ e: Estimate, resolution: Int) -> JSONValue {
            guard case .object(var pairs) = est(e) else { return .null }
            pairs.removeAll { $0.0 == "window" }
            pairs.append(("resolution_epochs", .int(resolution)))
            pairs.append(("resamples_total", .int(config.analysis.bootstrapResamples)))
            return .object(pairs)
        }
        let robustness: JSONValue = .array(
            g.robustness.enumerated().map { k, row in
                var pairs: [(String, JSONValue)] = [
                    ("statistic", .string(row.statistic.rawValue)), ("D_pre", est(row.dPre)), ("D_post", est(row.dPost)),
                ]
                if let c, k < c.robustness.count { pairs.append(("D_synth", synthEstimate(c.robustness[k], confidence: confidence, widths: widths))) }
                if row.statistic == .max {
                    pairs.append(("note", .string("bootstraps of a maximum are biased low: read its interval as a lower bound on the spread")))
                }
                return .object(pairs)
            })
        var local: [(String, JSONValue)] = [("pre", slopes(g.localSlopesPre)), ("post", slopes(g.localSlopesPost))]
        var curv: [(String, JSONValue)] = [("pre", curvature(g.curvaturePre)), ("post", curvature(g.curvaturePost))]
        if let c { local.append(("control", slopes(c.localSlopes))); curv.append(("control", curvature(c.curvature))) }
        if let words = LocalSlopeWords.sentence(pre: g.localSlopesPre, post: g.localSlopesPost, control: c?.localSlopes) {
            local.append(("words", .string(words)))
        }
        let saturation: JSONValue = .array(
            g.perWidth.map { w in
                var pairs: [(String, JSONValue)] = [
                    ("N", .int(w.parameterCount)), ("width", width(w.parameterCount)),
                    ("pre", .number(w.saturationPre)), ("post", .number(w.saturationPost)),
                ]
                if let cw = c?.perWidth.first(where: { $0.parameterCount == w.parameterCount }) { pairs.append(("control", .number(cw.saturation))) }
                return .object(pairs)
            })
        return [
            (ReportQuantity.dPre.key, est(g.dPre)), (ReportQuantity.dPost.key, est(g.dPost)),
            (ReportQuantity.dPreAll.key, est(g.dPreAll)), (ReportQuantity.dPostAll.key, est(g.dPostAll)),
            (ReportQuantity.dPreSmax.key, est(g.dPreSmax)), (ReportQuantity.dPostSmax.key, est(g.dPostSmax)),
            (ReportQuantity.gamma.key, est(g.gamma)),
            ("collapse", collapseJSON(g, config: config)),
            (ReportQuantity.crossingTau.key, crossing(g.crossing, resolution: config.analysis.window)),
            ("crossing_tau_fine", config.analysis.crossingWindow > 0 ? crossing(g.crossingFine, resolution: config.analysis.crossingWindow) : .null),
            ("crossings", .array(g.crossings.map { .number($0) })),
            ("D_tau", windows(g.dTau)),
            ("D_tau_fine", windows(g.dTauFine)),
            ("local_slopes", .object(local)),
            ("curvature", .object(curv)),
            ("robustness", robustness),
            ("saturation_limit", .number(config.analysis.saturationLimit)),
            ("saturation", saturation),
            (
                "leave_one_out",
                .array(
                    g.leaveOneOut.map { l in
                        .object([
                            ("N", .int(l.removedParameterCount)), ("width", width(l.removedParameterCount)),
                            ("D_pre", .number(l.dPre)), ("D_post", .number(l.dPost)),
                        ])
                    })
            ),
            ("power_law", .array(g.powerLaw.map { powerLawJSON($0, widths: widths) })),
            (
                "per_width",
                .array(
                    g.perWidth.map { w in
                        .object([
                            ("N", .int(w.parameterCount)), ("width", width(w.parameterCount)), ("runs", .int(w.runs)),
                            ("grokked", .int(w.grokkedRuns)), ("S_pre", .number(w.sPre)), ("S_post", .number(w.sPost)),
                            ("S_pre_ci\(Int((confidence * 100).rounded()))", .array(w.sPreInterval.map { .number($0) })),
                            ("S_post_ci\(Int((confidence * 100).rounded()))", .array(w.sPostInterval.map { .number($0) })),
                            ("runs_pre", .int(w.runsPre)), ("runs_post", .int(w.runsPost)),
                            ("cascades_pre", .int(w.cascadesPre)), ("cascades_post", .int(w.cascadesPost)),
                            ("ccdf", .object([("s", .array(w.ccdfSizes.map(JSONValue.int))), ("p", .array(w.ccdfProbability.map { .number($0) }))])),
                        ])
                    })
            ),
        ]
    }

    static func curvatureWords(_ e: Estimate, excludes: Bool) -> String {
        guard e.value.isFinite else { return "curvature not estimated (fewer than 4 widths)" }
        let c = String(format: "%.3f", e.value)
        if excludes {
            return "ln S is curved in ln N (quadratic coefficient \(c), interval excludes 0): D depends on the width range"
        }
        return "no curvature resolved (quadratic coefficient \(c), interval includes 0)"
    }

    static func collapseJSON(_ g: GradientScaling, config: SweepConfig) -> JSONValue {
        let confidence = config.analysis.confidence
        let caption =
            config.probe.mode == .global
            ? "probe.mode = global: one cascade per snapshot, so P(s|N) is the distribution of that cascade's size over training time (and seeds), not an avalanche-size distribution"
            : "probe.mode = per_seed: one avalanche per supra-threshold node, so P(s|N) is an avalanche-size distribution"
        var pairs: [(String, JSONValue)] = [
            ("D", estimate(g.collapseD, confidence: confidence)),
            ("gamma", estimate(g.gamma, confidence: confidence)),
            ("r2", .number(g.collapseR2)),
            ("caption", .string(caption)),
            ("S_limit", .number(config.analysis.collapseSLimit)),
        ]
        for c in g.collapses {
            var phase: [(String, JSONValue)] = []
            if let w = c.window { phase.append(("window", .array(w.map(JSONValue.int)))) }
            phase += [
                ("D", estimate(c.d, confidence: confidence)), ("gamma", estimate(c.gamma, confidence: confidence)),
                ("r2", .number(c.r2)), ("S", .number(c.quality)), ("curves", .int(c.curves)),
                ("verdict", .string(collapseVerdict(c))),
            ]
            pairs.append((c.phase, .object(phase)))
        }
        return .object(pairs)
    }

    /// Bootstrap std of the collapse D above which an S ≤ limit collapse is called unconstrained.
    static let unconstrainedCollapseStd = 0.2

    /// "collapses", "does not collapse", "unconstrained" (S small only because the errors are
    /// large: D's bootstrap std above 0.2) or "not fitted".
    static func collapseVerdict(_ c: CollapseResult) -> String {
        guard c.quality.isFinite else { return "not fitted" }
        guard c.collapses else { return "does not collapse" }
        if c.d.std.isFinite && c.d.std > unconstrainedCollapseStd { return "unconstrained" }
        return "collapses"
    }

    static func powerLawJSON(_ p: PowerLawFit, widths: WidthLookup) -> JSONValue {
        func vuong(_ v: VuongTest.Result) -> JSONValue { .object([("R", .number(v.ratio)), ("p", .number(v.p))]) }
        let span = p.tailDecades.isFinite ? String(format: "%.1f", p.tailDecades) : "n/a"
        let pText = p.gofP.isFinite ? String(format: "%.2f", p.gofP) : "not tested"
        let verdict =
            p.supported
            ? "power law over \(span) decades, α = \(String(format: "%.2f", p.alpha)) (p = \(pText))"
            : "no power-law regime (tail spans \(span) decades, p = \(pText))"
        return .object([
            ("N", .int(p.parameterCount)), ("width", widths.json(p.parameterCount)), ("alpha", .number(p.alpha)),
            ("x_min", .number(p.xMin)), ("ks", .number(p.ks)), ("tail", .int(p.tailCount)), ("samples", .int(p.sampleCount)),
            ("tail_decades", .number(p.tailDecades)), ("gof_p", .number(p.gofP)), ("gof_resamples", .int(p.gofResamples)),
            ("vuong", .object([("lognormal", vuong(p.vuongLognormal)), ("exponential", vuong(p.vuongExponential))])),
            ("supported", .bool(p.supported)), ("verdict", .string(verdict)),
        ])
    }

    /// A D_synth estimate with its distance from 1 in bootstrap standard deviations, in words.
    static func synthEstimate(_ e: Estimate, confidence: Double, widths: WidthLookup) -> JSONValue {
        guard case .object(var pairs) = estimate(e, confidence: confidence, widths: widths) else { return .null }
        let sigma = e.std > 0 && e.value.isFinite ? (e.value - 1) / e.std : Double.nan
        pairs.append(("sigma_from_1", .number(sigma)))
        pairs.append(("versus_1", .string(sigmaWords(sigma))))
        return .object(pairs)
    }

    static func sigmaWords(_ sigma: Double) -> String {
        guard sigma.isFinite else { return "distance from 1 not estimated" }
        let m = String(format: "%.1f", sigma.magnitude)
        if sigma.magnitude < 2 { return "consistent with 1 (\(m)σ \(sigma < 0 ? "below" : "above"))" }
        return "\(m)σ \(sigma < 0 ? "below" : "above") 1"
    }

    static func giniJSON(_ list: [GiniTransient.Summary], widths: WidthLookup) -> JSONValue {
        func width(_ n: Int) -> JSONValue { widths.json(n) }
        func row(_ s: GiniTransient.Summary) -> JSONValue {
            var pairs: [(String, JSONValue)] = []
            if let n = s.parameterCount { pairs += [("N", .int(n)), ("width", width(n))] }
            pairs += [
                ("runs", .int(s.runs)), ("median", .number(s.medianRise)), ("iqr", .array(s.riseIQR.map { .number($0) })),
                ("median_tau_peak", .number(s.medianTauPeak)),
            ]
            return .object(pairs)
        }
        return .object([("overall", list.last.map(row) ?? .null), ("per_width", .array(list.dropLast().map(row)))])
    }

    /// Plain-language warnings about the headline: saturated statistics, unsupported fits.
    func warnings(config: SweepConfig) -> [String] {
        guard case .success(let g)? = gradient.first(where: { $0.topology == config.primaryTopology })?.result else { return [] }
        var out: [String] = []
        let limit = String(format: "%.0f%%", config.analysis.saturationLimit * 100)
        for (name, e) in [("D_pre", g.dPre), ("D_post", g.dPost)] where !e.saturatedWidths.isEmpty {
            let widths = e.saturatedWidths.map(widths.text).joined(separator: ", ")
            out.append(
                "\(name) (\(config.analysis.statistic.rawValue)) is saturated: more than \(limit) of cascades have extent = N at widths \(widths); there the statistic measures the system size, not the gradients"
            )
        }
        for (name, e) in [("D_pre", g.dPre), ("D_post", g.dPost)] where !e.value.isFinite {
            out.append(
                "\(name) not estimated: fewer than the required widths have \(config.analysis.minRunsPerWidth) runs with snapshots in its window")
        }
        return out
    }
}
