import Foundation
import GRDB
import GrokConfig
import GrokProtocol
import GrokRunner
import GrokTasks
import Testing
import ZeroMQ

/// The group commit's invariants, against a real coordinator process and a raw ZeroMQ peer that
/// computes its tasks with ``TaskRunner`` (what a worker does) and watches every ACK: an ACK
/// never precedes the commit of its result; a batch is committed within its window although
/// nothing else arrives; a kill between receipt and commit loses nothing and doubles nothing;
/// no commit holds more than 256 results, even from one burst.
@Suite("Group commit: committed before the ACK, on time, capped, nothing lost under a kill", .serialized)
struct GroupCommitTests {
    /// Heartbeats every second, 5 missed allowed: the peer may stay silent for seconds.
    static func config(in folder: URL, seeds: Int, widths: String = "[20, 30, 50]", extra: String = "") throws -> URL {
        let url = folder.appendingPathComponent("sweep.toml")
        try """
        widths = \(widths)
        seeds = \(seeds)
        topologies = ["ba"]
        \(extra)
        [analysis]
        bootstrap_resamples = 50
        collapse_resamples = 0
        gof_resamples = 0
        [network]
        heartbeat_interval_ms = 1000
        heartbeat_liveness = 5
        """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func coordinator(_ config: URL, port: Int, out: URL, log: URL, level: String = "info") throws -> Child {
        try Child(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path, "--quiet", "--log-level", level],
            log: log)
    }

    /// Committed rows of `task` (0 while the journal does not exist).
    func rows(_ out: URL, task: String) -> Int {
        let path = out.appendingPathComponent("journal.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        return
            (try? DatabaseQueue(path: path).read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results WHERE task = ?", arguments: [task]) ?? 0
            }) ?? 0
    }

    @Test("every ACK finds its result already committed, and a lone result is committed and acknowledged while the peer stays silent")
    func ackFollowsCommitAndTheWindowFiresAlone() throws {
        let folder = try Harness.temporaryFolder("group-commit-ack")
        let configURL = try Self.config(in: folder, seeds: 3)
        let config = try SweepConfig.load(toml: String(contentsOf: configURL, encoding: .utf8))
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(configURL, port: port, out: out, log: folder.appendingPathComponent("coordinator.log"))
        let peer = try RawPeer(port: port, name: "ack-watcher", slots: 1, config: config)
        // The first lease: send its result, then nothing at all until the ACK.
        let first = try #require(try peer.nextTask(timeout: 30), "no TASK: \(c.logText)")
        let sentAt = Date()
        try peer.sendResult(of: first)
        var firstAck: AckBody?
        while firstAck == nil && Date().timeIntervalSince(sentAt) < 4 {
            switch try peer.receive(timeout: 0.05) {
            case .ack(let ack)?: firstAck = ack
            case .task(let t)?: peer.leased.append(t)
            default: break
            }
        }
        let ack = try #require(firstAck, "no ACK within 4 s of a lone result while the peer was silent (the window is 0.25 s)")
        #expect(ack.task == first.task && ack.status == .accepted)
        #expect(rows(out, task: first.task) == 1, "ACK for \(first.task) before its commit")
        // The rest of the sweep: every ACK must find its row.
        var acknowledged: Set<String> = [first.task]
        let done = try peer.workUntilDone { a in
            #expect(rows(out, task: a.task) == 1, "ACK for \(a.task) before its commit")
            #expect(acknowledged.insert(a.task).inserted, "\(a.task) acknowledged twice")
        }
        #expect(done)
        try peer.disconnect()
        #expect(acknowledged == Set(config.tasks.map(\.key)))
        #expect(c.wait(timeout: 60) == 0, "\(c.logText)")
    }

