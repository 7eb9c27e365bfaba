import Foundation
import GrokConfig
import GrokReportModel

/// The measurement tables: headline with systematics, robustness, width-range systematics,
/// saturation, collapse and power-law verdicts (docs/report-quantities.md defines each number).
extension ReportTables {
    static func measurement(_ data: ReportData) -> [Table] {
        [robustness(data), systematics(data), collapse(data), saturation(data), powerLaw(data)]
    }

    /// "1.118 ± 0.026 (stat) ± 0.060 (width range) [1.073, 1.174], τ ∈ [0, 2000)", SATURATED marked.
    static func withSystematic(_ e: JSONValue?) -> String {
        guard let e else { return "n/a" }
        var text = NumberFormat.statAndSystematic(e)
        if let w = e["window"]?.array, w.count == 2 { text += ", τ ∈ [\(w[0].int ?? 0), \(w[1].int ?? 0))" }
        return text + saturatedMark(e)
    }

    static func saturatedMark(_ e: JSONValue?) -> String {
        guard e?["saturated"]?.bool == true else { return "" }
        return " — SATURATED at h = " + (e?["saturated_widths"]?.array ?? []).compactMap(\.int).map(String.init).joined(separator: ", ")
    }

    /// Rows for the headline table: what to quote, nothing else (at most eight rows).
    static func measurementRows(_ data: ReportData) -> [[String]] {
        let s = data.summary
        var rows: [[String]] = [
            ["D_pre (fixed window)", withSystematic(s[.dPre])],
            ["D_post (fixed window)", withSystematic(s[.dPost])],
        ]
        let curved = ReportVerdict.curvedPhases(s)
        if s["curvature"] != nil {
            rows.append([
                "width-range dependence",
                curved.isEmpty
                    ? "none resolved: ln S is straight in ln N before and after the onset"
                    : "ln S is curved in ln N (\(curved.map { $0 == "pre" ? "before" : "after" }.joined(separator: " and ")) the onset): D depends on the width range",
            ])
        }
        let c = s[.crossingTau], units = ReportWords.current.units
        rows.append([
            "crossing τ* (\(units)), the estimate to quote",
            c?["value"]?.double != nil
                ? "\(NumberFormat.estimate(c, digits: 0)) (windows of \(c?["resolution_epochs"]?.int ?? 0) \(units) every width takes part in)"
                : "not resolved",
        ])
        if let words = s[.dSynth]?[data.primary]?["versus_1"]?.string {
            rows.append(["Gaussian control: D_synth (\(data.primary)) against 1", words])
        }
        let laws = s["power_law"]?.array ?? []
        if !laws.isEmpty {
            let supported = laws.filter { $0["supported"]?.bool == true }.count
            rows.append([
                "power law per width", supported == 0 ? "no power-law regime at any width" : "supported at \(supported) of \(laws.count) widths",
            ])
        }
        return rows
    }

    /// Everything else the headline used to hold: pooled fits, the fine crossing, collapses,
    /// the Gini peak, windowed maxima, the topologies' spread, and every warning.
    static func diagnostics(_ data: ReportData) -> Table {
        let s = data.summary, units = ReportWords.current.units
        var rows: [[String]] = []
        for phase in ["pre", "post"] {
            if let words = s["curvature"]?[phase]?["words"]?.string { rows.append(["curvature of ln S (\(phase))", words]) }
        }
        rows += [
            ["D_pre, every τ < 0 pooled", NumberFormat.estimate(s[.dPreAll])],
            ["D_post, every τ ≥ 0 pooled", NumberFormat.estimate(s[.dPostAll])],
        ]
        if let f = s["crossing_tau_fine"], f["value"] != nil {
            rows.append([
                "crossing τ*, fine windows (\(units)): fewer widths per window, not the one to quote",
                "\(NumberFormat.estimate(f, digits: 0)) (windows of \(f["resolution_epochs"]?.int ?? 0) \(units))",
            ])
        }
        for phase in ["pre", "post", "pooled"] {
            guard let p = s["collapse"]?[phase], let verdict = p["verdict"]?.string else { continue }
            rows.append([
                "collapse (\(phase))",
                "\(verdict): S = \(NumberFormat.fixed(p["S"]?.double, 1)), D = \(NumberFormat.estimate(p["D"])), γ = \(NumberFormat.estimate(p["gamma"]))",
            ])
        }
        if let g = s["gini_peak"]?["overall"], let m = g["median"]?.double {
            let iqr = (g["iqr"]?.array ?? []).compactMap(\.double)
            rows.append([
                "Gini peak over pre-onset level",
                String(
                    format: "median %+.1f%% [IQR %+.1f%%, %+.1f%%], at τ ≈ %.0f", m * 100,
                    (iqr.first ?? .nan) * 100, (iqr.last ?? .nan) * 100, g["median_tau_peak"]?.double ?? .nan),
            ])
        }
        rows += [
            ["D_pre, windowed maximum", NumberFormat.estimate(s[.dPreSmax]) + saturatedMark(s[.dPreSmax])],
            ["D_post, windowed maximum", NumberFormat.estimate(s[.dPostSmax]) + saturatedMark(s[.dPostSmax])],
            ["D_synth CV across topologies", NumberFormat.fixed(s[.dSynthCV]?.double, 4)],
        ]
        for w in s["warnings"]?.array ?? [] { if let text = w.string { rows.append(["WARNING", text]) } }
        if let error = s["error"]?.string { rows.append(["error", error]) }
        return Table(id: "diagnostics", title: "Diagnostics and warnings (\(data.primary))", header: ["quantity", "value"], rows: rows)
    }

