import Foundation

/// S(N) before and after the onset on log–log axes, each point with its bootstrap interval over
/// seeds, with lines of the fitted slopes D_pre and D_post (through the points' centre of mass in
/// log space) and, thin and dotted, the local slopes over adjacent widths: where they bend away
/// from the global line, one D does not describe every N.
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
            let withBars = rows.compactMap { r -> (point: (Double, Double), bar: (Double, Double)?)? in
                guard let n = r["N"]?.double, let s = r[key]?.double, s > 0 else { return nil }
                let ci = (r.pairs.first { $0.0.hasPrefix("\(key)_ci") }?.1.array ?? []).compactMap(\.double)
                return ((n, s), ci.count == 2 && ci[0] > 0 ? (ci[0], ci[1]) : nil)
            }
            let points = withBars.map(\.point)
            // Error bars only when every point has one (the mark pairs them by index).
            let bars = withBars.allSatisfy { $0.bar != nil } ? withBars.map { $0.bar! } : nil
            var marks: [Plot.Mark] = [.points(points: points, errors: bars, radius: 4)]
            let phase = k == 0 ? "pre" : "post"
            for local in data.summary["local_slopes"]?[phase]?.array ?? [] {
                guard let lo = local["N_lo"]?.double, let hi = local["N_hi"]?.double, let d = local["D"]?.double,
                    let line = fittedLine(slope: d, through: points.filter { $0.0 >= lo && $0.0 <= hi })
                else { continue }
                marks.append(.line(points: line, width: 1, dash: "1 3", opacity: 0.8))
            }
            if let slope = data.summary[slopeKey]?["value"]?.double, let line = fittedLine(slope: slope, through: points) {
                marks.append(.line(points: line, dash: k == 0 ? "6 4" : nil))
            }
            plot.series.append(.init(name: label, color: Palette.named(k), marks: marks))
            plot.notes.append("\(slopeKey) = \(NumberFormat.estimate(data.summary[slopeKey]))")
        }
        plot.notes += [
            "bars: bootstrap interval", "  over seeds", "lines: fitted slopes", "dotted: local slopes over",
            "  \(data.report["config"]?["analysis"]?["local_slope_widths"]?.int ?? 4) adjacent widths",
        ]
        plot.autoscale()
        return plot.svg()
    }

    /// The line of `slope` on log–log axes through the points' centre of mass in log space,
    /// from the smallest to the largest N of the points; nil for fewer than two points.
    static func fittedLine(slope: Double, through points: [(Double, Double)]) -> [(Double, Double)]? {
        guard points.count >= 2 else { return nil }
        let logs = points.map { (log10($0.0), log10($0.1)) }
        let intercept = logs.map { $0.1 - slope * $0.0 }.reduce(0, +) / Double(logs.count)
        let lo = logs.map(\.0).min()!, hi = logs.map(\.0).max()!
        return [lo, hi].map { (pow(10, $0), pow(10, intercept + slope * $0)) }
    }
}
