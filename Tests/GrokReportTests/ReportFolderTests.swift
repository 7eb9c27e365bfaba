import Foundation
import FoundationXML
import GrokReport
import Testing

#if canImport(FoundationXML)
#endif

/// Collects the `data-series` names and element counts of an SVG while checking it parses.
final class SVGInspector: NSObject, XMLParserDelegate {
    var series: [String] = []
    var elements: [String: Int] = [:]
    var texts: [String] = []
    private var currentSeries: String?
    var marksPerSeries: [String: Int] = [:]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:])
    {
        elements[name, default: 0] += 1
        if let s = attributes["data-series"] { series.append(s); currentSeries = s }
        if let s = currentSeries, ["path", "circle", "line", "rect"].contains(name) { marksPerSeries[s, default: 0] += 1 }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "g" { currentSeries = nil }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }

    static func inspect(_ svg: String) -> (SVGInspector, Bool) {
        let inspector = SVGInspector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspector
        return (inspector, parser.parse())
    }
}

@Suite("Report folder: plots, documents and CSVs rendered from report.json")
struct ReportFolderTests {
    static let plots = [
        "d_tau", "collapse", "collapse_pre", "collapse_post", "s_of_n", "p_s_gradient", "p_s_control", "bootstrap", "accuracy", "loss", "gini",
        "timing_ecdf",
    ]

    @Test("every plot is an SVG file that parses as XML, with a title, both axis labels and a legend")
    func plotsParse() throws {
        for name in Self.plots {
            let svg = try Fixture.text("plots/\(name).svg")
            let (inspector, ok) = SVGInspector.inspect(svg)
            #expect(ok, "plots/\(name).svg does not parse as XML")
            #expect(svg.contains("class=\"x-label\"") && svg.contains("class=\"y-label\""), "\(name): axis labels")
            #expect(svg.contains("class=\"legend\""), "\(name): legend")
            #expect(!inspector.series.isEmpty, "\(name): no series")
        }
    }

    @Test("D(τ) has its band, the windows, the line D = 1, the onset and the crossing τ* at D = 1")
    func dTauSeries() throws {
        let (inspector, _) = SVGInspector.inspect(try Fixture.text("plots/d_tau.svg"))
        for name in ["95% bootstrap band", "D(τ) per window", "D = 1", "onset τ = 0", "crossing τ*"] {
            #expect(inspector.series.contains(name), "missing series \(name)")
            #expect((inspector.marksPerSeries[name] ?? 0) > 0, "series \(name) draws nothing")
        }
        // The control's band (the probe's own null) and the fixed windows are drawn behind D(τ).
        for name in ["Gaussian control, 95% band", "D_pre window", "D_post window"] {
            #expect((inspector.marksPerSeries[name] ?? 0) > 0, "series \(name) draws nothing")
        }
        let windows = Fixture.report["summary"]?["D_tau"].map { v -> Int in if case .array(let a) = v { return a.count } else { return 0 } } ?? 0
        // One dot per window with a finite D (plus the polyline).
        #expect((inspector.marksPerSeries["D(τ) per window"] ?? 0) >= windows / 2 + 1)
        let crossing = try #require(Fixture.report["summary"]?["crossing_tau"]?["value"])
        guard case .double(let tau) = crossing else { Issue.record("no crossing in the fixture: \(crossing)"); return }
        #expect(inspector.texts.joined().contains("τ* = \(String(format: "%.0f", tau)) ± "))
    }

    @Test("the collapse, P(s|N) and training plots draw one series per width, and name (D, γ)")
    func oneSeriesPerWidth() throws {
        for name in ["collapse", "p_s_gradient", "p_s_control"] {
            let (inspector, _) = SVGInspector.inspect(try Fixture.text("plots/\(name).svg"))
            #expect(inspector.series == ["h = 20 (N = 81)", "h = 30 (N = 121)", "h = 50 (N = 201)"], "\(name): \(inspector.series)")
            for s in inspector.series { #expect((inspector.marksPerSeries[s] ?? 0) >= 2, "\(name) \(s) draws too little") }
        }
        for name in ["accuracy", "loss", "gini"] {
            let (inspector, _) = SVGInspector.inspect(try Fixture.text("plots/\(name).svg"))
            #expect(Array(inspector.series.prefix(3)) == ["h = 20", "h = 30", "h = 50"], "\(name): \(inspector.series)")
        }
        let collapse = try Fixture.text("plots/collapse.svg")
        #expect(collapse.contains("D = ") && collapse.contains("γ = ") && collapse.contains(" ± "))
        // Small multiples: one panel per distribution (overlaid, the D_synth histograms smeared
        // into one bar), each with the line D = 1 and its value in the panel's title.
        let bootstrapSVG = try Fixture.text("plots/bootstrap.svg")
        let bootstrap = SVGInspector.inspect(bootstrapSVG).0
        #expect(bootstrap.series == ["D_pre (ba)", "D = 1", "D_post (ba)", "D = 1", "D_synth (ba)", "D = 1", "D_synth (ring)", "D = 1"])
        #expect(bootstrapSVG.contains("D_synth (ring) = ") && bootstrapSVG.contains("id=\"bootstrap-3\""))
        #expect(bootstrapSVG.components(separatedBy: "<svg").count == 2, "one SVG, its panels are groups")
    }

    @Test("report.html is self-contained: inline SVG, no script, nothing fetched from a URL")
    func htmlSelfContained() throws {
        let html = try Fixture.text("report.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == Self.plots.count)
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for forbidden in ["http://", "https://", "<script", "<link", "@import", "src=", "//fonts", "@font-face"] {
            #expect(!withoutNamespace.contains(forbidden), "report.html contains \(forbidden)")
        }
        #expect(!withoutNamespace.replacingOccurrences(of: "url(#", with: "").contains("url("))
        // Numbers carry their uncertainty.
        #expect(html.contains(" ± ") && html.contains("Leave-one-out") && html.contains("Runs: 6 of 6 tasks done"))
    }

    @Test("report.md links every plot file under plots/, and the files exist")
    func markdownLinks() throws {
        let md = try Fixture.text("report.md")
        for name in Self.plots {
            #expect(md.contains("(plots/\(name).svg)"))
            #expect(FileManager.default.fileExists(atPath: Fixture.folder.appendingPathComponent("plots/\(name).svg").path))
        }
    }

    @Test("rendering is a pure function: the same report renders the same bytes")
    func deterministic() throws {
        let a = ReportDocument(report: Fixture.report, results: Fixture.outcome.results)
        let b = ReportDocument(report: Fixture.report, results: Fixture.outcome.results)
        #expect(a.html() == b.html() && a.markdown() == b.markdown())
        #expect(try Fixture.text("report.html") == a.html())
    }
}
