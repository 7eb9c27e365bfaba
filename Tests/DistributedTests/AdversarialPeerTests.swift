import Foundation
import GRDB
import Testing

/// pyzmq peers (Peers/peer.py) that lie, hoard, vanish or run another build, beside honest
/// Swift workers: none of them may fail a task, get a result committed or change a report byte.
@Suite("Adversarial and unlucky peers change no report", .serialized)
struct AdversarialPeerTests {
    func coordinator(_ config: URL, port: Int, out: URL, folder: URL, extra: [String] = []) throws -> Child {
        try Child(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path, "--quiet"] + extra,
            log: folder.appendingPathComponent("coordinator.log"))
    }

    func worker(_ port: Int, name: String, folder: URL, extra: [String] = []) throws -> Child {
        try Child(
            [
                "worker", "--connect", "tcp://127.0.0.1:\(port)", "--slots", "1", "--name", name, "--heartbeat-ms", "200",
                "--liveness", "3", "--give-up-after", "60",
            ] + extra, log: folder.appendingPathComponent("\(name).log"))
    }

    func count(_ out: URL, _ sql: String) throws -> Int {
        try DatabaseQueue(path: out.appendingPathComponent("journal.sqlite").path).read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    func report(_ out: URL) throws -> String { try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) }

    @Test("200 seeded random mutations of a valid RESULT are all refused (invalid or malformed); the sweep completes with the in-process report")
    func mutationsRefused() throws {
        let folder = try Harness.temporaryFolder("mutations")
        let config = try Harness.writeConfig(in: folder)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(config, port: port, out: out, folder: folder)
        let peer = try PythonPeer(
            ["--endpoint", "tcp://127.0.0.1:\(port)", "--mode", "mutate", "--name", "mutator", "--seed", "7", "--count", "200"],
            folder: folder, name: "mutator")
        #expect(peer.wait(timeout: 60) == 0, "\(peer.stderrText)")
        let seen = peer.report
        #expect(seen["sent"] as? Int == 200)
        #expect(seen["refused"] as? Int == 200, "\(seen)")
        #expect(seen["accepted"] as? Int == 0)
        let codes = Set((seen["codes"] as? [String: Int] ?? [:]).keys)
        #expect(!codes.isEmpty && codes.isSubset(of: ["invalid", "malformed"]), "\(codes)")
        #expect(((seen["kinds"] as? [String: Int]) ?? [:]).count >= 25, "the mutations should cover most kinds: \(seen)")
        let workers = try (0..<2).map { try worker(port, name: "w\($0)", folder: folder) }
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        for w in workers { w.wait(timeout: 10) }
        #expect(try report(out) == expected)
        #expect(try count(out, "SELECT COUNT(*) FROM results WHERE worker = 'mutator'") == 0)
        #expect(try count(out, "SELECT COUNT(*) FROM events WHERE kind = 'invalid_result' AND worker = 'mutator'") > 0)
    }

    @Test(
        "replication = 2 under CURVE: a forging peer never gets a result committed and is named in a determinism fault; a peer READYing under a live worker's name gets none of its leases; the report is the in-process one"
    )
    func replicationOutvotesForgers() throws {
        let folder = try Harness.temporaryFolder("replication")
        let keys = folder.appendingPathComponent("keys")
        let authorized = keys.appendingPathComponent("authorized")
        try FileManager.default.createDirectory(at: authorized, withIntermediateDirectories: true)
        try CurveAuthenticationTests.keys(["coordinator", "w1", "w2", "forger"], in: keys)
        for name in ["w1", "w2", "forger"] {
            try FileManager.default.copyItem(at: keys.appendingPathComponent("\(name).pub"), to: authorized.appendingPathComponent("\(name).pub"))
        }
        let config = try Harness.writeConfig(in: folder, extra: "replication = 2")
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(
            config, port: port, out: out, folder: folder,
            extra: [
                "--curve-secret-key", keys.appendingPathComponent("coordinator.key").path, "--authorized-keys", authorized.path, "--log-level",
                "info",
            ])
        let server = keys.appendingPathComponent("coordinator.pub")
        func curve(_ name: String) throws -> [String] {
            // "--flag=value": a Z85 key may begin with "-", which argparse would take for an option.
            [
                "--secret-key=" + (try CurveAuthenticationTests.key(keys.appendingPathComponent("\(name).key"))),
                "--public-key=" + (try CurveAuthenticationTests.key(keys.appendingPathComponent("\(name).pub"))),
                "--server-key=" + (try CurveAuthenticationTests.key(server)),
            ]
        }
        let w1 = try worker(
            port, name: "w1", folder: folder,
            extra: ["--secret-key", keys.appendingPathComponent("w1.key").path, "--server-key", server.path, "--task-delay-ms", "100"])
        #expect(eventually(timeout: 20) { c.logText.contains("worker joined: w1 ") })
        let impostor = try PythonPeer(
            ["--endpoint", "tcp://127.0.0.1:\(port)", "--mode", "forge", "--name", "w1", "--duration", "90"] + curve("forger"), folder: folder,
            name: "impostor")
        let forger = try PythonPeer(
            ["--endpoint", "tcp://127.0.0.1:\(port)", "--mode", "forge", "--name", "forger", "--duration", "90"] + curve("forger"), folder: folder,
            name: "forger")
        // The forger takes part before the second honest key exists: every task it answers
        // disagrees with w1's copy until w2's copy outvotes it.
        #expect(eventually(timeout: 20) { c.logText.contains("worker joined: forger ") && c.logText.contains("is worker w1~2") }, "\(c.logText)")
        #expect(eventually(timeout: 20) { c.logText.contains("DETERMINISM FAULT") }, "\(c.logText)")
        let w2 = try worker(
            port, name: "w2", folder: folder, extra: ["--secret-key", keys.appendingPathComponent("w2.key").path, "--server-key", server.path])
        #expect(c.wait(timeout: 150) == 0, "\(c.logText)")
        for w in [w1, w2] { w.wait(timeout: 10) }
        impostor.wait(timeout: 20)
        forger.wait(timeout: 20)
        #expect(try report(out) == expected)
        let log = c.logText
        #expect(log.contains("DETERMINISM FAULT") && log.contains("forger"), "\(log)")
        #expect(log.contains("the name w1 is held by a live worker"), "\(log)")
        #expect(try count(out, "SELECT COUNT(*) FROM results WHERE worker NOT IN ('w1', 'w2')") == 0)
        #expect(try count(out, "SELECT COUNT(*) FROM results WHERE verified = 'replicated'") == 6)
        // The impostor's leases were its own, never w1's.
        let impostorLeases = Set(((impostor.report["leases"] as? [[String: Any]]) ?? []).compactMap { $0["lease"] as? Int })
        let w1Leases = try DatabaseQueue(path: out.appendingPathComponent("journal.sqlite").path).read { db in
            Set(try Int.fetchAll(db, sql: "SELECT lease FROM leases WHERE worker = 'w1'"))
        }
        #expect(impostorLeases.isDisjoint(with: w1Leases), "impostor got w1's leases \(impostorLeases.intersection(w1Leases))")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as! [String: Any]
        let verification = (json["provenance"] as? [String: Any])?["verification"] as? [String: Any]
        #expect(verification?["tasks_replicated"] as? Int == 6, "\(String(describing: verification))")
    }

    @Test(
        "a peer announcing 4,096 slots that never answers cannot starve the sweep: one honest worker finishes within 2 × its single-thread time + 10 s, not the 600 s lease timeout"
    )
    func hoarderCannotStarve() throws {
        let folder = try Harness.temporaryFolder("hoarder")
        let config = try Harness.writeConfig(in: folder)
        let reference = folder.appendingPathComponent("single")
        let started = Date()
        let single = try Child(
            ["run", "--in-process", "--workers", "1", "--quiet", "--config", config.path, "--out", reference.path],
            log: folder.appendingPathComponent("single.log"))
        #expect(single.wait(timeout: 120) == 0)
        let singleSeconds = Date().timeIntervalSince(started)
        let expected = try report(reference)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(config, port: port, out: out, folder: folder)
        let hoarder = try PythonPeer(
            ["--endpoint", "tcp://127.0.0.1:\(port)", "--mode", "hoard", "--name", "hoarder", "--duration", "120"], folder: folder, name: "hoarder")
        #expect(eventually(timeout: 20) { (try? count(out, "SELECT COUNT(*) FROM leases WHERE worker = 'hoarder'")) == 6 })
        let honestStart = Date()
        let honest = try worker(port, name: "honest", folder: folder)
        #expect(c.wait(timeout: 150) == 0, "\(c.logText)")
        let elapsed = Date().timeIntervalSince(honestStart)
        honest.wait(timeout: 10)
        hoarder.wait(timeout: 20)
        #expect(elapsed < 2 * singleSeconds + 10, "took \(elapsed) s; one worker alone needs about \(singleSeconds) s")
        print(
            "hoarder: sweep finished \(String(format: "%.1f", elapsed)) s after the honest worker started (single-thread in-process run: \(String(format: "%.1f", singleSeconds)) s)"
        )
        #expect(try report(out) == expected)
        #expect(try count(out, "SELECT COUNT(*) FROM results WHERE worker = 'hoarder'") == 0)
    }

    @Test("1,000 peers that send READY and vanish fail no task; the report is the in-process one")
    func vanishingPeers() throws {
        let folder = try Harness.temporaryFolder("vanish")
        let config = try Harness.writeConfig(in: folder)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(config, port: port, out: out, folder: folder, extra: ["--log-level", "info"])
        let ghosts = try PythonPeer(
            ["--endpoint", "tcp://127.0.0.1:\(port)", "--mode", "vanish", "--count", "1000", "--seed", "3"], folder: folder, name: "ghosts")
        // Honest workers join while the ghosts keep coming, slowly enough to overlap them.
        #expect(eventually(timeout: 30) { c.logText.components(separatedBy: "worker joined: ghost-").count > 50 })
        let workers = try (0..<2).map { try worker(port, name: "w\($0)", folder: folder, extra: ["--task-delay-ms", "300"]) }
        #expect(ghosts.wait(timeout: 120) == 0, "\(ghosts.stderrText)")
        #expect(c.wait(timeout: 150) == 0, "\(c.logText)")
        for w in workers { w.wait(timeout: 10) }
        #expect(try report(out) == expected)
        #expect(try count(out, "SELECT COUNT(*) FROM failures") == 0)
        #expect(
            try count(out, "SELECT COUNT(DISTINCT worker) FROM leases WHERE worker LIKE 'ghost-%'") > 0,
            "no ghost was ever leased a task: the test proves nothing")
    }

    @Test("a worker of another build (FAILURE code config_hash) is quarantined, named in the log and status, and fails no task")
    func mismatchedBuildQuarantined() throws {
        let folder = try Harness.temporaryFolder("mismatch-build")
        let config = try Harness.writeConfig(in: folder)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(config, port: port, out: out, folder: folder)
        let other = try PythonPeer(
            ["--endpoint", "tcp://127.0.0.1:\(port)", "--mode", "mismatch", "--name", "oldbuild", "--duration", "30"], folder: folder,
            name: "oldbuild")
        #expect(other.wait(timeout: 40) == 0)
        #expect(other.report["quarantined"] as? Bool == true, "\(other.report)")
        let w = try worker(port, name: "good", folder: folder)
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        w.wait(timeout: 10)
        #expect(try report(out) == expected)
        #expect(c.logText.contains("QUARANTINED worker oldbuild"))
        #expect(try count(out, "SELECT COUNT(*) FROM failures") == 0)
        let status = try Child(["status", out.path], log: folder.appendingPathComponent("status.log"))
        #expect(status.wait(timeout: 20) == 0)
        #expect(status.logText.contains("quarantined worker: oldbuild"), "\(status.logText)")
    }

    @Test(
        "spot_check = 1: the coordinator recomputes every task, a forger's results fail the check and are never committed; provenance counts the spot checks; the report is the in-process one"
    )
    func spotChecks() throws {
        let folder = try Harness.temporaryFolder("spot")
        let config = try Harness.writeConfig(in: folder, extra: "spot_check = 1.0")
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(config, port: port, out: out, folder: folder, extra: ["--log-level", "info"])
        let forger = try PythonPeer(
            ["--endpoint", "tcp://127.0.0.1:\(port)", "--mode", "forge", "--name", "forger", "--duration", "60"], folder: folder, name: "forger")
        #expect(eventually(timeout: 20) { c.logText.contains("DETERMINISM FAULT") })
        let w = try worker(port, name: "honest", folder: folder)
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        w.wait(timeout: 10)
        forger.wait(timeout: 20)
        #expect(try report(out) == expected)
        #expect(try count(out, "SELECT COUNT(*) FROM results WHERE worker = 'forger'") == 0)
        #expect(try count(out, "SELECT COUNT(*) FROM results WHERE verified = 'spot_checked'") == 6)
        #expect(c.logText.contains("forger"))
    }

    @Test("two workers started with the same --name are two workers: both hear DONE and exit 0, the report is the in-process one")
    func twins() throws {
        let folder = try Harness.temporaryFolder("twins")
        let config = try Harness.writeConfig(in: folder)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(config, port: port, out: out, folder: folder, extra: ["--log-level", "info"])
        let twins = try (0..<2).map { i in
            try Child(
                [
                    "worker", "--connect", "tcp://127.0.0.1:\(port)", "--slots", "1", "--name", "twin", "--heartbeat-ms", "200", "--liveness", "3",
                    "--give-up-after", "60", "--task-delay-ms", "100",
                ],
                log: folder.appendingPathComponent("twin\(i).log"))
        }
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        for t in twins { #expect(t.wait(timeout: 15) == 0, "\(t.logText)") }
        #expect(try report(out) == expected)
        #expect(c.logText.contains("this connection from") && c.logText.contains("is worker twin~2"), "\(c.logText)")
    }
}
