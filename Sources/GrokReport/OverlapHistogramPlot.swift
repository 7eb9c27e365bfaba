import GrokConfig

/// The teacher's order-parameter histogram (report.json → `groups.sections[].overlap_histogram`):
/// per width, the share of neurons in each |Φ| bin at the first snapshot (dashed), at the end of
/// the budget (solid) and at the onset (dotted, grokked runs only), drawn as steps over the bins.
/// The open last bin is drawn a quarter wide. One figure per teacher group.
enum OverlapHistogramPlot {
    static func figures(_ data: ReportData) -> [Figure] {
        (data.report["groups"]?["sections"]?.array ?? []).compactMap { s in
            guard let h = s["overlap_histogram"], let group = s["group"]?.string else { return nil }
            return Figure(
                file: "overlap_histogram_\(group).svg",
                caption:
                    "Group \(group): histogram of the teacher overlap |Φᵢ| = |wᵢ·w*| over the neurons, mean over each width's runs: dashed at the first snapshot, solid at the end of the budget, dotted at the onset (grokked runs). The paper's mixed phase is weight near 0 and near 1 with little between; the last bin (≥ 1.25) is open.",
                svg: render(h, id: "overlap-\(group)", data: data))
        }
    }

    static func render(_ h: JSONValue, id: String, data: ReportData) -> String {
        var plot = Plot(id: id, title: "Order parameter |Φ| per neuron", x: Axis(label: "|Φ| = |w·w*|"), y: Axis(label: "share of neurons"))
        var edges = (h["edges"]?.array ?? []).compactMap(\.double)
        guard let last = edges.last else { return plot.svg() }
        edges.append(last + 0.25)
        let rows = h["rows"]?.array ?? []
        let lastEpoch = rows.compactMap { $0["epoch"]?.int }.max()
        var ys: [Double] = [0]
        for width in Set(rows.compactMap { $0["width"]?.int }).sorted() {
            let color = data.color(width: width)
            let mine = rows.filter { $0["width"]?.int == width }
            let styles: [(row: JSONValue?, dash: String?, label: String)] = [
                (mine.first { $0["at"]?.string == "epoch" && $0["epoch"]?.int == 0 }, "5 4", "start"),
                (mine.first { $0["at"]?.string == "epoch" && $0["epoch"]?.int == lastEpoch }, nil, "end"),
                (mine.first { $0["at"]?.string == "onset" }, "2 3", "onset"),
            ]
            for style in styles {
                guard let row = style.row, let values = row["shares"]?.array else { continue }
                let shares = values.compactMap(\.double)
                guard shares.count + 1 == edges.count else { continue }
                ys += shares
                plot.series.append(
                    .init(
                        name: "N = \(width), \(style.label)", color: color,
                        marks: [.line(points: steps(edges: edges, heights: shares), width: style.dash == nil ? 2 : 1.4, dash: style.dash)]))
            }
        }
        plot.x.fit(edges)
        plot.y.fit(ys)
        return plot.svg()
    }

    /// A histogram as a step line: up and across each bin.
    static func steps(edges: [Double], heights: [Double]) -> [(Double, Double)] {
        var points: [(Double, Double)] = [(edges[0], 0)]
        for (i, v) in heights.enumerated() { points += [(edges[i], v), (edges[i + 1], v)] }
        return points + [(edges[heights.count], 0)]
    }
}
