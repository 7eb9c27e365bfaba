import Foundation
import GrokConfig
import GrokProtocol
import GrokTasks
import Testing
import ZeroMQ

/// A raw ZeroMQ peer that misbehaves in every way the protocol forbids must be refused, with a
/// logged reason, while the coordinator keeps serving and the report stays exactly the same.
@Suite("Hostile peers are refused and change nothing", .serialized)
struct HostilePeerTests {
    @Test("garbage, truncated messages, a wrong version, a wrong configuration hash and an unleased result are all refused")
    func hostilePeer() throws {
        let folder = try Harness.temporaryFolder("hostile")
        let configURL = try Harness.writeConfig(in: folder)
        let expected = try Harness.inProcessReport(config: configURL, folder: folder)
        let config = try SweepConfig.load(toml: String(contentsOf: configURL, encoding: .utf8))
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try Child(
            ["coordinator", "--config", configURL.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path],
            log: folder.appendingPathComponent("coordinator.log"))

        let context = try ZMQContext()
        defer { context.terminate() }
        let peer = try ZMQSocket(context: context, type: .dealer)
        defer { peer.close() }
        try peer.set([.linger(milliseconds: 0), .receiveTimeout(milliseconds: 5000), .routingID(Array("hostile".utf8))])
        try peer.connect("tcp://127.0.0.1:\(port)")

        var leasedTasks: [TaskBody] = []
        /// Sends, then reads past heartbeats and leases until the REFUSE arrives.
        func expectRefusal(_ frames: [[UInt8]], _ code: RefusalCode, _ what: String) throws {
            try peer.send(frames)
            while true {
                guard let reply = try peer.receive() else {
                    Issue.record("no reply to \(what)")
                    return
                }
                let message = try? WireCodec.decode(reply)
                if case .heartbeat? = message { continue }
                if case .task(let body)? = message { leasedTasks.append(body); continue }
                guard case .refuse(let body)? = message else {
                    Issue.record("\(what): expected REFUSE, got \(reply.map { String(decoding: $0, as: UTF8.self) })")
                    return
                }
                #expect(body.code == code, "\(what): \(body)")
                return
            }
        }
        let id = Array("GRKS/1".utf8)
        try expectRefusal([[0xDE, 0xAD, 0xBE, 0xEF]], .malformed, "one garbage frame")
        try expectRefusal([id, Array("READY".utf8)], .malformed, "a truncated message")
        try expectRefusal([Array("GRKS/9".utf8), Array("READY".utf8), Array("{}".utf8)], .version, "a wrong version")
        try expectRefusal([id, Array("HEARTBEAT".utf8), Array("{}".utf8)], .unknownWorker, "a heartbeat before READY")
        try peer.send(WireCodec.encode(.ready(ReadyBody(worker: "hostile", host: "nowhere", pid: 1, slots: 1, version: "x"))))
        // It is now a worker and is leased a task; read the TASK.
        let gotTask = try eventually(timeout: 10) {
            if let frames = try peer.receive(dontWait: true), case .task(let body)? = try? WireCodec.decode(frames) { leasedTasks.append(body) }
            return !leasedTasks.isEmpty
        }
        #expect(gotTask)
        let leased = leasedTasks.first
        let leasedTask = SweepTask(key: leased?.task ?? "") ?? SweepTask(width: 20, seedIndex: 0)
        // Right task, wrong shape: no snapshots at all.
        let fake = TaskResult(
            task: leasedTask, parameterCount: 4 * leasedTask.width + 1, onsetEpoch: nil, snapshotEpochs: [],
            loss: [], accuracy: [], gini: [], topologies: [])
        try expectRefusal(
            WireCodec.encode(.result(ResultEnvelope(lease: leased?.lease ?? 0, task: leased?.task ?? "", configHash: "0123", result: fake))),
            .configHash, "a wrong configuration hash")
        // Give the coordinator time to send the prefetched second lease, so "never leased" is true.
        usleep(300_000)
        while let frames = try peer.receive(dontWait: true) {
            if case .task(let body)? = try? WireCodec.decode(frames) { leasedTasks.append(body) }
        }
        let other = config.tasks.map(\.key).first { key in !leasedTasks.contains { $0.task == key } }!
        try expectRefusal(
            WireCodec.encode(.result(ResultEnvelope(lease: 999, task: other, configHash: config.configurationHash, result: fake))),
            .notLeased, "a result for a task never leased")
        try expectRefusal(
            WireCodec.encode(
                .result(ResultEnvelope(lease: leased?.lease ?? 0, task: leased?.task ?? "", configHash: config.configurationHash, result: fake))),
            .invalid, "a result of the wrong shape")
        // Then leave, handing the task back, and let honest workers finish the sweep.
        try peer.send(WireCodec.encode(.disconnect(DisconnectBody(reason: "done being hostile", handedBack: leasedTasks.map(\.task)))))
        let workers = try (0..<2).map {
            try Child(
                ["worker", "--connect", "tcp://127.0.0.1:\(port)", "--slots", "1", "--heartbeat-ms", "200", "--give-up-after", "60"],
                log: folder.appendingPathComponent("w\($0).log"))
        }
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        for w in workers { w.wait(timeout: 10) }
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) == expected)
        let log = c.logText
        for fragment in ["expected 3 frames", "GRKS/9", "send READY first", "this sweep is", "was never leased", "snapshot epochs differ"] {
            #expect(log.contains(fragment), "coordinator log lacks \(fragment)")
        }
    }
}
