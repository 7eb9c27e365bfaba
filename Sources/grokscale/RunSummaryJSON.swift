import Foundation
import GrokConfig
import GrokReportModel

/// `grokscale run --json`: what the run did and its headline numbers, one JSON object on
/// standard output (the progress and the human summary stay on standard error).
enum RunSummaryJSON {
    /// The summary quantities a script wants from a finished sweep (``ReportQuantity/headline``);
    /// the rest is in report.json.
    static let headlineKeys = ReportQuantity.headline.map(\.key)

    static func value(report: JSONValue, reportURL: URL, mode: String, workers: Int, seconds: Double) -> JSONValue {
        let completeness = report["completeness"]
        var summary: [(String, JSONValue)] = []
        if let s = report["summary"] {
            for key in headlineKeys { if let v = s[key] { summary.append((key, v)) } }
        }
        return .object([
            ("report", .string(reportURL.path)),
            ("folder", .string(reportURL.deletingLastPathComponent().path)),
            ("configuration_hash", report["provenance"]?["configuration_hash"] ?? .null),
            ("git_commit", report["provenance"]?["git_commit"] ?? .null),
            ("mode", .string(mode)),
            ("workers", .int(workers)),
            ("seconds", .number((seconds * 10).rounded() / 10)),
            ("tasks_total", completeness?["tasks_total"] ?? .null),
            ("tasks_done", completeness?["tasks_done"] ?? .null),
            ("tasks_failed", completeness?["tasks_failed"] ?? .array([])),
            // One seed per width: the bootstrap over seeds cannot give an interval (std 0 is not a precision).
            ("intervals", .string(ReportHeadline.singleSeed(report) ? "none: one seed per width" : "bootstrap over seeds")),
            ("summary", .object(summary)),
        ])
    }
}
