import Foundation

/// A 2-D plot rendered to standalone SVG: a frame with ticks, labelled axes, a title, the
/// series and a legend beside the frame. Every series is a `<g class="series"
/// data-series="…">` so a reader (or a test) can find it by name. Text uses generic font
/// families only: nothing is fetched.
struct Plot {
    enum Mark {
        /// A polyline; `dash` like "6 4".
        case line(points: [(Double, Double)], width: Double = 1.6, dash: String? = nil, opacity: Double = 1)
        /// A filled band between `lower` and `upper` at the same x.
        case band(x: [Double], lower: [Double], upper: [Double], opacity: Double = 0.25)
        /// Dots, with optional vertical error bars (lo, hi).
        case points(points: [(Double, Double)], errors: [(Double, Double)]? = nil, radius: Double = 3.2)
        /// Open circles: values shown but not trusted as much (e.g. a D(τ) window missing widths).
        case hollowPoints(points: [(Double, Double)], radius: Double = 3.2)
        case horizontal(y: Double, dash: String? = "5 4")
        case vertical(x: Double, dash: String? = "5 4")
        /// Histogram bars on `edges` (count + 1 edges).
        case bars(edges: [Double], heights: [Double], opacity: Double = 0.45)
    }

    struct Series {
        var name: String
        var color: String
        var marks: [Mark]
        var inLegend = true
    }

    /// Unique within a document (several plots share one HTML page).
    var id: String
    var title: String
    var x: Axis
    var y: Axis
    var series: [Series] = []
    /// Lines of text under the legend (fitted values, notes).
    var notes: [String] = []

    /// The canvas and the frame's margins (the right one holds the legend); a small-multiples
    /// panel is smaller and has no legend.
    var width = 800.0, height = 440.0
    var left = 72.0, right = 250.0, top = 40.0, bottom = 58.0
    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    func px(_ v: Double) -> Double? { x.fraction(v).map { left + $0 * plotWidth } }
    func py(_ v: Double) -> Double? { y.fraction(v).map { top + (1 - $0) * plotHeight } }

