/// Accuracy, loss or the Gini coefficient of |θ| against τ, one line per grokked run,
/// coloured by width (ungrokked runs have no τ and are left out; the run table lists them).
enum TrainingPlot {
    enum Quantity: String, CaseIterable {
        case accuracy, loss, gini

        var label: String {
            switch self {
            case .accuracy: return "training accuracy (fraction correct)"
            case .loss: return "training loss (mean binary cross-entropy, nats)"
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

    static func render(_ data: ReportData, _ quantity: Quantity) -> String {
        var plot = Plot(id: "training-\(quantity.rawValue)", title: quantity.title,
                        x: Axis(label: "τ = epoch − t_g (epochs)"),
                        y: Axis(label: quantity.label, scale: quantity == .loss ? .log10 : .linear))
        var shown = 0, ungrokked = 0
        for width in data.widths {
            var marks: [Plot.Mark] = []
            for run in data.runs where run["width"]?.int == width {
                guard let onset = run["t_g"]?.int else { ungrokked += 1; continue }
                let values = run[quantity.rawValue]?.array ?? []
                let points = zip(data.snapshotEpochs, values).compactMap { e, v in v.double.map { (Double(e - onset), $0) } }
                marks.append(.line(points: points, width: 1.1, opacity: 0.75))
                shown += 1
            }
            if !marks.isEmpty {
                plot.series.append(.init(name: "h = \(width)", color: data.color(width: width), marks: marks))
            }
        }
        plot.series.append(.init(name: "onset τ = 0", color: "#000000", marks: [.vertical(x: 0, dash: "2 3")]))
        plot.notes = ["\(shown) grokked runs", "\(ungrokked) ungrokked (not shown)"]
        plot.autoscale(xIncluding: [0])
        return plot.svg()
    }
}
