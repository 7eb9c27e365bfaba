/// D(step) of user runs (`fit`, `serve`): D at each training step over the sizes that have it,
/// with its bootstrap band and the line D = 1. Steps without a supported fit are gaps.
enum DStepPlot {
    static let caption =
        "D(step): the effective dimension at each recorded step, fitted over the model sizes that have a snapshot at that step, with its bootstrap 95% band; dashed grey: D = 1. Steps with fewer sizes than analysis.min_widths have no point."

    static func render(_ data: ReportData) -> String {
        var xs: [Double] = [], ds: [Double] = [], bandX: [Double] = [], bandLo: [Double] = [], bandHi: [Double] = []
        for p in data.summary["D_step"]?.array ?? [] {
            guard let step = p["step"]?.double, let d = p["D"]?.double else { continue }
            xs.append(step); ds.append(d)
            let ci = (p.pairs.first { $0.0.hasPrefix("ci") }?.1.array ?? []).compactMap(\.double)
            if ci.count == 2 { bandX.append(step); bandLo.append(ci[0]); bandHi.append(ci[1]) }
        }
        var plot = Plot(
            id: "d-step", title: "Effective dimension D(step) across model sizes (\(data.primary))",
            x: Axis(label: "training step"), y: Axis(label: "D (S ∝ N^D, dimensionless)"))
        let color = Palette.named(0)
        plot.series.append(.init(name: "95% bootstrap band", color: color, marks: [.band(x: bandX, lower: bandLo, upper: bandHi)]))
        plot.series.append(.init(name: "D(step)", color: color, marks: [.line(points: Array(zip(xs, ds))), .points(points: Array(zip(xs, ds)))]))
        plot.series.append(.init(name: "D = 1", color: Palette.reference, marks: [.horizontal(y: 1)]))
        plot.notes = ["\(xs.count) steps with a fit"]
        plot.autoscale(xIncluding: [], yIncluding: [1])
        return plot.svg()
    }
}
