import Foundation

/// The empirical distribution of t_g per width: the fraction of a width's runs grokked by each
/// epoch (ungrokked runs stay in the denominator, so a curve ends at that width's p_grok), with
/// the Kaplan–Meier median marked. Drawn from report.json's `runs` and `timing`.
enum TimingPlot {
    static func render(_ data: ReportData) -> String {
        var plot = Plot(
            id: "timing-ecdf", title: "Grokking time t_g per width (empirical distribution)",
            x: Axis(label: ReportWords.current.unit, scale: .linear),
            y: Axis(label: "fraction of runs grokked by this \(ReportWords.current.unit)", scale: .linear))
        let timing = data.report["timing"]
        let censoredAt = Double(timing?["censored_at_epoch"]?.int ?? data.snapshotEpochs.last ?? 0)
        var onsets: [Int: [Int]] = [:], counts: [Int: Int] = [:]
        for run in data.headlineRuns {
            guard let w = run["width"]?.int else { continue }
            counts[w, default: 0] += 1
            if let t = run["t_g"]?.int { onsets[w, default: []].append(t) }
        }
        for width in data.widths {
            guard let n = counts[width], n > 0 else { continue }
            let sorted = (onsets[width] ?? []).sorted()
            // A step function: up by 1/n at each onset, flat to the last epoch.
            var points: [(Double, Double)] = [(0, 0)]
            var k = 0
            while k < sorted.count {
                var j = k
                while j < sorted.count && sorted[j] == sorted[k] { j += 1 }
                let t = Double(sorted[k])
                points.append((t, Double(k) / Double(n)))
                points.append((t, Double(j) / Double(n)))
                k = j
            }
            points.append((censoredAt, Double(sorted.count) / Double(n)))
            var marks: [Plot.Mark] = [.line(points: points, width: 1.4)]
            let row = timing?["per_width"]?.array.first { $0["width"]?.int == width }
            if let median = row?["t_g_km_median"]?.double { marks.append(.points(points: [(median, 0.5)], radius: 3)) }
            plot.series.append(.init(name: "h = \(width) (\(n) runs)", color: data.color(width: width), marks: marks))
        }
        plot.series.append(.init(name: "½ (median)", color: "#888888", marks: [.horizontal(y: 0.5, dash: "2 3")]))
        plot.notes.append("dots: Kaplan–Meier median")
        plot.notes.append("b in t_g ∝ h^-b: \(NumberFormat.estimate(timing?["b"]))")
        plot.autoscale(xIncluding: [0])
        return plot.svg()
    }
}