    @Test(
        "the coordinator killed after receiving a result, before committing it: no ACK was sent, and after the restart the task is committed exactly once"
    )
    func killBetweenReceiptAndCommitLosesNothing() throws {
        let folder = try Harness.temporaryFolder("group-commit-kill")
        let configURL = try Self.config(in: folder, seeds: 2)
        let config = try SweepConfig.load(toml: String(contentsOf: configURL, encoding: .utf8))
        let expected = try Harness.inProcessReport(config: configURL, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let first = try coordinator(configURL, port: port, out: out, log: folder.appendingPathComponent("coordinator-1.log"))
        let peer = try RawPeer(port: port, name: "survivor", slots: 1, config: config)
        let task = try #require(try peer.nextTask(timeout: 30), "no TASK: \(first.logText)")
        try peer.sendResult(of: task)
        // Received at once; committed only when the 0.25 s window closes: kill inside it.
        usleep(20_000)
        first.signal(SIGKILL)
        first.wait(timeout: 5)
        var ackedBeforeKill = false
        while let message = try peer.receive(timeout: 0.1) { if case .ack(let a) = message, a.task == task.task { ackedBeforeKill = true } }
        #expect(!ackedBeforeKill, "acknowledged within 20 ms: the commit came before the kill and the test proves nothing")
        #expect(rows(out, task: task.task) == 0, "committed within 20 ms: the test proves nothing")
        // Restarted on the same folder: the peer announces itself again and resends the result
        // it holds unacknowledged (as a worker does), then works the sweep to its end.
        let second = try coordinator(configURL, port: port, out: out, log: folder.appendingPathComponent("coordinator-2.log"))
        peer.leased = []
        try peer.ready()
        try peer.sendResult(of: task)
        var accepted: [String: Int] = [:]
        let done = try peer.workUntilDone { a in
            if a.status == .accepted { accepted[a.task, default: 0] += 1 }
        }
        #expect(done)
        try peer.disconnect()
        #expect(second.wait(timeout: 60) == 0, "\(second.logText)")
        #expect(accepted[task.task] == 1, "\(task.task) accepted \(accepted[task.task] ?? 0) times")
        #expect(accepted.values.allSatisfy { $0 == 1 } && accepted.count == config.tasks.count)
        let db = try DatabaseQueue(path: out.appendingPathComponent("journal.sqlite").path)
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM results") } == config.tasks.count)
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) == expected)
    }

    @Test("a burst of 512 results from two peers is committed in transactions of at most 256 results")
    func burstIsCommittedInCappedBatches() throws {
        let folder = try Harness.temporaryFolder("group-commit-cap")
        // 513 quick tasks: 100 epochs, 3 snapshots, no control; 512 of them leased at once.
        let configURL = try Self.config(
            in: folder, seeds: 171, widths: "[20, 21, 22]",
            extra: """
                [training]
                epochs = 100
                snapshot_interval = 50
                [probe]
                control = false
                """)
        let config = try SweepConfig.load(toml: String(contentsOf: configURL, encoding: .utf8))
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try coordinator(configURL, port: port, out: out, log: folder.appendingPathComponent("coordinator.log"), level: "debug")
        // Each peer holds the most a worker may (256 leases), computes them all, then sends
        // every result at once.
        let peers = try (0..<2).map { try RawPeer(port: port, name: "burst-\($0)", slots: 4096, config: config) }
        for peer in peers {
            let filled = try eventually(timeout: 60) {
                while let message = try peer.receive(timeout: 0) { if case .task(let t) = message { peer.leased.append(t) } }
                return peer.leased.count >= 256
            }
            #expect(filled, "\(peer.leased.count) leases")
        }
        let bursts = try peers.map { peer in try peer.leased.map { try peer.resultFrames(of: $0) } }
        for (peer, frames) in zip(peers, bursts) { for f in frames { try peer.socket.send(f) } }
        for peer in peers {
            let told = try eventually(timeout: 120) {
                while let message = try peer.receive(timeout: 0) {
                    if case .done = message { return true }
                    if case .task(let t) = message { try peer.sendResult(of: t) }  // the 513th
                }
                return false
            }
            #expect(told)
            try peer.disconnect()
        }
        #expect(c.wait(timeout: 120) == 0, "\(c.logText.suffix(2000))")
        let sizes = c.logText.split(separator: "\n").compactMap { line -> Int? in
            guard let r = line.range(of: "committed ") else { return nil }
            return Int(line[r.upperBound...].prefix { $0.isNumber })
        }
        #expect(sizes.reduce(0, +) == 513, "\(sizes)")
        #expect(sizes.allSatisfy { $0 <= 256 }, "\(sizes)")
        #expect(sizes.filter { $0 > 0 }.count >= 2, "\(sizes)")
    }
}

