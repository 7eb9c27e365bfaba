import Foundation
import GRDB
import Testing

/// A cluster's bad day, with real processes: a "black hole" host that answers FAILURE to every
/// task in milliseconds (Peers/peer.py --mode blackhole) beside one honest Swift worker. No task
/// may fail, the report must be the in-process one, and the black hole is quarantined, told why,
/// and shown in `status`.
@Suite("Black-hole workers fail no sweep", .serialized)
struct BlackHoleTests {
    func coordinator(_ config: URL, port: Int, out: URL, folder: URL) throws -> Child {
        try Child(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path, "--quiet"],
            log: folder.appendingPathComponent("coordinator.log"))
    }

    func worker(_ port: Int, name: String, folder: URL) throws -> Child {
        try Child(
            [
                "worker", "--connect", "tcp://127.0.0.1:\(port)", "--slots", "1", "--name", name, "--heartbeat-ms", "200",
                "--liveness", "3", "--give-up-after", "60",
            ], log: folder.appendingPathComponent("\(name).log"))
    }

    func blackHole(_ port: Int, folder: URL, host: String) throws -> PythonPeer {
        try PythonPeer(
            [
                "--endpoint", "tcp://127.0.0.1:\(port)", "--mode", "blackhole", "--name", "blackhole", "--slots", "4", "--host", host, "--duration",
                "90",
            ],
            folder: folder, name: "blackhole")
    }

    func status(_ out: URL) throws -> [String: Any] {
        let folder = out.deletingLastPathComponent()
        let child = try Child(["status", out.path, "--json"], log: folder.appendingPathComponent("status-\(UUID().uuidString.prefix(6)).json"))
        #expect(child.wait(timeout: 30) == 0)
        return (try? JSONSerialization.jsonObject(with: Data(child.logText.utf8)) as? [String: Any]) ?? [:]
    }

    /// `sameHost`: the black hole claims the honest worker's host, so counting attempts per host
    /// cannot tell them apart; probation and quarantine (per worker) must.
    func run(sameHost: Bool, name: String) throws {
        let folder = try Harness.temporaryFolder(name)
        let config = try Harness.writeConfig(in: folder, seeds: 3)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(config, port: port, out: out, folder: folder)
        // The black hole comes first: it would win every race for work.
        let hole = try blackHole(port, folder: folder, host: sameHost ? ProcessInfo.processInfo.hostName : "broken-node")
        usleep(300_000)
        let honest = try worker(port, name: "honest", folder: folder)
        #expect(c.wait(timeout: 120) == 0, "the sweep must complete with the honest worker alone: \(c.logText)")
        #expect(honest.wait(timeout: 15) == 0, "\(honest.logText)")
        #expect(hole.wait(timeout: 15) == 0, "\(hole.stderrText)")
        let seen = hole.report
        #expect(seen["quarantined"] as? Bool == true, "\(seen)")
        #expect((seen["reason"] as? String)?.contains("network.quarantine_after") == true, "the worker is told why: \(seen)")
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) == expected)
        let s = try status(out)
        #expect(s["tasks_failed"] as? Int == 0)
        let workers = s["workers"] as? [[String: Any]] ?? []
        let record = workers.first { $0["worker"] as? String == "blackhole" }
        #expect(record?["quarantined"] as? Bool == true, "\(workers)")
        #expect((record?["failures"] as? Int ?? 0) >= 1 && record?["results"] as? Int == 0, "\(workers)")
        #expect(workers.first { $0["worker"] as? String == "honest" }?["results"] as? Int == 9)
        #expect(c.logText.contains("QUARANTINED worker blackhole"))
        // report.json stays execution-independent; execution.json records the bad day.
        let execution = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("execution.json"))) as? [String: Any]
        let quarantined = execution?["workers_quarantined"] as? [[String: Any]] ?? []
        #expect(
            quarantined.first?["worker"] as? String == "blackhole" && (quarantined.first?["reason"] as? String)?.contains("quarantine_after") == true,
            "\(String(describing: execution))")
    }

    @Test("a black hole on another host, connected first, beside one honest worker: 0 tasks failed, quarantined and told why, report = in-process")
    func blackHoleOnAnotherHost() throws { try run(sameHost: false, name: "blackhole-other") }

    @Test("a black hole claiming the honest worker's host: probation and quarantine per worker still complete the sweep unchanged")
    func blackHoleOnTheSameHost() throws { try run(sameHost: true, name: "blackhole-same") }
}
