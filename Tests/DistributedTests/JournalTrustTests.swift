import Foundation
import GRDB
import Testing

/// The journal as the one record of a sweep: one coordinator per folder, every committed row
/// checked before anything is leased, damage repaired without deleting, re-analysis without
/// recomputation; and the exit statuses a batch script relies on.
@Suite("Journal trust: lock, checksums, repair, re-analysis, exit statuses", .serialized)
struct JournalTrustTests {
    func coordinator(_ config: URL, port: Int, out: URL, folder: URL, name: String = "coordinator", extra: [String] = []) throws -> Child {
        try Child(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path, "--quiet"] + extra,
            log: folder.appendingPathComponent("\(name).log"))
    }

    func worker(_ port: Int, name: String, folder: URL, extra: [String] = []) throws -> Child {
        try Child(
            [
                "worker", "--connect", "tcp://127.0.0.1:\(port)", "--slots", "1", "--name", name, "--heartbeat-ms", "200",
                "--liveness", "3", "--give-up-after", "60",
            ] + extra, log: folder.appendingPathComponent("\(name).log"))
    }

    func journal(_ out: URL) throws -> DatabaseQueue { try DatabaseQueue(path: out.appendingPathComponent("journal.sqlite").path) }

    func count(_ out: URL, _ sql: String) throws -> Int { try journal(out).read { db in try Int.fetchOne(db, sql: sql) ?? 0 } }

    func run(_ arguments: [String], folder: URL, name: String) throws -> (status: Int32?, output: String) {
        let child = try Child(arguments, log: folder.appendingPathComponent("\(name).log"))
        let status = child.wait(timeout: 60)
        return (status, child.logText)
    }

    /// A finished two-worker sweep of the test grid; returns its output folder.
    func finishedSweep(_ config: URL, folder: URL) throws -> URL {
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(config, port: port, out: out, folder: folder, name: "first")
        let workers = try (0..<2).map { try worker(port, name: "w\($0)", folder: folder) }
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        for w in workers { w.wait(timeout: 10) }
        return out
    }

    @Test("five worker SIGKILLs with max_attempts = 3 fail no task (losses are not attempts); the report is the in-process one")
    func killedWorkersFailNothing() throws {
        let folder = try Harness.temporaryFolder("five-kills")
        let config = try Harness.writeConfig(in: folder, extra: "max_attempts = 3")
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(config, port: port, out: out, folder: folder, extra: ["--log-level", "info"])
        for i in 0..<5 {
            let victim = try worker(port, name: "victim\(i)", folder: folder, extra: ["--task-delay-ms", "30000"])
            #expect(eventually(timeout: 20) { (try? count(out, "SELECT COUNT(*) FROM leases WHERE worker = 'victim\(i)'")) ?? 0 > 0 })
            usleep(500_000)  // it heartbeats after the lease: the task had started
            victim.signal(SIGKILL)
            victim.wait(timeout: 5)
            #expect(
                eventually(timeout: 20) {
                    c.logText.contains("worker victim\(i) is unreachable") || c.logText.contains("worker victim\(i) went silent")
                })
        }
        let helpers = try (0..<2).map { try worker(port, name: "h\($0)", folder: folder) }
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        for h in helpers { h.wait(timeout: 10) }
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) == expected)
        #expect(try count(out, "SELECT COUNT(*) FROM failures") == 0)
        #expect(
            try count(out, "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM leases WHERE worker LIKE 'victim%' GROUP BY task)") >= 4,
            "no task lost more than max_attempts workers: the test proves nothing")
    }

    @Test("a second coordinator on a locked folder is refused with the holder's PID (status 75) and the journal records nothing of it")
    func secondCoordinatorRefused() throws {
        let folder = try Harness.temporaryFolder("lock")
        let config = try Harness.writeConfig(in: folder)
        let out = folder.appendingPathComponent("out")
        let first = try coordinator(config, port: Harness.freePort(), out: out, folder: folder, name: "first", extra: ["--log-level", "info"])
        #expect(eventually(timeout: 20) { first.logText.contains("coordinator listening") })
        let runsBefore = try count(out, "SELECT COUNT(*) FROM coordinator_runs")
        let second = try run(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(Harness.freePort())", "--out", out.path], folder: folder,
            name: "second")
        #expect(second.status == 75, "\(second.output)")
        #expect(second.output.contains("PID \(first.pid)"), "\(second.output)")
        #expect(!second.output.contains("Usage:"))
        #expect(try count(out, "SELECT COUNT(*) FROM coordinator_runs") == runsBefore)
        #expect(runsBefore == 1)
        first.signal(SIGTERM)
        #expect(first.wait(timeout: 20) == 130)
    }

    @Test(
        "one digit changed in a committed row is found on open (status 65, nothing leased); verify names it; repair quarantines it; the resume gives the in-process report"
    )
    func damagedRowRepaired() throws {
        let folder = try Harness.temporaryFolder("digit")
        let config = try Harness.writeConfig(in: folder)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let out = try finishedSweep(config, folder: folder)
        let original = try journal(out).read { db in try Data.fetchOne(db, sql: "SELECT result FROM results WHERE task = 'h30-s1'")! }
        var bytes = [UInt8](original)
        let index = bytes.lastIndex { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "8") }!
        bytes[index] += 1
        try journal(out).write { db in try db.execute(sql: "UPDATE results SET result = ? WHERE task = 'h30-s1'", arguments: [Data(bytes)]) }
        let runs = try count(out, "SELECT COUNT(*) FROM coordinator_runs")

        let port = Harness.freePort()
        let refused = try run(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path], folder: folder, name: "refused")
        #expect(refused.status == 65, "\(refused.output)")
        #expect(
            refused.output.contains("h30-s1") && refused.output.contains("checksum mismatch") && refused.output.contains("grokscale repair"),
            "\(refused.output)")
        #expect(try count(out, "SELECT COUNT(*) FROM coordinator_runs") == runs)
        let report = try run(["report", out.path], folder: folder, name: "report-damaged")
        #expect(report.status == 65, "\(report.output)")

        let verify = try run(["verify", out.path], folder: folder, name: "verify")
        #expect(verify.status == 5, "\(verify.output)")
        #expect(verify.output.contains("damaged: h30-s1: checksum mismatch"), "\(verify.output)")
        let repair = try run(["repair", out.path], folder: folder, name: "repair")
        #expect(repair.status == 0, "\(repair.output)")
        #expect(try count(out, "SELECT COUNT(*) FROM quarantine WHERE task = 'h30-s1'") == 1)
        #expect(try count(out, "SELECT COUNT(*) FROM results") == 5)
        #expect(try run(["verify", out.path], folder: folder, name: "verify-again").status == 0)

        let c = try coordinator(config, port: port, out: out, folder: folder, name: "resumed")
        let w = try worker(port, name: "again", folder: folder)
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        w.wait(timeout: 10)
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) == expected)
        #expect(try journal(out).read { db in try Data.fetchOne(db, sql: "SELECT result FROM results WHERE task = 'h30-s1'") } == original)
    }

    @Test("a journal of format 1 (no checksums) is adopted by the coordinator after validating its rows; in format 2 a missing checksum is damage")
    func legacyJournalAdopted() throws {
        let folder = try Harness.temporaryFolder("legacy")
        let config = try Harness.writeConfig(in: folder)
        let out = try finishedSweep(config, folder: folder)
        try journal(out).write { db in try db.execute(sql: "UPDATE results SET sha256 = NULL WHERE task = 'h20-s0'") }
        let damaged = try run(["verify", out.path], folder: folder, name: "verify-nulled")
        #expect(damaged.status == 5 && damaged.output.contains("damaged: h20-s0: no checksum"), "\(damaged.output)")
        try journal(out).write { db in
            try db.execute(sql: "UPDATE results SET sha256 = NULL")
            try db.execute(sql: "UPDATE meta SET value = 'grokscale-journal/1' WHERE key = 'format'")
            // Journals written before the schema migrator record no migrations.
            try db.execute(sql: "DROP TABLE grdb_migrations")
        }
        let resumed = try run(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(Harness.freePort())", "--out", out.path, "--quiet"], folder: folder,
            name: "adopt")
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(try count(out, "SELECT COUNT(*) FROM results WHERE sha256 IS NULL") == 0)
        #expect(try run(["verify", out.path], folder: folder, name: "verify-adopted").status == 0)
        #expect(try count(out, "SELECT COUNT(*) FROM grdb_migrations") == 2)
    }

    @Test(
        "report --set analysis.… re-analyses a finished sweep without computing a task; a result-changing key is refused (78); a resume with other analysis settings is the same sweep"
    )
    func reanalysis() throws {
        let folder = try Harness.temporaryFolder("reanalysis")
        let config = try Harness.writeConfig(in: folder)
        let out = try finishedSweep(config, folder: folder)
        let before = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        let rows = {
            try self.journal(out).read { db in
                try Row.fetchAll(db, sql: "SELECT task, sha256, committed_at FROM results ORDER BY task").map { "\($0)" }
            }
        }
        let rowsBefore = try rows()
        let leases = try count(out, "SELECT COUNT(*) FROM leases")

        let again = try run(["report", out.path, "--set", "analysis.window=200"], folder: folder, name: "report-set")
        #expect(again.status == 0, "\(again.output)")
        #expect(again.output.contains("no task was computed"))
        #expect(try rows() == rowsBefore)
        #expect(try count(out, "SELECT COUNT(*) FROM leases") == leases)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as! [String: Any]
        #expect(((json["config"] as? [String: Any])?["analysis"] as? [String: Any])?["window"] as? Int == 200)
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) != before)

        let refused = try run(["report", out.path, "--set", "training.epochs=100"], folder: folder, name: "report-refused")
        #expect(refused.status == 78, "\(refused.output)")
        #expect(refused.output.contains("training.epochs") && refused.output.contains("changes what the tasks compute"), "\(refused.output)")

        // The coordinator accepts other analysis settings on the same folder: same identity, nothing to compute.
        let resumed = try run(
            [
                "coordinator", "--config", config.path, "--set", "analysis.bootstrap_resamples=50", "--bind", "tcp://127.0.0.1:\(Harness.freePort())",
                "--out", out.path, "--quiet",
            ], folder: folder, name: "resumed")
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(try rows() == rowsBefore)
    }

    @Test(
        "a full disk stops the coordinator with status 73, naming the path and saying nothing committed was lost; the folder resumes elsewhere to the in-process report",
        .enabled(if: getuid() == 0, "mounts a small tmpfs (root)"))
    func diskFull() throws {
        let folder = try Harness.temporaryFolder("disk-full")
        let config = try Harness.writeConfig(in: folder, seeds: 4)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let small = try DiskFullTests.tmpfs("journal", kilobytes: 160)
        defer { DiskFullTests.unmount(small) }
        let out = small.appendingPathComponent("out")
        let port = Harness.freePort()
        let c = try coordinator(config, port: port, out: out, folder: folder, name: "full")
        let workers = try (0..<2).map { try worker(port, name: "w\($0)", folder: folder) }
        #expect(c.wait(timeout: 120) == 73, "\(c.logText)")
        for w in workers { w.signal(SIGTERM); w.wait(timeout: 10) }
        let log = c.logText
        #expect(log.contains("cannot write \(out.path)/journal.sqlite: the disk is full"), "\(log)")
        #expect(log.contains("Nothing committed was lost") && log.contains("run the same command to resume") && !log.contains("Usage:"), "\(log)")
        // The journal is intact: copied to a disk with room, the sweep resumes to the same report.
        let moved = folder.appendingPathComponent("moved")
        try FileManager.default.createDirectory(at: moved, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where name.hasPrefix("journal.sqlite") {
            try FileManager.default.copyItem(at: out.appendingPathComponent(name), to: moved.appendingPathComponent(name))
        }
        let committed = try count(moved, "SELECT COUNT(*) FROM results")
        #expect(committed < 12, "the disk never filled: the test proves nothing")
        let resumed = try coordinator(config, port: port, out: moved, folder: folder, name: "resumed")
        let helper = try worker(port, name: "helper", folder: folder)
        #expect(resumed.wait(timeout: 120) == 0, "\(resumed.logText)")
        helper.wait(timeout: 10)
        #expect(try String(contentsOf: moved.appendingPathComponent("report.json"), encoding: .utf8) == expected)
    }
}
