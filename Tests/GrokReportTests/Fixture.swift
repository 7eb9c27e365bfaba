import Foundation
import GrokConfig
import GrokReport
import GrokReportModel
import GrokSweep
import GrokTestSupport

/// The small grid's report, computed once and written into a temporary folder by ReportFolder.
enum Fixture {
    static let config = TestGrids.small
    static let outcome = TestGrids.smallOutcome
    static let report = TestGrids.smallReport

    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-report-test-\(UUID().uuidString.prefix(8))")
        _ = try! ReportFolder.write(report, results: outcome.results, into: url)
        return url
    }()

    static func text(_ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        if name.hasSuffix(".gz") { return try Gunzip.text(contentsOf: url) }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The report's JSON as Foundation objects, read back from the file (what a reader sees).
    static func parsedJSON() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as! [String: Any]
    }
}

/// A minimal RFC 4180 reader: enough to prove the files parse as pandas would read them.
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, afterQuote = false
        for c in text {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.append(c) }
                continue
            }
            switch c {
            case "\"": if afterQuote { field.append("\"") }; quoted = true; afterQuote = false
            case ",": row.append(field); field = ""; afterQuote = false
            case "\n": row.append(field); rows.append(row); row = []; field = ""; afterQuote = false
            default: field.append(c); afterQuote = false
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