    /// Every x and y value of the plot's data marks, for fitting the axes.
    var dataValues: (xs: [Double], ys: [Double]) {
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for m in s.marks {
                switch m {
                case .line(let p, _, _, _): xs += p.map(\.0); ys += p.map(\.1)
                case .band(let bx, let lower, let upper, _): xs += bx; ys += lower + upper
                case .points(let p, let errors, _): xs += p.map(\.0); ys += p.map(\.1) + (errors ?? []).flatMap { [$0.0, $0.1] }
                case .hollowPoints(let p, _): xs += p.map(\.0); ys += p.map(\.1)
                case .horizontal(let v, _): ys.append(v)
                case .vertical(let v, _): xs.append(v)
                case .bars(let edges, let heights, _): xs += edges; ys += heights + [0]
                }
            }
        }
        return (xs, ys)
    }

    /// Fits both axes to the data.
    mutating func autoscale(xIncluding: [Double] = [], yIncluding: [Double] = []) {
        let values = dataValues
        x.fit(values.xs, including: xIncluding)
        y.fit(values.ys, including: yIncluding)
    }

    func svg() -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
        viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12" id="\(id)">\n
        """ + body() + "</svg>\n"
    }

    /// The plot without its `<svg>` element: a panel of a larger figure (small multiples).
    func body() -> String {
        var out = "<title>\(SVG.escape(title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"\(SVG.f(left))\" y=\"24\" font-size=\"15\" font-weight=\"bold\">\(SVG.escape(title))</text>\n"
        out += frameAndTicks()
        out +=
            "<clipPath id=\"clip-\(id)\"><rect x=\"\(SVG.f(left))\" y=\"\(SVG.f(top))\" width=\"\(SVG.f(plotWidth))\" height=\"\(SVG.f(plotHeight))\"/></clipPath>\n"
        out += "<g clip-path=\"url(#clip-\(id))\">\n"
        for s in series { out += render(s) }
        out += "</g>\n"
        out += legend()
        return out
    }

    private func frameAndTicks() -> String {
        var out =
            "<rect x=\"\(SVG.f(left))\" y=\"\(SVG.f(top))\" width=\"\(SVG.f(plotWidth))\" height=\"\(SVG.f(plotHeight))\" fill=\"none\" stroke=\"#222222\"/>\n"
        let bottomY = top + plotHeight
        for t in x.ticks {
            guard let p = px(t) else { continue }
            out += "<line x1=\"\(SVG.f(p))\" y1=\"\(SVG.f(bottomY))\" x2=\"\(SVG.f(p))\" y2=\"\(SVG.f(bottomY + 5))\" stroke=\"#222222\"/>"
            out += "<text x=\"\(SVG.f(p))\" y=\"\(SVG.f(bottomY + 18))\" text-anchor=\"middle\">\(SVG.escape(NumberFormat.tick(t)))</text>\n"
        }
        for t in y.ticks {
            guard let p = py(t) else { continue }
            out += "<line x1=\"\(SVG.f(left - 5))\" y1=\"\(SVG.f(p))\" x2=\"\(SVG.f(left))\" y2=\"\(SVG.f(p))\" stroke=\"#222222\"/>"
            out += "<text x=\"\(SVG.f(left - 8))\" y=\"\(SVG.f(p + 4))\" text-anchor=\"end\">\(SVG.escape(NumberFormat.tick(t)))</text>\n"
        }
        out +=
            "<text class=\"x-label\" x=\"\(SVG.f(left + plotWidth / 2))\" y=\"\(SVG.f(height - 14))\" text-anchor=\"middle\" font-size=\"13\">\(SVG.escape(x.label))</text>\n"
        let cy = top + plotHeight / 2
        out +=
            "<text class=\"y-label\" x=\"18\" y=\"\(SVG.f(cy))\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 18 \(SVG.f(cy)))\">\(SVG.escape(y.label))</text>\n"
        return out
    }

    private func render(_ s: Series) -> String {
        var out = "<g class=\"series\" data-series=\"\(SVG.escape(s.name))\">\n"
        for m in s.marks {
            switch m {
            case .line(let points, let width, let dash, let opacity):
                let path = SVG.path(points.compactMap { p in px(p.0).flatMap { a in py(p.1).map { (a, $0) } } })
                guard !path.isEmpty else { continue }
                out +=
                    "<path d=\"\(path)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"\(SVG.f(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")\(opacity < 1 ? " stroke-opacity=\"\(SVG.f(opacity))\"" : "")/>\n"
            case .band(let bx, let lower, let upper, let opacity):
                var upperPoints: [(Double, Double)] = [], lowerPoints: [(Double, Double)] = []
                for i in bx.indices {
                    guard let a = px(bx[i]), let l = py(lower[i]), let u = py(upper[i]) else { continue }
                    upperPoints.append((a, u)); lowerPoints.append((a, l))
                }
                guard upperPoints.count >= 2 else { continue }
                out +=
                    "<path d=\"\(SVG.path(upperPoints + lowerPoints.reversed()))Z\" fill=\"\(s.color)\" fill-opacity=\"\(SVG.f(opacity))\" stroke=\"none\"/>\n"
            case .points(let points, let errors, let radius):
                for (i, p) in points.enumerated() {
                    guard let a = px(p.0), let b = py(p.1) else { continue }
                    if let e = errors?[i], let lo = py(e.0), let hi = py(e.1) {
                        out +=
                            "<line x1=\"\(SVG.f(a))\" y1=\"\(SVG.f(lo))\" x2=\"\(SVG.f(a))\" y2=\"\(SVG.f(hi))\" stroke=\"\(s.color)\" stroke-width=\"1.2\"/>"
                    }
                    out += "<circle cx=\"\(SVG.f(a))\" cy=\"\(SVG.f(b))\" r=\"\(SVG.f(radius))\" fill=\"\(s.color)\"/>\n"
                }
            case .hollowPoints(let points, let radius):
                for p in points {
                    guard let a = px(p.0), let b = py(p.1) else { continue }
                    out +=
                        "<circle cx=\"\(SVG.f(a))\" cy=\"\(SVG.f(b))\" r=\"\(SVG.f(radius))\" fill=\"#ffffff\" stroke=\"\(s.color)\" stroke-width=\"1.4\"/>\n"
                }
            case .horizontal(let v, let dash):
                guard let b = py(v) else { continue }
                out +=
                    "<line x1=\"\(SVG.f(left))\" y1=\"\(SVG.f(b))\" x2=\"\(SVG.f(left + plotWidth))\" y2=\"\(SVG.f(b))\" stroke=\"\(s.color)\" stroke-width=\"1.2\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>\n"
            case .vertical(let v, let dash):
                guard let a = px(v) else { continue }
                out +=
                    "<line x1=\"\(SVG.f(a))\" y1=\"\(SVG.f(top))\" x2=\"\(SVG.f(a))\" y2=\"\(SVG.f(top + plotHeight))\" stroke=\"\(s.color)\" stroke-width=\"1.2\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>\n"
            case .bars(let edges, let heights, let opacity):
                for i in heights.indices where heights[i] > 0 {
                    guard let a = px(edges[i]), let b = px(edges[i + 1]), let top = py(heights[i]), let base = py(max(y.lo, 0)) else { continue }
                    out +=
                        "<rect x=\"\(SVG.f(a))\" y=\"\(SVG.f(top))\" width=\"\(SVG.f(max(b - a, 1)))\" height=\"\(SVG.f(max(base - top, 0)))\" fill=\"\(s.color)\" fill-opacity=\"\(SVG.f(opacity))\" stroke=\"\(s.color)\" stroke-width=\"0.5\"/>\n"
                }
            }
        }
        return out + "</g>\n"
    }

    /// The legend's sample of a series drawn like its first mark: a line (solid, dashed or
    /// dotted as drawn), a translucent band, a filled or open circle, a bar.
    static func legendSymbol(_ s: Series, x: Double, y: Double) -> String {
        func line(_ dash: String?, width: Double = 1.6) -> String {
            "<line x1=\"\(SVG.f(x))\" y1=\"\(SVG.f(y - 3))\" x2=\"\(SVG.f(x + 14))\" y2=\"\(SVG.f(y - 3))\" stroke=\"\(s.color)\" stroke-width=\"\(SVG.f(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
        }
        let circle = "<circle cx=\"\(SVG.f(x + 7))\" cy=\"\(SVG.f(y - 3))\" r=\"3.2\""
        switch s.marks.first {
        case .line(_, let width, let dash, _)?: return line(dash, width: width)
        case .horizontal(_, let dash)?, .vertical(_, let dash)?: return line(dash, width: 1.2)
        case .band(_, _, _, let opacity)?:
            return "<rect x=\"\(SVG.f(x))\" y=\"\(SVG.f(y - 8))\" width=\"14\" height=\"10\" fill=\"\(s.color)\" fill-opacity=\"\(SVG.f(opacity))\"/>"
        case .points?: return circle + " fill=\"\(s.color)\"/>"
        case .hollowPoints?: return circle + " fill=\"#ffffff\" stroke=\"\(s.color)\" stroke-width=\"1.4\"/>"
        case .bars?, nil:
            return "<rect x=\"\(SVG.f(x))\" y=\"\(SVG.f(y - 8))\" width=\"14\" height=\"10\" fill=\"\(s.color)\" fill-opacity=\"\(SVG.f(0.45))\"/>"
        }
    }

    private func legend() -> String {
        let x0 = left + plotWidth + 14
        var yy = top + 8
        var out = "<g class=\"legend\">\n"
        for s in series where s.inLegend {
            out += Plot.legendSymbol(s, x: x0, y: yy)
            out += "<text x=\"\(SVG.f(x0 + 20))\" y=\"\(SVG.f(yy + 1))\">\(SVG.escape(s.name))</text>\n"
            yy += 17
        }
        yy += 8
        // An estimate's interval goes on its own line so the note fits beside the frame.
        let lines = notes.flatMap { note -> [String] in
            guard let cut = note.range(of: " [") else { return [note] }
            return [String(note[..<cut.lowerBound]), "    " + String(note[cut.lowerBound...]).trimmingCharacters(in: .whitespaces)]
        }
        for note in lines {
            out += "<text class=\"note\" x=\"\(SVG.f(x0))\" y=\"\(SVG.f(yy))\" font-size=\"11\">\(SVG.escape(note))</text>\n"
            yy += 15
        }
        return out + "</g>\n"
    }
}

/// SVG text helpers (escape is shared with the live status page, GrokStatus).
public enum SVG {
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Coordinates with two decimals: small files, same bytes every time.
    static func f(_ v: Double) -> String { String(format: "%.2f", v) }

    static func path(_ points: [(Double, Double)]) -> String {
        points.enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(f(p.0)),\(f(p.1))" }.joined(separator: " ")
    }
}
