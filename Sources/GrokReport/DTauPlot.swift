/// D(τ) per window with its bootstrap band, the line D = 1, the onset τ = 0 and the crossing τ*
/// with its interval; shaded behind: the fixed windows of D_pre and D_post and the Gaussian
/// control's 95% band (the probe's own null, which is not exactly 1). Only covered windows
/// (every width present with enough runs) are joined and banded; the others are open circles,
/// and saturated windows are marked.
enum DTauPlot {
    static func render(_ data: ReportData) -> String {
        let windows = data.summary["D_tau"]?.array ?? []
        var segments: [[(Double, Double)]] = [[]]
        var covered: [(Double, Double)] = [], hollow: [(Double, Double)] = []
        var bandX: [Double] = [], bandLo: [Double] = [], bandHi: [Double] = []
        var lastHi: Double?
        var saturated: [(Double, Double)] = []
        var xs: [Double] = [0], ys: [Double] = [1]
        for w in windows {
            guard let a = w["tau_lo"]?.double, let b = w["tau_hi"]?.double, let d = w["D"]?.double else { continue }
            let centre = (a + b) / 2
            xs += [a, b]
            ys += [d] + (w["ci95"]?.array ?? []).compactMap(\.double)
            if w["saturated"]?.bool == true { saturated.append((centre, d)) }
            // A window without "covered" (older reports) counts as covered.
            guard w["covered"]?.bool ?? true else { hollow.append((centre, d)); segments.append([]); continue }
            if lastHi != a { segments.append([]) }
            segments[segments.count - 1].append((centre, d))
            covered.append((centre, d))
            lastHi = b
            let ci = (w["ci95"]?.array ?? []).compactMap(\.double)
            if ci.count == 2 { bandX.append(centre); bandLo.append(ci[0]); bandHi.append(ci[1]) }
        }
        var plot = Plot(
            id: "d-tau", title: "Effective dimension D(τ) around the onset (\(data.primary))",
            x: Axis(label: ReportWords.current.tauAxis), y: Axis(label: "D (S ∝ N^D, dimensionless)"))
        let color = Palette.named(0)
        let control = data.summary[.dSynth]?[data.primary]
        let controlCI = control?.interval
        if let ci = controlCI { ys += [ci.lo, ci.hi] }
        let (x0, x1) = (xs.min()!, xs.max()!), (y0, y1) = (ys.filter(\.isFinite).min() ?? 0.5, ys.filter(\.isFinite).max() ?? 1.5)
        let pad = max((y1 - y0) * 0.04, 0.01)
        // Shading first, so that everything else is drawn over it.
        for (key, name, shade) in [("D_pre", "D_pre window", "#9ecae1"), ("D_post", "D_post window", "#fdd0a2")] {
            let window = (data.summary[key]?["window"]?.array ?? []).compactMap(\.double)
            guard window.count == 2, data.summary[key]?["value"]?.double != nil else { continue }
            plot.series.append(
                .init(name: name, color: shade, marks: [.band(x: window, lower: [y0 - pad, y0 - pad], upper: [y1 + pad, y1 + pad], opacity: 0.35)]))
        }
        if let ci = controlCI, let v = control?["value"]?.double {
            plot.series.append(
                .init(
                    name: "Gaussian control, 95% band", color: Palette.reference,
                    marks: [
                        .band(x: [x0, x1], lower: [ci.lo, ci.lo], upper: [ci.hi, ci.hi], opacity: 0.3),
                        .line(points: [(x0, v), (x1, v)], width: 1.2, dash: "1 3"),
                    ]))
        }
        plot.series.append(.init(name: "95% bootstrap band", color: color, marks: [.band(x: bandX, lower: bandLo, upper: bandHi)]))
        let lines = segments.filter { $0.count >= 2 }.map { Plot.Mark.line(points: $0) }
        plot.series.append(.init(name: "D(τ) per window", color: color, marks: lines + [.points(points: covered)]))
        if !hollow.isEmpty {
            plot.series.append(.init(name: "D(τ), widths missing (not joined)", color: color, marks: [.hollowPoints(points: hollow)]))
        }
        plot.series.append(.init(name: "D = 1", color: Palette.reference, marks: [.horizontal(y: 1)]))
        plot.series.append(.init(name: "onset τ = 0", color: "#000000", marks: [.vertical(x: 0, dash: "2 3")]))
        let crossing = data.summary[.crossingTau]
        let tau = crossing?["value"]?.double ?? crossing?.double
        if let tau {
            if let ci = crossing?.interval {
                plot.series.append(
                    .init(
                        name: "τ* 95% interval", color: Palette.highlight, marks: [.line(points: [(ci.lo, 1), (ci.hi, 1)], width: 5, opacity: 0.45)]))
            }
            plot.series.append(
                .init(name: "crossing τ*", color: Palette.highlight, marks: [.vertical(x: tau, dash: nil), .points(points: [(tau, 1)], radius: 5)]))
        }
        if !saturated.isEmpty {
            plot.series.append(
                .init(name: "saturated window (extent = N)", color: Palette.highlight, marks: [.hollowPoints(points: saturated, radius: 6)]))
        }
        plot.notes =
            [
                "τ* = \(NumberFormat.estimate(crossing?["value"] != nil ? crossing : nil, digits: 0)) \(ReportWords.current.units)",
                "D_pre = \(NumberFormat.estimate(data.summary[.dPre]))",
                "D_post = \(NumberFormat.estimate(data.summary[.dPost]))",
            ] + (control?["value"]?.double != nil ? ["control D_synth = \(NumberFormat.estimate(control))"] : [])
        plot.autoscale(xIncluding: [0], yIncluding: [1])
        return plot.svg()
    }
}
