import Foundation
import GRDB
import Testing

/// A coordinator SIGKILLed and restarted while workers compute (a scheduler requeue, a node
/// reboot): every worker comes back on its own, hears DONE, and exits 0 soon after the sweep's
/// end; the report is the in-process one; a worker with no coordinator at all gives up.
@Suite("Coordinator restarts strand no worker", .serialized)
struct RestartTests {
    func coordinator(_ config: URL, port: Int, out: URL, folder: URL, name: String) throws -> Child {
        try Child(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path, "--quiet", "--log-level", "info"],
            log: folder.appendingPathComponent("\(name).log"))
    }

    func worker(_ port: Int, name: String, folder: URL, extra: [String] = []) throws -> Child {
        try Child(
            ["worker", "--connect", "tcp://127.0.0.1:\(port)", "--slots", "1", "--name", name, "--heartbeat-ms", "200", "--liveness", "3"] + extra,
            log: folder.appendingPathComponent("\(name).log"))
    }

    func count(_ out: URL, _ sql: String) -> Int {
        (try? DatabaseQueue(path: out.appendingPathComponent("journal.sqlite").path).read { db in try Int.fetchOne(db, sql: sql) ?? 0 }) ?? 0
    }

    @Test(
        "SIGKILL mid-task, restart: the busy worker re-announces, the restarted coordinator answers it DONE after finishing, every worker exits 0 within a few heartbeats; report = in-process"
    )
    func busyWorkerComesBack() throws {
        let folder = try Harness.temporaryFolder("restart")
        let config = try Harness.writeConfig(in: folder)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let first = try coordinator(config, port: port, out: out, folder: folder, name: "coordinator-1")
        let busy = try worker(port, name: "busy", folder: folder, extra: ["--task-delay-ms", "2500"])
        #expect(eventually(timeout: 20) { count(out, "SELECT COUNT(*) FROM leases WHERE worker = 'busy'") > 0 })
        usleep(300_000)
        first.signal(SIGKILL)
        #expect(first.wait(timeout: 5) != nil)
        usleep(3_500_000)  // the busy worker notices the silence and is in back-off when the sweep ends
        let second = try coordinator(config, port: port, out: out, folder: folder, name: "coordinator-2")
        let quick = try worker(port, name: "quick", folder: folder)
        #expect(second.wait(timeout: 120) == 0, "\(second.logText)")
        let ended = Date()
        #expect(quick.wait(timeout: 10) == 0, "\(quick.logText)")
        #expect(busy.wait(timeout: 15) == 0, "the busy worker must hear DONE: \(busy.logText)")
        #expect(Date().timeIntervalSince(ended) < 12, "workers left within the coordinator's grace after the end")
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) == expected)
        #expect(count(out, "SELECT COUNT(*) FROM failures") == 0)
    }

    @Test("a worker that reaches no coordinator gives up after --give-up-after seconds with status 4")
    func workerGivesUp() throws {
        let folder = try Harness.temporaryFolder("give-up")
        let started = Date()
        let lonely = try worker(Harness.freePort(), name: "lonely", folder: folder, extra: ["--give-up-after", "2"])
        #expect(lonely.wait(timeout: 30) == 4, "\(lonely.logText)")
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(lonely.logText.contains("giving up"))
    }

    @Test("--give-up-after has a finite documented default")
    func giveUpDefault() throws {
        let help = try CapturedRun.run(["worker", "--help"])
        #expect(help.stdout.contains("default 600"), "\(help.stdout)")
    }
}