    static func robustness(_ data: ReportData) -> Table {
        let rows = (data.summary["robustness"]?.array ?? []).map { r -> [String] in
            [
                r["statistic"]?.string ?? "?", NumberFormat.estimate(r["D_pre"]) + saturatedMark(r["D_pre"]),
                NumberFormat.estimate(r["D_post"]) + saturatedMark(r["D_post"]), NumberFormat.estimate(r["D_synth"]),
            ]
        }
        return Table(
            id: "robustness", title: "Robustness (\(data.primary)): D under every statistic, fixed windows",
            header: ["statistic", "D_pre", "D_post", "D_synth"], rows: rows,
            note:
                "mean ⟨s⟩, logmean exp⟨ln s⟩, max (its bootstrap is biased low), extent (capped at N), moment_ratio ⟨s²⟩/⟨s⟩ (∝ N^D for γ < 2), median."
        )
    }

    static func systematics(_ data: ReportData) -> Table {
        var rows: [[String]] = []
        for phase in ["pre", "post", "control"] {
            for l in data.summary["local_slopes"]?[phase]?.array ?? [] {
                let ci = l.interval.map { "[\(NumberFormat.fixed($0.lo)), \(NumberFormat.fixed($0.hi))]" } ?? "n/a"
                rows.append([
                    phase, "\(l["width_lo"]?.int ?? 0)–\(l["width_hi"]?.int ?? 0)", "\(l["N_lo"]?.int ?? 0)–\(l["N_hi"]?.int ?? 0)",
                    NumberFormat.fixed(l["D"]?.double) + (l["saturated"]?.bool == true ? " (saturated)" : ""), ci,
                ])
            }
        }
        let curvature = ["pre", "post", "control"].compactMap { p in
            data.summary["curvature"]?[p].map { "\(p): \(NumberFormat.estimate($0))" }
        }.joined(separator: "; ")
        return Table(
            id: "systematics", title: "Width-range systematics (\(data.primary)): local slopes over adjacent widths",
            header: ["phase", "widths h", "N", "D", "95% interval"], rows: rows,
            note: "Quadratic coefficient of ln S in ln N — \(curvature). A pure power law has equal local slopes and zero curvature.")
    }

    static func collapse(_ data: ReportData) -> Table {
        let c = data.summary["collapse"]
        let rows = ["pre", "post", "pooled"].compactMap { phase -> [String]? in
            guard let p = c?[phase] else { return nil }
            let w = (p["window"]?.array ?? []).compactMap(\.int)
            return [
                phase, w.count == 2 ? "[\(w[0]), \(w[1]))" : "every snapshot", NumberFormat.estimate(p["D"]), NumberFormat.estimate(p["gamma"]),
                NumberFormat.fixed(p["r2"]?.double), NumberFormat.fixed(p["S"]?.double, 2), p["verdict"]?.string ?? "n/a",
            ]
        }
        return Table(
            id: "collapse", title: "Data collapse P(s|N) = s^−γ G(s/N^D) per phase (\(data.primary))",
            header: ["phase", "τ window", "D", "γ", "R²", "S (Houdayer–Hartmann)", "verdict"], rows: rows,
            note: (c?["caption"]?.string ?? "")
                + ". S ≈ 1: the curves agree within Poisson errors; above \(NumberFormat.fixed(c?["S_limit"]?.double, 1)) the data do not collapse and D, γ describe nothing."
        )
    }

    static func saturation(_ data: ReportData) -> Table {
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "n/a" }
        let limit = data.summary["saturation_limit"]?.double
        let rows = (data.summary["saturation"]?.array ?? []).map { w -> [String] in
            ["\(w["width"]?.int ?? 0)", "\(w["N"]?.int ?? 0)", pct(w["pre"]?.double), pct(w["post"]?.double), pct(w["control"]?.double)]
        }
        return Table(
            id: "saturation", title: "Saturation (\(data.primary)): share of cascades with extent = N",
            header: ["width", "N", "pre window", "post window", "control"], rows: rows,
            note:
                "Above \(pct(limit)) a width is flagged saturated wherever its statistics are shown: every node toppled, so S measures the system size, not the gradients."
        )
    }

    static func powerLaw(_ data: ReportData) -> Table {
        let rows = (data.summary["power_law"]?.array ?? []).map { p -> [String] in
            let vuong = p["vuong"]
            return [
                "\(p["width"]?.int ?? 0)", "\(p["N"]?.int ?? 0)", p["supported"]?.bool == true ? NumberFormat.fixed(p["alpha"]?.double, 2) : "—",
                NumberFormat.fixed(p["x_min"]?.double, 0), NumberFormat.fixed(p["tail_decades"]?.double, 2),
                NumberFormat.fixed(p["gof_p"]?.double, 2),
                "R = \(NumberFormat.fixed(vuong?["lognormal"]?["R"]?.double, 2)), p = \(NumberFormat.fixed(vuong?["lognormal"]?["p"]?.double, 2))",
                "R = \(NumberFormat.fixed(vuong?["exponential"]?["R"]?.double, 2)), p = \(NumberFormat.fixed(vuong?["exponential"]?["p"]?.double, 2))",
                p["verdict"]?.string ?? "",
            ]
        }
        return Table(
            id: "power-law", title: "Power-law fits per width (\(data.primary), Clauset–Shalizi–Newman)",
            header: ["width", "N", "α", "x_min", "tail (decades)", "gof p", "Vuong vs lognormal", "Vuong vs exponential", "verdict"], rows: rows,
            note: "α is shown only where the tail spans ≥ 2 decades and the goodness-of-fit p ≥ 0.1. Vuong R > 0 favours the power law.")
    }
}
