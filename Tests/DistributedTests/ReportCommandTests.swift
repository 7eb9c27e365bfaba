import Foundation
import Testing

/// `grokscale report` and `grokscale status` read the journal (read-only) of a sweep that is
/// running, interrupted or finished.
@Suite("grokscale report and status on a journal", .serialized)
struct ReportCommandTests {
    func run(_ arguments: [String], folder: URL, name: String) throws -> (status: Int32?, output: String) {
        let child = try Child(arguments, log: folder.appendingPathComponent("\(name).log"))
        let status = child.wait(timeout: 60)
        return (status, child.logText)
    }

    func completeness(_ out: URL) throws -> [String: Any] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as! [String: Any]
        return json["completeness"] as! [String: Any]
    }

    @Test("an interrupted sweep's report names its missing tasks; after the resume it is complete and equals the coordinator's")
    func interruptedThenResumed() throws {
        let folder = try Harness.temporaryFolder("report-resume")
        let config = try Harness.writeConfig(in: folder, seeds: 4)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let first = try Child(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path, "--quiet"],
            log: folder.appendingPathComponent("coordinator-1.log"))
        let worker = try Child(
            [
                "worker", "--connect", "tcp://127.0.0.1:\(port)", "--slots", "1", "--name", "slow", "--heartbeat-ms", "200",
                "--liveness", "3", "--give-up-after", "60", "--task-delay-ms", "400",
            ], log: folder.appendingPathComponent("worker.log"))
        let journal = out.appendingPathComponent("journal.sqlite")
        let someDone = eventually(timeout: 60) {
            guard FileManager.default.fileExists(atPath: journal.path),
                let status = try? run(["status", out.path], folder: folder, name: "status-poll"), status.status == 0
            else { return false }
            return status.output.range(of: #"tasks: 12 total, ([3-9]|1[01]) done"#, options: .regularExpression) != nil
        }
        #expect(someDone)

        // While the coordinator runs: status names the worker holding a task.
        let live = try run(["status", out.path], folder: folder, name: "status-live")
        #expect(live.status == 0, "\(live.output)")
        #expect(live.output.contains("on worker slow") || live.output.contains("12 done"), "\(live.output)")
        first.signal(SIGKILL)
        first.wait(timeout: 5)

        let partial = try run(["report", out.path], folder: folder, name: "report-partial")
        #expect(partial.status == 0, "\(partial.output)")
        let c = try completeness(out)
        let missing = c["tasks_missing"] as! [String]
        #expect(!missing.isEmpty && missing.count < 12, "missing: \(missing)")
        #expect((c["tasks_done"] as! Int) + missing.count == 12)
        #expect(partial.output.contains("the report is partial"), "\(partial.output)")
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Incomplete sweep"))
        for task in missing {
            let parts = task.dropFirst().split(separator: "-s")
            #expect(
                html.contains(
                    "<td>\(parts[0])</td><td>\(parts[1])</td><td>\(4 * Int(parts[0])! + 1)</td><td>—</td><td>—</td><td>MISSING (pending)</td>"),
                "\(task) not marked missing")
        }
        for file in ["report.md", "avalanches.csv.gz", "runs.csv", "plots/d_tau.svg"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
        }

        // Resume: the coordinator finishes and writes the complete report with its renderings.
        let second = try Child(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path, "--quiet"],
            log: folder.appendingPathComponent("coordinator-2.log"))
        #expect(second.wait(timeout: 120) == 0, "\(second.logText)")
        #expect(worker.wait(timeout: 10) == 0, "\(worker.logText)")
        let final = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        #expect((try completeness(out)["tasks_missing"] as! [String]).isEmpty)
        let finalHTML = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!finalHTML.contains("MISSING") && !finalHTML.contains("Incomplete sweep"))

        // Re-rendering the finished sweep from the journal gives the coordinator's bytes.
        let again = try run(["report", out.path], folder: folder, name: "report-final")
        #expect(again.status == 0, "\(again.output)")
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) == final)
        #expect(try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8) == finalHTML)
        let done = try run(["status", out.path], folder: folder, name: "status-done")
        #expect(done.output.contains("tasks: 12 total, 12 done, 0 running, 0 pending, 0 failed"), "\(done.output)")
    }

    @Test("report and status on a folder without a journal fail and say what the folder should be")
    func noJournal() throws {
        let folder = try Harness.temporaryFolder("report-nojournal")
        for command in ["report", "status"] {
            let result = try run([command, folder.path], folder: folder, name: command)
            #expect(result.status != 0)
            #expect(result.output.contains("has no journal.sqlite"), "\(result.output)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("journal.sqlite").path), "\(command) created a journal")
        }
    }
}
