import GrokConfig
import GrokReportModel

/// The early-warning section (report.json `warning`, `summary.branching`): the "who warns first"
/// table and plots, the branching-ratio table, and their sentences for the verdict. Absent from
/// reports of sweeps that recorded neither.
enum WarningReport {
    static func tables(_ data: ReportData) -> [Table] {
        var out: [Table] = []
        if let w = data.report["warning"] {
            let ci = leadIntervalKey(w)
            let rows = (w["indicators"]?.array ?? []).map { i -> [String] in
                let interval = (i[ci]?.array ?? []).compactMap(\.double).filter(\.isFinite)
                let lead =
                    i["lead_median"]?.double.map { v in
                        "\(Int(v.rounded()))" + (interval.count == 2 ? " [\(Int(interval[0].rounded())), \(Int(interval[1].rounded()))]" : "")
                    } ?? "—"
                let ensemble = i["ensemble"]?["alarm_tau"]?.int.map { "τ = \($0)" } ?? "none"
                return [
                    i["name"]?.string ?? "?", percent(i["warned_share"]?.double), lead, NumberFormat.fixed(i["auroc"]?.double),
                    percent(i["false_alarm_share"]?.double), ensemble, i["unsupported"]?.string ?? "",
                ]
            }
            let dTau = w["D_tau"]?["alarm_tau"]?.int.map { "τ = \($0)" } ?? "none"
            out.append(
                Table(
                    id: "warning", title: "Who warns first: the change-point detector on every indicator (\(w["task"]?.string ?? ""))",
                    header: [
                        "indicator", "grokked runs warned", "median lead, epochs [95% interval]", "AUROC", "false alarms", "ensemble alarm",
                        "unsupported",
                    ],
                    rows: rows + [["D(τ) (ensemble only)", "—", "—", "—", "—", dTau, ""]],
                    note: (w["words"]?.string ?? "") + " Detector: " + (w["detector"]?.string ?? "")))
        }
        if let b = data.summary["branching"] {
            let rows = (b["per_width"]?.array ?? []).map { r -> [String] in
                [
                    "\(r["width"]?.int ?? 0)", "\(r["N"]?.int ?? 0)", NumberFormat.fixed(r["sigma_pre"]?.double),
                    NumberFormat.fixed(r["sigma_post"]?.double),
                    NumberFormat.fixed(r["sigma_all"]?.double), NumberFormat.fixed(r["sigma_control"]?.double),
                ]
            }
            out.append(
                Table(
                    id: "branching", title: "Branching ratio σ per width and phase (\(data.primary))",
                    header: ["width", "N", "σ pre", "σ post", "σ all snapshots", "σ Gaussian control"], rows: rows,
                    note: (b["words"]?.string ?? "") + " " + (b["definition"]?.string ?? "")))
        }
        return out
    }

    /// The key of the lead's interval ("lead_ci95" at the default confidence).
    static func leadIntervalKey(_ w: JSONValue) -> String {
        (w["indicators"]?.array.first?.pairs ?? []).first { $0.0.hasPrefix("lead_ci") }?.0 ?? "lead_ci95"
    }

    /// Nine distinguishable colours (the categorical palette without its black, which is D(τ)'s
    /// here, plus grey, brown and olive): every indicator of a report gets its own.
    static let colors = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f7f7f", "#8c564b", "#bcbd22"]
    static func color(_ i: Int) -> String { colors[i % colors.count] }

