/// D(τ) per window with its bootstrap band, the line D = 1, the onset τ = 0 and the crossing τ*.
/// Only covered windows (every width present with enough runs) are joined and banded; the
/// others are open circles.
enum DTauPlot {
    static func render(_ data: ReportData) -> String {
        let windows = data.summary["D_tau"]?.array ?? []
        var segments: [[(Double, Double)]] = [[]]
        var covered: [(Double, Double)] = [], hollow: [(Double, Double)] = []
        var bandX: [Double] = [], bandLo: [Double] = [], bandHi: [Double] = []
        var lastHi: Double?
        for w in windows {
            guard let a = w["tau_lo"]?.double, let b = w["tau_hi"]?.double, let d = w["D"]?.double else { continue }
            let centre = (a + b) / 2
            // A window without "covered" (older reports) counts as covered.
            guard w["covered"]?.bool ?? true else { hollow.append((centre, d)); segments.append([]); continue }
            if lastHi != a { segments.append([]) }
            segments[segments.count - 1].append((centre, d))
            covered.append((centre, d))
            lastHi = b
            let ci = (w["ci95"]?.array ?? []).compactMap(\.double)
            if ci.count == 2 { bandX.append(centre); bandLo.append(ci[0]); bandHi.append(ci[1]) }
        }
        var plot = Plot(id: "d-tau", title: "Effective dimension D(τ) around the onset (\(data.primary))",
                        x: Axis(label: ReportWords.current.tauAxis), y: Axis(label: "D (S ∝ N^D, dimensionless)"))
        let color = Palette.named(0)
        plot.series.append(.init(name: "95% bootstrap band", color: color, marks: [.band(x: bandX, lower: bandLo, upper: bandHi)]))
        let lines = segments.filter { $0.count >= 2 }.map { Plot.Mark.line(points: $0) }
        plot.series.append(.init(name: "D(τ) per window", color: color, marks: lines + [.points(points: covered)]))
        if !hollow.isEmpty {
            plot.series.append(.init(name: "D(τ), widths missing (not joined)", color: color, marks: [.hollowPoints(points: hollow)]))
        }
        plot.series.append(.init(name: "D = 1", color: Palette.reference, marks: [.horizontal(y: 1)]))
        plot.series.append(.init(name: "onset τ = 0", color: "#000000", marks: [.vertical(x: 0, dash: "2 3")]))
        let crossing = data.summary["crossing_tau"]
        let tau = crossing?["value"]?.double ?? crossing?.double
        if let tau {
            plot.series.append(.init(name: "crossing τ*", color: Palette.highlight, marks: [.vertical(x: tau, dash: nil), .points(points: [(tau, 1)], radius: 5)]))
        }
        plot.notes = [
            "τ* = \(NumberFormat.estimate(crossing?["value"] != nil ? crossing : nil, digits: 0)) \(ReportWords.current.units)",
            "D_pre = \(NumberFormat.estimate(data.summary["D_pre"]))",
            "D_post = \(NumberFormat.estimate(data.summary["D_post"]))",
        ]
        plot.autoscale(xIncluding: [0], yIncluding: [1])
        return plot.svg()
    }
}
