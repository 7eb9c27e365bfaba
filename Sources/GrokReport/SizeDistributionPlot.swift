/// Log-binned P(s|N) per width, for the gradient cascades or the Gaussian control.
enum SizeDistributionPlot {
    static func render(_ data: ReportData, control: Bool) -> String {
        let sizes = control ? data.controlSizes : data.gradientSizes
        var plot = Plot(id: control ? "p-s-control" : "p-s-gradient",
                        title: "P(s|N), \(control ? "Gaussian control" : "gradient fields") (\(data.primary))",
                        x: Axis(label: "avalanche size s (topplings)", scale: .log10),
                        y: Axis(label: "P(s|N) (per unit size)", scale: .log10))
        for width in data.widths {
            guard let s = sizes[width], !s.isEmpty else { continue }
            let points = LogBinning.density(s).map { ($0.s, $0.p) }
            plot.series.append(.init(name: "h = \(width) (N = \(ReportData.parameterCount(width: width)))", color: data.color(width: width),
                                     marks: [.line(points: points), .points(points: points, radius: 2.4)]))
        }
        let count = sizes.values.reduce(0) { $0 + $1.count }
        plot.notes = ["\(count) cascades, log bins", "(5 per decade)"]
        if count == 0 { plot.notes.append(control ? "no control cascades" : "no cascades") }
        plot.autoscale()
        return plot.svg()
    }
}
