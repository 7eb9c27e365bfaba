import GrokConfig
import GrokReportModel
import GrokTasks

/// report.html (one self-contained file: inline SVG and CSS, no script, nothing fetched) and
/// report.md (the same content, its plots as SVG files in `plots/`).
public struct ReportDocument: Sendable {
    public let figures: [Figure]
    let tables: [Table]
    let title: String
    let banner: String?
    let facts: [String]
    /// The verdict in words (``ReportVerdict``), before every number.
    let verdict: [String]

    /// `results`: the task results the report was built from; the size distributions, the
    /// collapse and the training curves are drawn from them (report.json holds neither
    /// per-cascade rows nor per-snapshot series).
    public init(report: JSONValue, results: [TaskResult]) {
        self.init(report: report, rendering: RenderInput(results: results, selection: ReportData.plotSelection(report), topologies: []))
    }

    /// `rendering`: what a streamed report kept of its results (run records, size histograms).
    public init(report: JSONValue, rendering: RenderInput = .empty) {
        let data = ReportData(report, rendering: rendering)
        (figures, tables, verdict) = ReportWords.$current.withValue(ReportWords.of(report)) {
            (ReportFigures.all(data), ReportTables.all(data), ReportVerdict.sentences(data))
        }
        let hash = report["provenance"]?["configuration_hash"]?.string ?? ""
        title = "grokscale report"
        let completeness = report["completeness"]
        let total = completeness?["tasks_total"]?.int ?? 0, done = completeness?["tasks_done"]?.int ?? 0
        let failed = completeness?["tasks_failed"]?.array.count ?? 0, missing = completeness?["tasks_missing"]?.array.count ?? 0
        if failed + missing > 0 {
            banner =
                "Incomplete sweep: \(done) of \(total) tasks done, \(failed) failed, \(missing) missing (pending). Numbers and plots use the \(done) done tasks only; the run table names the others."
        } else {
            banner = nil
        }
        var facts = [
            "configuration \(hash.prefix(12))",
            "widths \(data.widths.map(String.init).joined(separator: ", "))",
            "primary topology \(data.primary)",
            "grokscale \(report["provenance"]?["grokscale_version"]?.string ?? "?")"
                + (report["provenance"]?["git_commit"]?.string.map { " (\($0.prefix(12)))" } ?? ""),
        ]
        // Only when set (float64, the default, is absent from the configuration block).
        if let precision = report["config"]?["training"]?["precision"]?.string {
            facts.insert("dense layers in \(precision)", at: 3)
        }
        self.facts = facts
    }

    static let style = """
        body { font-family: sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em; color: #222; }
        figure { margin: 1.5em 0; } figcaption { font-size: 0.9em; color: #444; max-width: 760px; }
        svg { max-width: 100%; height: auto; }
        table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
        th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; }
        th { background: #eee; } .banner { background: #fff3cd; border: 1px solid #d5a600; padding: 0.6em 1em; }
        .note { font-size: 0.9em; color: #444; } code { font-family: monospace; }
        """

    /// The sections in order: the verdict, the headline, the plots, then every table.
    var contents: [(id: String, title: String)] {
        [("verdict", "Verdict"), (tables[0].id, "Headline"), ("plots", "Plots")] + tables.dropFirst().map { ($0.id, $0.title) }
    }

    public func html() -> String {
        var out =
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(HTML.escape(title))</title>\n<style>\n\(ReportDocument.style)\n</style>\n</head>\n<body>\n"
        out += "<h1>\(HTML.escape(title))</h1>\n<p>\(HTML.escape(facts.joined(separator: " · ")))</p>\n"
        if let banner { out += "<p class=\"banner\">\(HTML.escape(banner))</p>\n" }
        out += "<section id=\"verdict\">\n<h2>Verdict</h2>\n<ul>\n" + verdict.map { "<li>\(HTML.escape($0))</li>\n" }.joined() + "</ul>\n</section>\n"
        out += "<nav id=\"contents\">\n<h2>Contents</h2>\n<ol>\n"
        out += contents.map { "<li><a href=\"#\($0.id)\">\(HTML.escape($0.title))</a></li>\n" }.joined() + "</ol>\n</nav>\n"
        out += tables[0].html()
        out += "<h2 id=\"plots\">Plots</h2>\n"
        for figure in figures {
            out += "<figure>\n\(figure.svg)<figcaption>\(HTML.escape(figure.caption))</figcaption>\n</figure>\n"
        }
        out += "<h2 id=\"tables\">Tables</h2>\n"
        for table in tables.dropFirst() { out += table.html() }
        out +=
            "<p class=\"note\">Data: report.json (configuration, provenance, runs, the analysis), avalanches.csv.gz (one row per cascade, gzip-compressed CSV), runs.csv (one row per run and snapshot), timing.csv (grokking-time statistics per width).</p>\n"
        return out + "</body>\n</html>\n"
    }

    public func markdown(plotsFolder: String = "plots") -> String {
        var out = "# \(title)\n\n\(facts.joined(separator: " · "))\n\n"
        if let banner { out += "> **\(banner)**\n\n" }
        out += "## Verdict\n\n" + verdict.map { "- \($0)\n" }.joined() + "\n"
        out += "## Contents\n\n" + contents.enumerated().map { "\($0.offset + 1). \($0.element.title)\n" }.joined() + "\n"
        out += tables[0].markdown()
        out += "## Plots\n\n"
        for figure in figures {
            out += "![\(figure.caption)](\(plotsFolder)/\(figure.file))\n\n\(figure.caption)\n\n"
        }
        out += "## Tables\n\n"
        for table in tables.dropFirst() { out += table.markdown() }
        out +=
            "Data: `report.json` (configuration, provenance, runs, the analysis), `avalanches.csv.gz` (one row per cascade, gzip-compressed CSV), `runs.csv` (one row per run and snapshot), `timing.csv` (grokking-time statistics per width).\n"
        return out
    }
}
