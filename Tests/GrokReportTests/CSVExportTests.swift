import Foundation
import GrokReport
import GrokTasks
import Testing

@Suite("CSV exports: tidy, and agreeing with report.json")
struct CSVExportTests {
    @Test("avalanches.csv.gz and runs.csv: a header, the same number of cells in every row, one row per observation")
    func shape() throws {
        let json = try Fixture.parsedJSON()
        let avalanches = CSV.parse(try Fixture.text(CascadeTable.fileName))
        #expect(avalanches.first == CascadeTable.columns)
        #expect(avalanches.allSatisfy { $0.count == CascadeTable.columns.count })
        #expect(avalanches.count - 1 == (json["cascades"] as! [String: Any])["rows"] as! Int)
        let runs = CSV.parse(try Fixture.text("runs.csv"))
        #expect(runs.first == CSVExport.runColumns)
        #expect(runs.allSatisfy { $0.count == CSVExport.runColumns.count })
        #expect(runs.count - 1 == (json["runs"] as! [Any]).count * (json["snapshot_epochs"] as! [Any]).count)
    }

    @Test("avalanches.csv.gz holds exactly the cascade table's text (compression loses nothing)")
    func compressedEqualsText() throws {
        #expect(try Fixture.text(CascadeTable.fileName) == CascadeCSV.text(CascadeTable(results: Fixture.outcome.results)))
    }

    @Test("S_pre and S_post per width, recomputed from avalanches.csv.gz in the fixed windows τ ∈ [−800, 0) and [0, 2000), equal summary.per_width")
    func perWidthMeansAgree() throws {
        let json = try Fixture.parsedJSON()
        let summary = json["summary"] as! [String: Any]
        #expect(summary["statistic"] as? String == "mean", "the recomputation below assumes the mean")
        let primary = summary["primary_topology"] as! String
        let rows = CSV.parse(try Fixture.text(CascadeTable.fileName))
        let column = Dictionary(uniqueKeysWithValues: rows[0].enumerated().map { ($1, $0) })
        var sums: [String: (Double, Int)] = [:]
        for row in rows.dropFirst() where row[column["topology"]!] == primary && row[column["source"]!] == "gradient" {
            guard let tau = Int(row[column["tau"]!]), let size = Double(row[column["size"]!]) else { continue }
            guard tau >= -800 && tau < 2000 else { continue }
            let key = "\(row[column["width"]!])-\(tau < 0 ? "pre" : "post")"
            sums[key, default: (0, 0)].0 += size
            sums[key, default: (0, 0)].1 += 1
        }
        let perWidth = summary["per_width"] as! [[String: Any]]
        #expect(perWidth.count == 3)
        for w in perWidth {
            let width = w["width"] as! Int
            for phase in ["pre", "post"] {
                let reported = try #require(w["S_\(phase)"] as? Double)
                let (sum, count) = try #require(sums["\(width)-\(phase)"])
                let recomputed = sum / Double(count)
                #expect(abs(recomputed - reported) <= 1e-9 * reported, "width \(width) S_\(phase): CSV \(recomputed), JSON \(reported)")
            }
        }
    }

    @Test("runs.csv carries each run's t_g and its final accuracy as report.json has them")
    func runsAgree() throws {
        let json = try Fixture.parsedJSON()
        let rows = CSV.parse(try Fixture.text("runs.csv"))
        let column = Dictionary(uniqueKeysWithValues: rows[0].enumerated().map { ($1, $0) })
        let snapshots = (json["snapshot_epochs"] as! [Int]).count
        for run in json["runs"] as! [[String: Any]] {
            let mine = rows.dropFirst().filter {
                $0[column["width"]!] == "\(run["width"] as! Int)" && $0[column["seed"]!] == "\(run["seed"] as! Int)"
            }
            #expect(mine.count == snapshots)
            let tg = run["t_g"] as? Int
            #expect(mine.allSatisfy { $0[column["t_g"]!] == (tg.map(String.init) ?? "") })
            let lastAccuracy = run["accuracy_final"] as! Double
            #expect(Double(mine.last![column["accuracy"]!]) == lastAccuracy)
        }
    }
}

@Suite("timing.csv: report.json's timing block, one row per width")
struct TimingCSVTests {
    @Test("timing.csv has one row per width with report.json's p_grok and Kaplan–Meier median")
    func agreesWithReport() throws {
        let json = try Fixture.parsedJSON()
        let perWidth = (json["timing"] as! [String: Any])["per_width"] as! [[String: Any]]
        let rows = CSV.parse(try Fixture.text("timing.csv"))
        let column = Dictionary(uniqueKeysWithValues: rows[0].enumerated().map { ($1, $0) })
        #expect(rows.count - 1 == perWidth.count && perWidth.count == 3)
        for (row, w) in zip(rows.dropFirst(), perWidth) {
            #expect(row[column["width"]!] == "\(w["width"] as! Int)")
            #expect(Double(row[column["p_grok"]!]) == (w["p_grok"] as? Double))
            #expect(Double(row[column["t_g_km_median"]!]) == (w["t_g_km_median"] as? Double))
        }
    }
}
