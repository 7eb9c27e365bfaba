import Foundation
import GRDB
import Testing

/// Three hosts made of network namespaces: the coordinator in one, a worker in each of the
/// others, CURVE on a non-loopback address. Fails (never skips) without root or `ip netns`.
@Suite("Many hosts in network namespaces", .serialized)
struct NetworkNamespaceTests {
    static let port = 5555  // each namespace has its own port space: no clash with the host

    static func count(_ out: URL, _ sql: String) -> Int {
        guard FileManager.default.fileExists(atPath: out.appendingPathComponent("journal.sqlite").path) else { return 0 }
        return (try? DatabaseQueue(path: out.appendingPathComponent("journal.sqlite").path).read { db in try Int.fetchOne(db, sql: sql) ?? 0 }) ?? 0
    }

    static func strings(_ out: URL, _ sql: String) -> [String] {
        (try? DatabaseQueue(path: out.appendingPathComponent("journal.sqlite").path).read { db in try String.fetchAll(db, sql: sql) }) ?? []
    }

    @Test(
        "report byte-identical across namespaces; a worker whose link is down past liveness rejoins and its task is leased again; an unknown key and CURVE off are refused"
    )
    func threeHosts() throws {
        try #require(
            geteuid() == 0, "NetworkNamespaceTests needs root to create network namespaces (ip netns add): run the tests as root, as .ci/run does")
        let net: NetworkNamespaces
        do {
            net = try NetworkNamespaces(workers: 2)
        } catch {
            Issue.record("cannot build network namespaces (needs root, iproute2 and a kernel with netns/veth): \(error)")
            return
        }
        defer { net.tearDown() }

        let folder = try Harness.temporaryFolder("netns")
        let keys = folder.appendingPathComponent("keys")
        let authorized = keys.appendingPathComponent("authorized")
        try FileManager.default.createDirectory(at: authorized, withIntermediateDirectories: true)
        try CurveAuthenticationTests.keys(["coordinator", "worker", "stranger"], in: keys)
        try FileManager.default.copyItem(at: keys.appendingPathComponent("worker.pub"), to: authorized.appendingPathComponent("worker.pub"))
        // 9 tasks, each held 1.5 s by the workers: work is left when the cut worker comes back.
        let config = try Harness.writeConfig(in: folder, seeds: 3)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let out = folder.appendingPathComponent("out")

        let c = try Child(
            [
                "coordinator", "--config", config.path, "--bind", "tcp://0.0.0.0:\(Self.port)", "--out", out.path,
                "--curve-secret-key", keys.appendingPathComponent("coordinator.key").path, "--authorized-keys", authorized.path,
            ],
            log: folder.appendingPathComponent("coordinator.log"), launcher: net.launcher(net.coordinator))
        func worker(_ k: Int, name: String, key: String?, delayMs: Int = 1500) throws -> Child {
            var arguments = [
                "worker", "--connect", "tcp://\(net.coordinatorAddress(forWorker: k)):\(Self.port)", "--slots", "1", "--name", name,
                "--heartbeat-ms", "200", "--liveness", "3", "--give-up-after", "60", "--task-delay-ms", "\(delayMs)",
            ]
            if let key {
                arguments += [
                    "--secret-key", keys.appendingPathComponent("\(key).key").path, "--server-key",
                    keys.appendingPathComponent("coordinator.pub").path,
                ]
            }
            return try Child(arguments, log: folder.appendingPathComponent("\(name).log"), launcher: net.launcher(net.workers[k]))
        }
        let w1 = try worker(0, name: "w1", key: "worker")
        let w2 = try worker(1, name: "w2", key: "worker")
        #expect(eventually(timeout: 30) { Self.count(out, "SELECT COUNT(*) FROM leases WHERE worker = 'w1'") > 0 }, "\(c.logText)")
        let cutTasks = Self.strings(out, "SELECT task FROM leases WHERE worker = 'w1'")
        let joinsBefore = c.logText.components(separatedBy: ": w1 on ").count - 1

        try net.setLink(worker: 0, down: true)
        // Down well past liveness (3 × 200 ms): the coordinator must give w1 up.
        let lost = eventually(timeout: 10) { c.logText.contains("worker w1 went silent") }
        #expect(lost, "\(c.logText)")
        usleep(1_500_000)
        try net.setLink(worker: 0, down: false)

        // Meanwhile, strangers knock on w2's host: an unknown key, and the right key without CURVE.
        let stranger = try worker(1, name: "stranger", key: "stranger")
        let plain = try worker(1, name: "plain", key: nil)
        let strangerKey = try CurveAuthenticationTests.key(keys.appendingPathComponent("stranger.pub"))
        #expect(eventually(timeout: 20) { c.logText.contains("refused an unknown CURVE key \(strangerKey)") }, "\(c.logText)")

        #expect(c.wait(timeout: 180) == 0, "\(c.logText)")
        #expect(w1.wait(timeout: 20) == 0, "\(w1.logText)")
        #expect(w2.wait(timeout: 20) == 0, "\(w2.logText)")
        // Never admitted, they never heard DONE: still waiting for an answer.
        #expect(stranger.isRunning && plain.isRunning, "\(stranger.logText)\n\(plain.logText)")
        stranger.signal(SIGTERM)
        plain.signal(SIGTERM)
        stranger.wait(timeout: 20)
        plain.wait(timeout: 20)

        let report = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(report == expected)
        // w1 came back: it announced itself again after the cut.
        #expect(c.logText.components(separatedBy: ": w1 on ").count - 1 > joinsBefore, "\(c.logText)")
        // The tasks w1 held when cut were leased again.
        for task in cutTasks {
            #expect(Self.count(out, "SELECT COUNT(*) FROM leases WHERE task = '\(task)'") >= 2, "\(task)")
        }
        #expect(Self.count(out, "SELECT COUNT(*) FROM results") == 9)
        // The plain-text worker never reaches ZAP; the handshake monitor logs it.
        #expect(c.logText.contains("does not speak CURVE"), "\(c.logText)")
        // Refused peers are invisible to the journal.
        for table in ["leases", "results", "events"] {
            #expect(Self.count(out, "SELECT COUNT(*) FROM \(table) WHERE worker IN ('stranger', 'plain')") == 0, "\(table)")
        }
        #expect(!stranger.logText.contains("the sweep is done") && !plain.logText.contains("the sweep is done"))
    }
}
