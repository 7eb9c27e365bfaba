import GrokConfig
import GrokReportModel

/// Bootstrap distributions of D_pre, D_post and the primary topology's D_synth on one axis,
/// each as a fraction of its resamples, with the line D = 1. The other topologies' D_synth
/// distributions are nearly identical and overlaid they smear into one dark bar: they are
/// listed beside the plot (and in the per-topology table) instead.
enum BootstrapPlot {
    static func render(_ data: ReportData) -> String {
        var plot = Plot(
            id: "bootstrap", title: "Bootstrap distributions (resamples over seeds)",
            x: Axis(label: "D (dimensionless)"), y: Axis(label: "fraction of resamples"))
        let histograms = data.summary["bootstrap_histograms"]
        var entries: [(String, JSONValue)] = []
        if let pre = histograms?["D_pre"] { entries.append(("D_pre (\(data.primary))", pre)) }
        if let post = histograms?["D_post"] { entries.append(("D_post (\(data.primary))", post)) }
        var others: [String] = []
        for (name, h) in histograms?["D_synth"]?.pairs ?? [] {
            if name == data.primary { entries.append(("D_synth (\(name))", h)); continue }
            if let e = data.summary[.dSynth]?[name], let v = e["value"]?.double {
                others.append(
                    "D_synth (\(name)) = \(NumberFormat.fixed(v))"
                        + (e.interval.map { " [\(NumberFormat.fixed($0.lo)), \(NumberFormat.fixed($0.hi))]" } ?? ""))
            }
        }
        for (i, (name, h)) in entries.enumerated() {
            let edges = (h["edges"]?.array ?? []).compactMap(\.double)
            let counts = (h["counts"]?.array ?? []).compactMap(\.int)
            let total = Double(counts.reduce(0, +))
            guard edges.count == counts.count + 1, total > 0 else { continue }
            plot.series.append(.init(name: name, color: Palette.named(i), marks: [.bars(edges: edges, heights: counts.map { Double($0) / total })]))
        }
        plot.series.append(.init(name: "D = 1", color: Palette.reference, marks: [.vertical(x: 1)]))
        if entries.isEmpty { plot.notes = ["no bootstrap histograms", "in this report"] }
        if !others.isEmpty { plot.notes = ["other topologies:"] + others }
        plot.autoscale(xIncluding: [1])
        return plot.svg()
    }
}
