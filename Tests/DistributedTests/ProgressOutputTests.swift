import Foundation
import Testing

/// Progress output when standard error is not a terminal (here: a log file): plain lines with
/// done/total, rate and ETA, no carriage-return bar; `--quiet` prints none.
@Suite("Progress lines on a non-terminal", .serialized)
struct ProgressOutputTests {
    @Test("run prints plain progress lines ending with all tasks done; --quiet prints none")
    func plainLines() throws {
        let folder = try Harness.temporaryFolder("progress")
        let config = try Harness.writeConfig(in: folder)
        let loud = try Child(
            ["run", "--in-process", "--config", config.path, "--out", folder.appendingPathComponent("a").path],
            log: folder.appendingPathComponent("loud.log"))
        #expect(loud.wait(timeout: 120) == 0, "\(loud.logText)")
        let lines = loud.logText.split(separator: "\n").filter { $0.hasPrefix("progress: ") }
        #expect(!lines.isEmpty, "\(loud.logText)")
        #expect(lines.last?.hasPrefix("progress: 6/6 tasks, ") == true && lines.last?.hasSuffix(", done") == true, "\(lines)")
        #expect(lines.allSatisfy { $0.contains("tasks/") && ($0.contains("ETA") || $0.hasSuffix("done")) }, "\(lines)")
        #expect(!loud.logText.contains("\r") && !loud.logText.contains("[####"), "a terminal bar on a non-terminal")
        #expect(loud.logText.contains("report.html"))

        let quiet = try Child(
            ["run", "--in-process", "--quiet", "--config", config.path, "--out", folder.appendingPathComponent("b").path],
            log: folder.appendingPathComponent("quiet.log"))
        #expect(quiet.wait(timeout: 120) == 0, "\(quiet.logText)")
        #expect(!quiet.logText.contains("progress"), "\(quiet.logText)")
    }

    @Test("the coordinator reports progress with its live workers")
    func coordinatorProgress() throws {
        let folder = try Harness.temporaryFolder("progress-coordinator")
        let config = try Harness.writeConfig(in: folder)
        let port = Harness.freePort()
        let c = try Child(
            [
                "coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", folder.appendingPathComponent("out").path,
                "--log-level", "warning",
            ], log: folder.appendingPathComponent("coordinator.log"))
        let w = try Child(
            ["worker", "--connect", "tcp://127.0.0.1:\(port)", "--slots", "1", "--heartbeat-ms", "200", "--liveness", "3", "--give-up-after", "60"],
            log: folder.appendingPathComponent("worker.log"))
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        w.wait(timeout: 10)
        let lines = c.logText.split(separator: "\n").filter { $0.hasPrefix("progress: ") }
        #expect(lines.last?.hasPrefix("progress: 6/6 tasks") == true, "\(c.logText)")
        #expect(lines.contains { $0.contains("1 live worker") }, "\(lines)")
    }
}
