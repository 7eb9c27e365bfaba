import Foundation
import GrokConfig
import GrokReport
import Testing

/// The report opens with a verdict in words, computed from its own numbers: both uncertainties,
/// the comparison with 1, the change across the onset, the width dependence, the crossing to
/// quote, the control; and "not estimated" where the data support no fit.
@Suite("The report's verdict")
struct ReportVerdictTests {
    @Test("the default-shaped grid's report leads with a verdict built from its own estimates, in HTML and Markdown")
    func verdictFromTheReport() throws {
        let report = Fixture.report
        let document = ReportDocument(report: report, results: Fixture.outcome.results)
        let html = document.html(), md = document.markdown()
        let verdict = try #require(html.range(of: "<section id=\"verdict\">"))
        let headline = try #require(html.range(of: "id=\"headline\""))
        #expect(verdict.lowerBound < headline.lowerBound, "the verdict comes before the headline table")
        let mdVerdict = try #require(md.range(of: "## Verdict"))
        #expect(mdVerdict.lowerBound < md.range(of: "### Headline")!.lowerBound)
        let summary = try #require(report["summary"])
        // Every D the verdict states is the summary's own value, with its stat and width-range parts.
        for key in ["D_pre", "D_post"] {
            if let value = summary[key]?["value"], case .double(let v) = value {
                #expect(md.contains("= \(NumberFormat.fixed(v)) ± "), "\(key)")
            } else {
                #expect(md.contains("not estimated"), "\(key)")
            }
        }
        #expect(md.contains("Gaussian control") && md.contains("crosses 1") || md.contains("No crossing of D = 1"))
    }

    @Test(
        "the headline table holds at most eight rows; pooled fits, the fine crossing, collapses and warnings are diagnostics; the contents link every section"
    )
    func headlineAndContents() throws {
        let html = ReportDocument(report: Fixture.report, results: Fixture.outcome.results).html()
        let start = try #require(html.range(of: "<h3 id=\"headline\""))
        let end = try #require(html.range(of: "</table>", range: start.upperBound..<html.endIndex))
        let headline = html[start.lowerBound..<end.lowerBound]
        let rows = headline.components(separatedBy: "<tr>").count - 2  // minus the part before and the header
        #expect(rows >= 3 && rows <= 8, "\(rows) rows")
        #expect(!headline.contains("WARNING") && !headline.contains("pooled") && !headline.contains("fine windows"))
        #expect(html.contains("<h3 id=\"diagnostics\""))
        for id in ["verdict", "headline", "plots", "diagnostics", "leave-one-out"] {
            #expect(html.contains("<a href=\"#\(id)\">"), "\(id)")
        }
    }

    @Test("a summary without estimates says they are not estimated; no number is invented")
    func unsupported() {
        let report = JSONValue.object([
            ("config", .object([("primary_topology", .string("ba")), ("widths", .array([.int(20), .int(30), .int(50)]))])),
            (
                "summary",
                .object([
                    ("runs", .int(6)), ("grokked_runs", .int(0)), ("D_pre", .null), ("D_post", .null), ("crossing_tau", .object([("value", .null)])),
                ])
            ),
        ])
        let md = ReportDocument(report: report).markdown()
        #expect(md.contains("6 runs, 0 grokked"))
        #expect(md.contains("D before the onset: not estimated") && md.contains("D after the onset: not estimated"), "\(md.prefix(800))")
        #expect(md.contains("No crossing of D = 1 is resolved"))
        #expect(!md.contains("D does not change") && !md.contains("across the onset by"))
    }
}

@Suite("Estimates the data do not constrain")
struct UnconstrainedEstimateTests {
    @Test("a giant spread and a spread without a value are 'unconstrained', never a number with a giant ±")
    func unconstrained() {
        let giant = JSONValue.object([("value", .double(0.434)), ("std", .double(28279.758)), ("ci95", .array([.double(-5e4), .double(6e4)]))])
        let text = NumberFormat.estimate(giant)
        #expect(text.contains("unconstrained") && !text.contains("28279"), "\(text)")
        let noValue = JSONValue.object([("value", .null), ("std", .double(47)), ("ci95", .array([.double(-196), .double(-61)]))])
        #expect(NumberFormat.estimate(noValue) == "unconstrained (no value; resamples spread)")
        let fine = JSONValue.object([("value", .double(0.969)), ("std", .double(0.014)), ("ci95", .array([.double(0.941), .double(0.995)]))])
        #expect(NumberFormat.estimate(fine) == "0.969 ± 0.014 [0.941, 0.995]")
    }
}

/// A float32 report says so where a reader looks first; a default (float64) report says nothing.
@Suite("The report header names the dense layers' precision")
struct ReportPrecisionFactTests {
    static func setting(_ value: JSONValue, path: ArraySlice<String>, to new: JSONValue) -> JSONValue {
        guard let key = path.first else { return new }
        guard case .object(var pairs) = value else { return value }
        if let i = pairs.firstIndex(where: { $0.0 == key }) {
            pairs[i].1 = setting(pairs[i].1, path: path.dropFirst(), to: new)
        } else {
            pairs.append((key, setting(.object([]), path: path.dropFirst(), to: new)))
        }
        return .object(pairs)
    }

    @Test("float32 in the configuration puts 'dense layers in float32' in the header of report.md and report.html")
    func float32Header() {
        #expect(!ReportDocument(report: Fixture.report).markdown().contains("dense layers in"))
        let float32 = Self.setting(Fixture.report, path: ["config", "training", "precision"], to: .string("float32"))
        let document = ReportDocument(report: float32)
        #expect(document.markdown().contains("dense layers in float32"))
        #expect(document.html().contains("dense layers in float32"))
    }
}
