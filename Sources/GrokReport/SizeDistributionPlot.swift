/// P(S ≥ s | N), the complementary CDF of the gradient cascade sizes per width (from
/// `per_width[].ccdf`), or of the Gaussian control's sizes (from the cascade rows).
enum SizeDistributionPlot {
    static func render(_ data: ReportData, control: Bool) -> String {
        var plot = Plot(
            id: control ? "p-s-control" : "p-s-gradient",
            title: "P(S ≥ s | N), \(control ? "Gaussian control" : "gradient fields") (\(data.primary))",
            x: Axis(label: "cascade size s (topplings)", scale: .log10),
            y: Axis(label: "P(S ≥ s | N) (complementary CDF)", scale: .log10))
        var count = 0
        for width in data.widths {
            let points: [(Double, Double)]
            if control {
                guard let histogram = data.controlSizes[width], !histogram.isEmpty else { continue }
                count += histogram.values.reduce(0, +)
                // CCDF over the sizes ≥ 1: P(S ≥ v) at each distinct v, from the counts.
                let sizes = histogram.keys.filter { $0 >= 1 }.sorted()
                let total = sizes.reduce(0) { $0 + histogram[$1]! }
                var out: [(Double, Double)] = []
                var below = 0
                for v in sizes {
                    out.append((Double(v), Double(total - below) / Double(total)))
                    below += histogram[v]!
                }
                points = out
            } else {
                guard let row = (data.summary["per_width"]?.array ?? []).first(where: { $0["width"]?.int == width }),
                    let ccdf = row["ccdf"]
                else { continue }
                let s = (ccdf["s"]?.array ?? []).compactMap(\.double), p = (ccdf["p"]?.array ?? []).compactMap(\.double)
                guard !s.isEmpty, s.count == p.count else { continue }
                points = Array(zip(s, p))
                count += 1
            }
            plot.series.append(
                .init(
                    name: "h = \(width) (\(data.parameterText(width: width)))", color: data.color(width: width),
                    marks: [.line(points: points), .points(points: points, radius: 1.4)]))
        }
        plot.notes = control ? ["\(count) cascades"] : ["every snapshot of every run"]
        if data.summary["collapse"]?["caption"]?.string?.hasPrefix("probe.mode = global") == true {
            plot.notes.append("one cascade per snapshot:")
            plot.notes.append("a distribution over training time")
        }
        if count == 0 { plot.notes.append(control ? "no control cascades" : "no cascades") }
        plot.autoscale()
        return plot.svg()
    }
}
