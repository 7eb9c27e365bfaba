import Foundation

/// S(N) before and after the onset on log–log axes, with lines of the fitted slopes D_pre and
/// D_post (the line passes through the points' centre of mass in log space).
enum SizeScalingPlot {
    static func render(_ data: ReportData) -> String {
        let statistic = data.summary["statistic"]?.string ?? "mean"
        var plot = Plot(
            id: "s-of-n", title: "Cascade size against network size (\(data.primary))",
            x: Axis(label: "N (parameters)", scale: .log10),
            y: Axis(label: "S (\(statistic) avalanche size, topplings)", scale: .log10))
        let rows = data.summary["per_width"]?.array ?? []
        // The points are the fixed windows' sizes (the ones D_pre and D_post are fitted to): the
        // legend names those windows, not every τ of a phase.
        func label(_ key: String, _ phase: String) -> String {
            let w = (data.summary[key]?["window"]?.array ?? []).compactMap(\.int)
            return w.count == 2 ? "\(phase), τ ∈ [\(w[0]), \(w[1]))" : phase
        }
        for (k, (key, slopeKey, label)) in [
            ("S_pre", "D_pre", label("D_pre", "D_pre window")), ("S_post", "D_post", label("D_post", "D_post window")),
        ].enumerated() {
            let points = rows.compactMap { r -> (Double, Double)? in
                guard let n = r["N"]?.double, let s = r[key]?.double, s > 0 else { return nil }
                return (n, s)
            }
            var marks: [Plot.Mark] = [.points(points: points, radius: 4)]
            let slope = data.summary[slopeKey]?["value"]?.double
            if let slope, points.count >= 2 {
                let logs = points.map { (log10($0.0), log10($0.1)) }
                let intercept = logs.map { $0.1 - slope * $0.0 }.reduce(0, +) / Double(logs.count)
                let lo = logs.map(\.0).min()!, hi = logs.map(\.0).max()!
                marks.append(.line(points: [lo, hi].map { (pow(10, $0), pow(10, intercept + slope * $0)) }, dash: k == 0 ? "6 4" : nil))
            }
            plot.series.append(.init(name: label, color: Palette.named(k), marks: marks))
            plot.notes.append("\(slopeKey) = \(NumberFormat.estimate(data.summary[slopeKey]))")
        }
        plot.notes.append("lines: fitted slopes")
        plot.autoscale()
        return plot.svg()
    }
}
