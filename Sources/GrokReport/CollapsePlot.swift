import Foundation

/// The data collapse of one phase: s^γ P(s|N) against s/N^D with that phase's fitted (D, γ), one
/// colour per width, and its verdict.
enum CollapsePlot {
    /// `phase`: "pre", "post" or "pooled".
    static func render(_ data: ReportData, phase: String = "pooled") -> String {
        let collapse = data.summary["collapse"]
        let fit = collapse?[phase] ?? collapse
        let d = fit?["D"]?["value"]?.double ?? .nan
        let gamma = fit?["gamma"]?["value"]?.double ?? .nan
        let sizes = phase == "pre" ? data.preSizes : phase == "post" ? data.postSizes : data.gradientSizes
        // The verdict in the title: a reader of the figure alone must not take curves that do not
        // lie on each other (a handful of points per width) for a collapse.
        let verdict = fit?["verdict"]?.string.map { ": \($0)" } ?? ""
        var plot = Plot(
            id: "collapse-\(phase)", title: "Data collapse of P(s|N), \(phase) (\(data.primary), gradient)\(verdict)",
            x: Axis(label: "s / N^D (avalanche size / parameters^D)", scale: .log10),
            y: Axis(label: "s^γ P(s|N) (scaled probability)", scale: .log10))
        if d.isFinite && gamma.isFinite {
            for width in data.widths {
                guard let list = sizes[width], !list.isEmpty, let count = data.parameterCount(width: width) else { continue }
                let n = Double(count)
                let points = LogBinning.density(histogram: list).map { (s: $0.s / pow(n, d), p: pow($0.s, gamma) * $0.p) }
                plot.series.append(
                    .init(
                        name: "h = \(width) (N = \(count))", color: data.color(width: width),
                        marks: [.line(points: points.map { ($0.s, $0.p) }), .points(points: points.map { ($0.s, $0.p) }, radius: 2.4)]))
            }
        }
        plot.notes = [
            "D = \(NumberFormat.estimate(fit?["D"]))",
            "γ = \(NumberFormat.estimate(fit?["gamma"]))",
            "R² = \(NumberFormat.fixed(fit?["r2"]?.double, 4)), S = \(NumberFormat.fixed(fit?["S"]?.double, 2))",
        ]
        if let verdict = fit?["verdict"]?.string { plot.notes.append(verdict.uppercased()) }
        if !(d.isFinite && gamma.isFinite) { plot.notes.append("no collapse fit: nothing to draw") }
        plot.autoscale()
        return plot.svg()
    }
}
