import GrokConfig
import GrokReportModel

/// Bootstrap distributions as small multiples: one panel each for D_pre, D_post and every
/// topology's D_synth, on one shared D axis with the line D = 1, each histogram as a fraction of
/// its resamples and its value and interval in the panel's title. Overlaid on one axis, the
/// near-identical D_synth histograms smeared into one dark bar; side by side each stays legible.
enum BootstrapPlot {
    static let columns = 2
    static let panelWidth = 400.0, panelHeight = 250.0

    static func render(_ data: ReportData) -> String {
        let histograms = data.summary["bootstrap_histograms"]
        var entries: [(name: String, histogram: JSONValue, estimate: JSONValue?)] = []
        if let pre = histograms?["D_pre"] { entries.append(("D_pre (\(data.primary))", pre, data.summary[.dPre])) }
        if let post = histograms?["D_post"] { entries.append(("D_post (\(data.primary))", post, data.summary[.dPost])) }
        let synth = histograms?["D_synth"]?.pairs ?? []
        // The primary topology first, then the others in the report's order.
        for (name, h) in synth.filter({ $0.0 == data.primary }) + synth.filter({ $0.0 != data.primary }) {
            entries.append(("D_synth (\(name))", h, data.summary[.dSynth]?[name]))
        }
        let panels = entries.compactMap { e -> (String, [Double], [Double], JSONValue?)? in
            let edges = (e.histogram["edges"]?.array ?? []).compactMap(\.double)
            let counts = (e.histogram["counts"]?.array ?? []).compactMap(\.int)
            let total = Double(counts.reduce(0, +))
            guard edges.count == counts.count + 1, total > 0 else { return nil }
            return (e.name, edges, counts.map { Double($0) / total }, e.estimate)
        }
        let title = "Bootstrap distributions (resamples over seeds)"
        guard !panels.isEmpty else {
            var plot = Plot(id: "bootstrap", title: title, x: Axis(label: "D (dimensionless)"), y: Axis(label: "fraction of resamples"))
            plot.notes = ["no bootstrap histograms", "in this report"]
            plot.autoscale(xIncluding: [1])
            return plot.svg()
        }
        // One D axis for every panel, so that the distributions compare at a glance.
        var shared = Axis(label: "D (dimensionless)")
        shared.fit(panels.flatMap(\.1), including: [1])
        let rows = (panels.count + columns - 1) / columns
        let width = Double(columns) * panelWidth, height = Double(rows) * panelHeight
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" \
            font-family="sans-serif" font-size="12" id="bootstrap">
            <title>\(SVG.escape(title))</title>
            <rect x="0" y="0" width="\(Int(width))" height="\(Int(height))" fill="#ffffff"/>\n
            """
        for (i, (name, edges, heights, estimate)) in panels.enumerated() {
            var plot = Plot(id: "bootstrap-panel-\(i)", title: "\(name) \(compact(estimate))", x: shared, y: Axis(label: "fraction"))
            (plot.width, plot.height, plot.left, plot.right, plot.top, plot.bottom) = (panelWidth, panelHeight, 58, 14, 34, 46)
            plot.series = [
                .init(name: name, color: Palette.named(min(i, 2)), marks: [.bars(edges: edges, heights: heights)], inLegend: false),
                .init(name: "D = 1", color: Palette.reference, marks: [.vertical(x: 1)], inLegend: false),
            ]
            plot.y.fit(heights, including: [0])
            let (x, y) = (Double(i % columns) * panelWidth, Double(i / columns) * panelHeight)
            out += "<g id=\"bootstrap-\(i)\" transform=\"translate(\(SVG.f(x)),\(SVG.f(y)))\">\n" + plot.body() + "</g>\n"
        }
        return out + "</svg>\n"
    }

    /// "= 1.118 [1.073, 1.174]": short enough for a panel's title.
    static func compact(_ e: JSONValue?) -> String {
        guard let value = e?["value"]?.double, value.isFinite else { return "" }
        return "= \(NumberFormat.fixed(value))" + (e?.interval.map { " [\(NumberFormat.fixed($0.lo)), \(NumberFormat.fixed($0.hi))]" } ?? "")
    }
}
