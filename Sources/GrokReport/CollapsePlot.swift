import Foundation

/// The data collapse: s^γ P(s|N) against s/N^D with the fitted (D, γ), one colour per width.
enum CollapsePlot {
    static func render(_ data: ReportData) -> String {
        let collapse = data.summary["collapse"]
        let d = collapse?["D"]?["value"]?.double ?? .nan
        let gamma = collapse?["gamma"]?["value"]?.double ?? .nan
        var plot = Plot(id: "collapse", title: "Data collapse of P(s|N) (\(data.primary), gradient)",
                        x: Axis(label: "s / N^D (avalanche size / parameters^D)", scale: .log10),
                        y: Axis(label: "s^γ P(s|N) (scaled probability)", scale: .log10))
        if d.isFinite && gamma.isFinite {
            for width in data.widths {
                guard let sizes = data.gradientSizes[width], !sizes.isEmpty else { continue }
                let n = Double(ReportData.parameterCount(width: width))
                let points = LogBinning.density(sizes).map { (s: $0.s / pow(n, d), p: pow($0.s, gamma) * $0.p) }
                plot.series.append(.init(name: "h = \(width) (N = \(Int(n)))", color: data.color(width: width),
                                         marks: [.line(points: points.map { ($0.s, $0.p) }), .points(points: points.map { ($0.s, $0.p) }, radius: 2.4)]))
            }
        }
        plot.notes = [
            "D = \(NumberFormat.estimate(collapse?["D"]))",
            "γ = \(NumberFormat.estimate(collapse?["gamma"]))",
            "R² = \(NumberFormat.fixed(collapse?["r2"]?.double, 4))",
        ]
        if !(d.isFinite && gamma.isFinite) { plot.notes.append("no collapse fit: nothing to draw") }
        plot.autoscale()
        return plot.svg()
    }
}
