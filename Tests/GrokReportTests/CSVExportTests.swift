import Foundation
import GrokReport
import GrokSweep
import Testing

@Suite("CSV exports: tidy, and agreeing with report.json")
struct CSVExportTests {
    @Test("avalanches.csv and runs.csv: a header, the same number of cells in every row, one row per observation")
    func shape() throws {
        let json = try Fixture.parsedJSON()
        let avalanches = CSV.parse(try Fixture.text("avalanches.csv"))
        #expect(avalanches.first == CSVExport.avalancheColumns)
        #expect(avalanches.allSatisfy { $0.count == CSVExport.avalancheColumns.count })
        #expect(avalanches.count - 1 == (json["avalanches"] as! [Any]).count)
        let runs = CSV.parse(try Fixture.text("runs.csv"))
        #expect(runs.first == CSVExport.runColumns)
        #expect(runs.allSatisfy { $0.count == CSVExport.runColumns.count })
        #expect(runs.count - 1 == (json["runs"] as! [Any]).count * (json["snapshot_epochs"] as! [Any]).count)
    }

    @Test("S_pre and S_post per width, recomputed from avalanches.csv in the fixed windows τ ∈ [−800, 0) and [0, 2000), equal summary.per_width")
    func perWidthMeansAgree() throws {
        let json = try Fixture.parsedJSON()
        let summary = json["summary"] as! [String: Any]
        #expect(summary["statistic"] as? String == "mean", "the recomputation below assumes the mean")
        let primary = summary["primary_topology"] as! String
        let rows = CSV.parse(try Fixture.text("avalanches.csv"))
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
            let mine = rows.dropFirst().filter { $0[column["width"]!] == "\(run["width"] as! Int)" && $0[column["seed"]!] == "\(run["seed"] as! Int)" }
            #expect(mine.count == snapshots)
            let tg = run["t_g"] as? Int
            #expect(mine.allSatisfy { $0[column["t_g"]!] == (tg.map(String.init) ?? "") })
            let lastAccuracy = (run["accuracy"] as! [Double]).last!
            #expect(Double(mine.last![column["accuracy"]!]) == lastAccuracy)
        }
    }
}
