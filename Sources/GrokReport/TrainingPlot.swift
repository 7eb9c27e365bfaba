/// Accuracy, loss or the Gini coefficient of |θ| against τ, one line per grokked run,
/// coloured by width (ungrokked runs have no τ and are left out; the run table lists them).
enum TrainingPlot {
    enum Quantity: String, CaseIterable {
        case accuracy, loss, gini

        var label: String {
            switch self {
            case .accuracy: return ReportWords.current.accuracyAxis
            case .loss: return ReportWords.current.lossAxis
            case .gini: return "Gini coefficient of |θ| (weights, 0–1)"
            }
        }
        var title: String {
            switch self {
            case .accuracy: return "Accuracy around the onset"
            case .loss: return "Loss around the onset"
            case .gini: return "Weight concentration (Gini of |θ|) around the onset"
            }
        }
    }

    /// Lines drawn per width at most (the lowest seeds).
    static let maxRunsPerWidth = 50

    static func render(_ data: ReportData, _ quantity: Quantity) -> String {
        var plot = Plot(
            id: "training-\(quantity.rawValue)", title: quantity.title,
            x: Axis(label: ReportWords.current.tauAxis),
            y: Axis(label: quantity.label, scale: quantity == .loss ? .log10 : .linear))
        var shown = 0, ungrokked = 0, omitted = 0
        for width in data.widths {
            var marks: [Plot.Mark] = []
            var drawn = 0
            for run in data.headlineRecords where run.task.width == width {
                guard let onset = run.onsetEpoch else { ungrokked += 1; continue }
                // A thousand lines per width draw nothing readable and make the page megabytes.
                guard drawn < maxRunsPerWidth else { omitted += 1; continue }
                drawn += 1
                let values: [Double]
                switch quantity {
                case .accuracy: values = run.accuracy
                case .loss: values = run.loss
                case .gini: values = run.gini
                }
                let points = zip(run.snapshotEpochs, values).compactMap { e, v in v.isFinite ? (Double(e - onset), v) : nil }
                marks.append(.line(points: points, width: 1.1, opacity: 0.75))
                shown += 1
            }
            if !marks.isEmpty {
                plot.series.append(.init(name: "h = \(width)", color: data.color(width: width), marks: marks))
            }
        }
        plot.series.append(.init(name: "onset τ = 0", color: "#000000", marks: [.vertical(x: 0, dash: "2 3")]))
        plot.notes = ["\(shown) grokked runs", "\(ungrokked) ungrokked (not shown)"]
        if omitted > 0 { plot.notes.append("\(omitted) more grokked runs not drawn (first \(maxRunsPerWidth) seeds per width)") }
        plot.autoscale(xIncluding: [0])
        return plot.svg()
    }
}
