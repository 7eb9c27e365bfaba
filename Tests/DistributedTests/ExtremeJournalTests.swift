import Foundation
import GRDB
import GrokConfig
import GrokProbe
import GrokTasks
import Testing

/// `grokscale report` on a journal whose rows hold extreme values, written straight into the
/// journal (checksums made consistent, so only the values are wrong): it ends with a message and
/// a status — never a signal. Values outside the task's physical ranges are named as damage;
/// extreme values inside them are rendered.
@Suite("Extreme values in a journal end in a status, never a signal", .serialized)
struct ExtremeJournalTests {
    func journal(_ out: URL) throws -> DatabaseQueue { try DatabaseQueue(path: out.appendingPathComponent("journal.sqlite").path) }

    /// Rewrites every committed result with `change` applied, checksums updated.
    func rewrite(_ out: URL, _ change: (inout TaskResult) -> Void) throws {
        try journal(out).write { db in
            for row in try Row.fetchAll(db, sql: "SELECT task, result FROM results") {
                var result = try TaskResult.decodeBinary([UInt8](row["result"] as Data))
                change(&result)
                let bytes = TaskResult.binaryRecord(result)
                try db.execute(
                    sql: "UPDATE results SET result = ?, sha256 = ? WHERE task = ?",
                    arguments: [Data(bytes), SHA256.hex(bytes), row["task"] as String])
            }
        }
    }

    func finishedSweep(_ folder: URL) throws -> URL {
        let config = try Harness.writeConfig(in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try Child(
            ["run", "--workers", "1", "--quiet", "--config", config.path, "--out", out.path], log: folder.appendingPathComponent("run.log"))
        #expect(run.wait(timeout: 120) == 0, "\(run.logText)")
        return out
    }

    @Test(
        "loss 1e308 in every row: `report` names the damage (status 65) and never traps; inside the ranges (loss at the bound, accuracy 0, sizes at the cap) it renders every file"
    )
    func extremeRows() throws {
        let folder = try Harness.temporaryFolder("extreme-journal")
        let out = try finishedSweep(folder)
        try rewrite(out) { $0.loss = $0.loss.map { _ in 1e308 } }
        let damaged = try Child(["report", out.path], log: folder.appendingPathComponent("report-damaged.log"))
        let status = damaged.wait(timeout: 120)
        #expect(status == 65, "a status, not a signal: \(String(describing: status)) \(damaged.logText)")
        #expect(damaged.logText.contains("loss[0] = 1e+308") && damaged.logText.contains("physical range"), "\(damaged.logText)")

        try rewrite(out) { r in
            r.loss = r.loss.map { _ in 1e6 }
            r.accuracy = r.accuracy.map { _ in 0 }
            r.gini = r.gini.map { _ in 5e-324 }
            for t in r.topologies.indices {
                for f in r.topologies[t].gradient.indices where !r.topologies[t].gradient[f].cascades.isEmpty {
                    r.topologies[t].gradient[f].cascades[0].size = 1 << 40
                    r.topologies[t].gradient[f].cascades[0].duration = 1 << 40
                }
            }
        }
        let rendered = try Child(["report", out.path], log: folder.appendingPathComponent("report-extreme.log"))
        #expect(rendered.wait(timeout: 120) == 0, "\(rendered.logText)")
        for name in ["report.json", "report.html", "report.md", "plots/loss.svg", "plots/s_of_n.svg"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name) missing")
        }
    }
}
