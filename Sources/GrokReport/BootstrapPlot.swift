import GrokSweep

/// Bootstrap distributions of D_pre, D_post and D_synth (per topology) on one axis, each as a
/// fraction of its resamples, with the line D = 1.
enum BootstrapPlot {
    static func render(_ data: ReportData) -> String {
        var plot = Plot(id: "bootstrap", title: "Bootstrap distributions (resamples over seeds)",
                        x: Axis(label: "D (dimensionless)"), y: Axis(label: "fraction of resamples"))
        let histograms = data.summary["bootstrap_histograms"]
        var entries: [(String, JSONValue)] = []
        if let pre = histograms?["D_pre"] { entries.append(("D_pre (\(data.primary))", pre)) }
        if let post = histograms?["D_post"] { entries.append(("D_post (\(data.primary))", post)) }
        for (name, h) in histograms?["D_synth"]?.pairs ?? [] { entries.append(("D_synth (\(name))", h)) }
        for (i, (name, h)) in entries.enumerated() {
            let edges = (h["edges"]?.array ?? []).compactMap(\.double)
            let counts = (h["counts"]?.array ?? []).compactMap(\.int)
            let total = Double(counts.reduce(0, +))
            guard edges.count == counts.count + 1, total > 0 else { continue }
            plot.series.append(.init(name: name, color: Palette.named(i), marks: [.bars(edges: edges, heights: counts.map { Double($0) / total })]))
        }
        plot.series.append(.init(name: "D = 1", color: Palette.reference, marks: [.vertical(x: 1)]))
        if entries.isEmpty { plot.notes = ["no bootstrap histograms", "in this report"] }
        plot.autoscale(xIncluding: [1])
        return plot.svg()
    }
}
