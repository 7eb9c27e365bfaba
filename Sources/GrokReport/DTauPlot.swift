/// D(τ) per window with its bootstrap band, the line D = 1, the onset τ = 0 and the crossing τ*.
enum DTauPlot {
    static func render(_ data: ReportData) -> String {
        let windows = data.summary["D_tau"]?.array ?? []
        var xs: [Double] = [], ds: [Double] = [], los: [Double] = [], his: [Double] = []
        var bandX: [Double] = [], bandLo: [Double] = [], bandHi: [Double] = []
        for w in windows {
            guard let a = w["tau_lo"]?.double, let b = w["tau_hi"]?.double else { continue }
            let centre = (a + b) / 2
            if let d = w["D"]?.double {
                xs.append(centre); ds.append(d)
                let ci = (w["ci95"]?.array ?? []).compactMap(\.double)
                los.append(ci.count == 2 ? ci[0] : d); his.append(ci.count == 2 ? ci[1] : d)
            }
            let ci = (w["ci95"]?.array ?? []).compactMap(\.double)
            if ci.count == 2 { bandX.append(centre); bandLo.append(ci[0]); bandHi.append(ci[1]) }
        }
        var plot = Plot(id: "d-tau", title: "Effective dimension D(τ) around the onset (\(data.primary))",
                        x: Axis(label: "τ = epoch − t_g (epochs)"), y: Axis(label: "D (S ∝ N^D, dimensionless)"))
        let color = Palette.named(0)
        plot.series.append(.init(name: "95% bootstrap band", color: color, marks: [.band(x: bandX, lower: bandLo, upper: bandHi)]))
        plot.series.append(.init(name: "D(τ) per window", color: color, marks: [.line(points: Array(zip(xs, ds))), .points(points: Array(zip(xs, ds)))]))
        plot.series.append(.init(name: "D = 1", color: Palette.reference, marks: [.horizontal(y: 1)]))
        plot.series.append(.init(name: "onset τ = 0", color: "#000000", marks: [.vertical(x: 0, dash: "2 3")]))
        let crossing = data.summary["crossing_tau"]?.double
        if let crossing {
            plot.series.append(.init(name: "crossing τ*", color: Palette.highlight, marks: [.vertical(x: crossing, dash: nil), .points(points: [(crossing, 1)], radius: 5)]))
        }
        plot.notes = [
            "τ* = \(NumberFormat.fixed(crossing, 0)) epochs",
            "D_pre = \(NumberFormat.estimate(data.summary["D_pre"]))",
            "D_post = \(NumberFormat.estimate(data.summary["D_post"]))",
        ]
        plot.autoscale(xIncluding: [0], yIncluding: [1])
        return plot.svg()
    }
}