/// A DEALER that speaks the protocol by hand: READY, results computed with ``TaskRunner``, heartbeats.
final class RawPeer {
    let context: ZMQContext
    let socket: ZMQSocket
    let name: String
    let slots: Int
    let config: SweepConfig
    /// Leases received and not yet answered.
    var leased: [TaskBody] = []
    private var computed: [String: TaskResult] = [:]

    init(port: Int, name: String, slots: Int, config: SweepConfig) throws {
        context = try ZMQContext()
        socket = try ZMQSocket(context: context, type: .dealer)
        self.name = name
        self.slots = slots
        self.config = config
        try socket.set([
            .linger(milliseconds: 0), .routingID(Array("\(name)#\(UUID().uuidString.prefix(8))".utf8)), .sendHighWaterMark(0),
            .receiveHighWaterMark(0),
        ])
        try socket.connect("tcp://127.0.0.1:\(port)")
        try ready()
    }

    deinit {
        socket.close()
        context.terminate()
    }

    func ready() throws {
        try socket.send(WireCodec.encode(.ready(ReadyBody(worker: name, host: "test-\(name)", pid: 1, slots: slots, version: "test"))))
    }

    func heartbeat() throws { try socket.send(WireCodec.encode(.heartbeat)) }

    /// What a worker says after DONE, so the coordinator need not wait out its grace period.
    func disconnect() throws {
        try socket.send(WireCodec.encode(.disconnect(DisconnectBody(reason: "test peer done", handedBack: []))))
        usleep(100_000)
    }

    /// The next message, or nil after `timeout` seconds (0: only what is queued).
    func receive(timeout: Double) throws -> WireMessage? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if let frames = try socket.receive(dontWait: true) { return try WireCodec.decode(frames) }
            if timeout > 0 { usleep(2_000) }
        } while Date() < deadline
        return nil
    }

    /// Works the sweep as a worker does until DONE (true) or 120 s pass (false): answers every
    /// lease with its result, heartbeats while idle, and hands each ACK to `onAck`.
    func workUntilDone(_ onAck: (AckBody) -> Void) throws -> Bool {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            while let t = leased.first {
                leased.removeFirst()
                try sendResult(of: t)
            }
            guard let message = try receive(timeout: 0.2) else { try heartbeat(); continue }
            switch message {
            case .task(let t): leased.append(t)
            case .ack(let a): onAck(a)
            case .done: return true
            default: break
            }
        }
        return false
    }

    /// Waits for a TASK (queueing any others that come first).
    func nextTask(timeout: Double) throws -> TaskBody? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !leased.isEmpty { return leased.removeFirst() }
            if case .task(let t)? = try receive(timeout: 0.05) { leased.append(t) }
        }
        return nil
    }

    /// The RESULT of a lease; each task computed once (a later lease resends the same result).
    func resultFrames(of t: TaskBody) throws -> [[UInt8]] {
        let result: TaskResult
        if let known = computed[t.task] {
            result = known
        } else {
            result = try TaskRunner.run(try #require(SweepTask(key: t.task)), config: config)
            computed[t.task] = result
        }
        return WireCodec.encode(.result(ResultEnvelope(lease: t.lease, task: t.task, configHash: t.configHash, result: result)))
    }

    func sendResult(of t: TaskBody) throws { try socket.send(resultFrames(of: t)) }
}
