import Foundation
import Testing

@Suite("--journal-dir keeps the journal apart from the report folder", .serialized)
struct JournalDirTests {
    @Test("the coordinator writes the journal into --journal-dir and the report into --out; status and report read it there")
    func journalElsewhere() throws {
        let folder = try Harness.temporaryFolder("journal-dir")
        let config = try Harness.writeConfig(in: folder)
        let out = folder.appendingPathComponent("shared"), local = folder.appendingPathComponent("node-local")
        let port = Harness.freePort()
        let coordinator = try Child(
            [
                "coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path,
                "--journal-dir", local.path, "--quiet",
            ], log: folder.appendingPathComponent("coordinator.log"))
        let worker = try Child(
            ["worker", "--connect", "tcp://127.0.0.1:\(port)", "--slots", "2", "--give-up-after", "60"],
            log: folder.appendingPathComponent("worker.log"))
        #expect(coordinator.wait(timeout: 120) == 0, "\(coordinator.logText)")
        #expect(worker.wait(timeout: 20) == 0, "\(worker.logText)")
        #expect(FileManager.default.fileExists(atPath: local.appendingPathComponent("journal.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("journal.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path))
        let status = try CapturedRun.run(["status", "--json", "--journal-dir", local.path, out.path])
        #expect(status.json?["finished"] as? Bool == true, "\(status.stdout) \(status.stderr)")
        let before = try Data(contentsOf: out.appendingPathComponent("report.json"))
        let report = try CapturedRun.run(["report", "--quiet", "--journal-dir", local.path, out.path], environment: ["GROKSCALE_GIT_COMMIT": "test"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("report.json")) == before, "report re-renders the same bytes from the journal")
        #expect(!coordinator.logText.contains("network file system"), "a local journal folder draws no warning")
    }
}
