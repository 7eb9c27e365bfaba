import Foundation
import GRDB
import Testing

/// End-to-end: real coordinator and worker processes over loopback TCP. Every sweep must write
/// the same report.json, byte for byte, as the in-process run of its configuration.
@Suite("Distributed sweep: coordinator and workers lose nothing", .serialized)
struct DistributedSweepTests {
    func coordinator(_ config: URL, port: Int, out: URL, log: URL) throws -> Child {
        try Child(["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path, "--log-level", "info"], log: log)
    }

    func worker(_ port: Int, name: String, folder: URL, extra: [String] = []) throws -> Child {
        try Child(
            [
                "worker", "--connect", "tcp://127.0.0.1:\(port)", "--slots", "1", "--name", name, "--heartbeat-ms", "200",
                "--liveness", "3", "--give-up-after", "60", "--log-level", "info",
            ] + extra,
            log: folder.appendingPathComponent("\(name).log"))
    }

    /// The report files of a folder (relative paths; not the journal or logs).
    func reportFiles(_ folder: URL) throws -> [String] {
        let base = folder.standardizedFileURL.path
        var out: [String] = []
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true,
                !url.lastPathComponent.hasPrefix("journal.sqlite"), !url.lastPathComponent.hasSuffix(".log")
            else { continue }
            out.append(String(url.standardizedFileURL.path.dropFirst(base.count + 1)))
        }
        return out.sorted()
    }

    func journal(_ out: URL) throws -> DatabaseQueue {
        try DatabaseQueue(path: out.appendingPathComponent("journal.sqlite").path)
    }

    /// A count from the coordinator's journal; 0 while the journal does not exist yet.
    func count(_ out: URL, _ sql: String) -> Int {
        guard FileManager.default.fileExists(atPath: out.appendingPathComponent("journal.sqlite").path) else { return 0 }
        return (try? journal(out).read { db in try Int.fetchOne(db, sql: sql) ?? 0 }) ?? 0
    }

    @Test("1 coordinator + 3 workers write the in-process report, byte for byte, and the same per-cascade file; workers exit 0 when told")
    func threeWorkers() throws {
        let folder = try Harness.temporaryFolder("three")
        let config = try Harness.writeConfig(in: folder)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        // Workers first (they retry until the port is bound): a worker started after a sweep this
        // small has finished would find no coordinator to tell it DONE.
        let workers = try (0..<3).map { try worker(port, name: "w\($0)", folder: folder) }
        let c = try coordinator(config, port: port, out: out, log: folder.appendingPathComponent("coordinator.log"))
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        for w in workers { #expect(w.wait(timeout: 10) == 0, "\(w.logText)") }
        let report = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(report == expected)
        // Every file of the coordinator's folder (written by one streamed pass over the journal)
        // is the in-process run's (folded as results arrived), and so is `grokscale report`'s.
        let inProcess = folder.appendingPathComponent("in-process")
        let files = try reportFiles(inProcess)
        #expect(files.count > 10 && files.contains("avalanches.csv.gz") && files.contains("runs.csv") && files.contains("report.html"))
        for file in files {
            #expect(
                try Data(contentsOf: out.appendingPathComponent(file)) == Data(contentsOf: inProcess.appendingPathComponent(file)),
                "\(file) differs from the in-process one")
        }
        let rerun = try Child(["report", out.path, "--quiet"], log: folder.appendingPathComponent("report.log"))
        #expect(rerun.wait(timeout: 60) == 0, "\(rerun.logText)")
        for file in files {
            #expect(
                try Data(contentsOf: out.appendingPathComponent(file)) == Data(contentsOf: inProcess.appendingPathComponent(file)),
                "`grokscale report`: \(file) differs from the in-process one")
        }
        // The journal's cascades table holds the same rows as the file (report.json counts them).
        let parsed = try JSONSerialization.jsonObject(with: Data(report.utf8)) as! [String: Any]
        let rows = (parsed["cascades"] as! [String: Any])["rows"] as! Int
        #expect(rows > 0 && count(out, "SELECT COUNT(*) FROM cascades") == rows)
        #expect(count(out, "SELECT COUNT(DISTINCT width || '-' || seed) FROM cascades") == count(out, "SELECT COUNT(*) FROM results"))
    }

    @Test("a worker killed with SIGKILL mid-task: its task is leased again and the report is unchanged")
    func workerKilledMidTask() throws {
        let folder = try Harness.temporaryFolder("sigkill")
        let config = try Harness.writeConfig(in: folder)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(config, port: port, out: out, log: folder.appendingPathComponent("coordinator.log"))
        // The victim holds every task it gets for 30 s: it is surely mid-task when killed.
        let victim = try worker(port, name: "victim", folder: folder, extra: ["--task-delay-ms", "30000"])
        let leased = eventually(timeout: 20) { count(out, "SELECT COUNT(*) FROM leases WHERE worker = 'victim'") > 0 }
        #expect(leased)
        victim.signal(SIGKILL)
        let helpers = try (0..<2).map { try worker(port, name: "h\($0)", folder: folder) }
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        for h in helpers { h.wait(timeout: 10) }
        let report = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(report == expected)
        let victimCommits = try journal(out).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results WHERE worker = 'victim'") ?? 0 }
        #expect(victimCommits == 0)
    }