    static func percent(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "—" }
        return "\(Int((x * 100).rounded()))%"
    }

    static func sentences(_ data: ReportData) -> [String] {
        [data.report["warning"]?["words"]?.string, data.summary["branching"]?["words"]?.string].compactMap { $0 }
    }

    static func figures(_ data: ReportData) -> [Figure] {
        guard let w = data.report["warning"] else { return [] }
        return [
            Figure(
                file: "warning.svg",
                caption:
                    "Who warns first: each indicator's median lead t_g − t_cp over the grokked runs it warned (bar: 95% bootstrap interval) against its AUROC (grokked vs ungrokked runs); the threshold of each holds the false-positive rate on ungrokked runs at \(NumberFormat.fixed(w["fpr"]?.double, 2)). Dashed: AUROC 0.5 (no discrimination).",
                svg: leadPlot(w)),
            Figure(
                file: "indicators_tau.svg",
                caption:
                    "The indicators' onset-aligned ensemble means beside D(τ) (thick), on D(τ)'s windows, each rescaled to its own range (0: its lowest window, 1: its highest) so that their timing compares; dotted: the onset τ = 0.",
                svg: ensemblePlot(w, dTau: data.summary["D_tau"])),
        ]
    }

    static func leadPlot(_ w: JSONValue) -> String {
        var plot = Plot(
            id: "warning", title: "Who warns first", x: Axis(label: "AUROC (grokked vs ungrokked)"), y: Axis(label: "median lead (epochs)"))
        let ci = leadIntervalKey(w)
        var ys: [Double] = [0]
        for (k, i) in (w["indicators"]?.array ?? []).enumerated() {
            guard let auroc = i["auroc"]?.double, auroc.isFinite, let lead = i["lead_median"]?.double, lead.isFinite else { continue }
            let interval = (i[ci]?.array ?? []).compactMap(\.double)
            let error = interval.count == 2 && interval.allSatisfy(\.isFinite) ? [(interval[0], interval[1])] : nil
            ys += [lead] + (error.map { [$0[0].0, $0[0].1] } ?? [])
            plot.series.append(
                .init(name: i["name"]?.string ?? "?", color: color(k), marks: [.points(points: [(auroc, lead)], errors: error, radius: 4.5)]))
        }
        plot.series.append(.init(name: "AUROC 0.5", color: Palette.reference, marks: [.vertical(x: 0.5)], inLegend: false))
        if plot.series.count == 1 { plot.notes = ["no indicator warned", "at the set false-positive rate"] }
        plot.x.fit([0, 1])
        plot.y.fit(ys)
        return plot.svg()
    }

    static func ensemblePlot(_ w: JSONValue, dTau: JSONValue?) -> String {
        var plot = Plot(
            id: "indicators-tau", title: "Indicators and D(τ), onset-aligned", x: Axis(label: "τ (epochs)"), y: Axis(label: "rescaled to its range"))
        var curves: [(String, [(Double, Double)])] = []
        for s in w["series"]?.array ?? [] {
            let taus = (s["tau_lo"]?.array ?? []).compactMap(\.int)
            let values = s["mean"]?.array ?? []
            curves.append((s["name"]?.string ?? "?", zip(taus, values).compactMap { t, v in v.double.map { (Double(t), $0) } }))
        }
        let d = (dTau?.array ?? []).compactMap { x -> (Double, Double)? in
            guard x["covered"]?.bool != false, let lo = x["tau_lo"]?.int, let v = x["D"]?.double, v.isFinite else { return nil }
            return (Double(lo), v)
        }
        var all: [Double] = [0]
        var xs: [Double] = [0]
        for (k, (name, points)) in (curves + [("D(τ)", d)]).enumerated() {
            let z = rescaled(points)
            guard !z.isEmpty else { continue }
            all += z.map(\.1)
            xs += z.map(\.0)
            let isD = name == "D(τ)"
            plot.series.append(.init(name: name, color: isD ? "#000000" : color(k), marks: [.line(points: z, width: isD ? 2.6 : 1.4)]))
        }
        plot.series.append(.init(name: "onset", color: Palette.reference, marks: [.vertical(x: 0, dash: "2 3")], inLegend: false))
        plot.x.fit(xs)
        plot.y.fit(all)
        return plot.svg()
    }

    /// (v − min) / (max − min) per series; a flat series sits at 0. A z-score against the
    /// earliest windows let one series with a flat start (XOR's loss plateau) dwarf all others.
    static func rescaled(_ points: [(Double, Double)]) -> [(Double, Double)] {
        guard let lo = points.map(\.1).min(), let hi = points.map(\.1).max() else { return [] }
        let range = hi - lo
        return points.map { ($0.0, range > 0 ? ($0.1 - lo) / range : 0) }
    }
}