    @Test("the coordinator killed with SIGKILL mid-sweep resumes on the same folder and recomputes no committed task")
    func coordinatorKilledAndResumed() throws {
        let folder = try Harness.temporaryFolder("resume")
        let config = try Harness.writeConfig(in: folder, seeds: 4)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let first = try coordinator(config, port: port, out: out, log: folder.appendingPathComponent("coordinator-1.log"))
        let workers = try (0..<2).map { try worker(port, name: "w\($0)", folder: folder, extra: ["--task-delay-ms", "300"]) }
        let someCommitted = eventually(timeout: 60) { count(out, "SELECT COUNT(*) FROM results") >= 3 }
        #expect(someCommitted)
        first.signal(SIGKILL)
        first.wait(timeout: 5)
        let committedBefore = try journal(out).read { db in try String.fetchAll(db, sql: "SELECT task FROM results") }
        #expect(committedBefore.count < 12, "the sweep finished before the kill; the test proves nothing")
        let second = try coordinator(config, port: port, out: out, log: folder.appendingPathComponent("coordinator-2.log"))
        #expect(second.wait(timeout: 120) == 0, "\(second.logText)")
        for w in workers { #expect(w.wait(timeout: 10) == 0, "\(w.logText)") }
        let report = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(report == expected)
        let leasedAfterRestart = try journal(out).read { db in try String.fetchAll(db, sql: "SELECT task FROM leases WHERE coordinator_run = 2") }
        #expect(
            Set(leasedAfterRestart).isDisjoint(with: committedBefore),
            "committed tasks ran again: \(Set(leasedAfterRestart).intersection(committedBefore))")
    }

    @Test("workers started before the coordinator join it when it comes up")
    func workersFirst() throws {
        let folder = try Harness.temporaryFolder("early")
        let config = try Harness.writeConfig(in: folder)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let workers = try (0..<2).map { try worker(port, name: "w\($0)", folder: folder) }
        usleep(1_500_000)
        let c = try coordinator(config, port: port, out: out, log: folder.appendingPathComponent("coordinator.log"))
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        for w in workers { #expect(w.wait(timeout: 10) == 0, "\(w.logText)") }
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) == expected)
    }

    @Test("a task that fails on the worker is retried, then recorded as failed and named in the report; the coordinator exits 3")
    func taskFailure() throws {
        let folder = try Harness.temporaryFolder("failure")
        let config = try Harness.writeConfig(in: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(config, port: port, out: out, log: folder.appendingPathComponent("coordinator.log"))
        let w = try worker(port, name: "faulty", folder: folder, extra: ["--fail-task", "h30-s1"])
        #expect(c.wait(timeout: 120) == 3, "\(c.logText)")
        #expect(w.wait(timeout: 10) == 0)
        let data = try Data(contentsOf: out.appendingPathComponent("report.json"))
        let report = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let completeness = report["completeness"] as! [String: Any]
        let failed = completeness["tasks_failed"] as! [[String: Any]]
        #expect(failed.count == 1)
        #expect(failed.first?["task"] as? String == "h30-s1")
        #expect((failed.first?["error"] as? String)?.contains("injected failure") == true)
        #expect(failed.first?["attempts"] as? Int == 3)
        #expect(completeness["tasks_done"] as? Int == 5)
    }

    @Test("a worker sent SIGTERM mid-task hands its tasks back, exits 0 at once, and the sweep completes unchanged")
    func workerStoppedBySignal() throws {
        let folder = try Harness.temporaryFolder("sigterm")
        let config = try Harness.writeConfig(in: folder)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(config, port: port, out: out, log: folder.appendingPathComponent("coordinator.log"))
        let slow = try worker(port, name: "slow", folder: folder, extra: ["--task-delay-ms", "30000"])
        #expect(eventually(timeout: 20) { count(out, "SELECT COUNT(*) FROM leases WHERE worker = 'slow'") > 0 })
        slow.signal(SIGTERM)
        #expect(slow.wait(timeout: 5) == 0, "\(slow.logText)")
        let helper = try worker(port, name: "helper", folder: folder)
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        helper.wait(timeout: 10)
        // The goodbye normally arrives first; if the coordinator happens to write to the closed
        // connection before reading it, it sees the worker as unreachable; and libzmq may drop
        // the goodbye of a connection that closed, while the helper backs the tasks up and the
        // sweep ends first ("has left"). Either way no task waits for the stopped worker, which
        // the unchanged report below proves. (The lease is journaled just before the TASK is
        // sent, so the signal may even come before the worker holds it: it hands back nothing,
        // and leaving releases the lease anyway.)
        let log = c.logText
        #expect(
            log.contains("worker slow disconnects (worker stopped by signal)") || log.contains("worker slow is unreachable")
                || log.contains("worker slow has left"))
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) == expected)
    }

    @Test("the same folder with a different configuration is refused with a clear message")
    func differentConfigurationRefused() throws {
        let folder = try Harness.temporaryFolder("mismatch")
        let config = try Harness.writeConfig(in: folder)
        let out = folder.appendingPathComponent("out")
        let port = Harness.freePort()
        let c = try coordinator(config, port: port, out: out, log: folder.appendingPathComponent("c1.log"))
        _ = eventually(timeout: 20) { FileManager.default.fileExists(atPath: out.appendingPathComponent("journal.sqlite").path) }
        c.signal(SIGTERM)
        #expect(c.wait(timeout: 10) == 130, "a coordinator stopped by SIGTERM exits 130: \(c.logText)")
        let other = try Harness.writeConfig(in: folder, seeds: 3)
        let again = try coordinator(other, port: port, out: out, log: folder.appendingPathComponent("c2.log"))
        #expect(again.wait(timeout: 20) != 0)
        #expect(again.logText.contains("holds a sweep with configuration hash"))
        #expect(again.logText.contains("choose another --out folder"))
    }
}
