import Foundation
import GrokProtocol
import GrokTasks
import Testing

@Suite("Wire codec: every message round-trips; every malformed one is refused with a reason")
struct WireCodecTests {
    @Test("each message kind survives encode → decode")
    func roundTrip() throws {
        let result = TaskResult(
            task: SweepTask(width: 20, seedIndex: 1), parameterCount: 81, onsetEpoch: 1700, snapshotEpochs: [0, 100],
            loss: [0.69, 0.1 + 0.2], accuracy: [0.5, 1], gini: [0.3, 1.0 / 3.0], topologies: [])
        let messages: [WireMessage] = [
            .ready(ReadyBody(worker: "h:1:x", host: "h", pid: 1, slots: 2, version: "0.1.0")),
            .heartbeat,
            .result(ResultEnvelope(lease: 3, task: "h20-s1", configHash: "abc", result: result)),
            .result(ResultEnvelope(lease: 4, task: "noop-1", configHash: "abc", result: nil)),
            .failure(FailureBody(lease: 3, task: "h20-s1", configHash: "abc", error: "boom")),
            .disconnect(DisconnectBody(reason: "SIGTERM", handedBack: ["h20-s1"])),
            .task(TaskBody(lease: 3, task: "h20-s1", kind: .sweep, configHash: "abc", config: "seeds = 2\n")),
            .ack(AckBody(lease: 3, task: "h20-s1", status: .accepted)),
            .refuse(RefuseBody(code: .notLeased, reason: "why", task: "h20-s1")),
            .done,
        ]
        for m in messages {
            let frames = WireCodec.encode(m)
            #expect(frames.count == 3)
            #expect(frames[0] == Array("GRKS/1".utf8))
            #expect(try WireCodec.decode(frames) == m)
        }
    }

    @Test("garbage, truncated messages, wrong versions and missing fields are refused with the right code")
    func refusals() {
        let body = Array("{}".utf8)
        let cases: [([[UInt8]], RefusalCode, String)] = [
            ([[0xFF, 0x00]], .malformed, "expected 3 frames"),
            ([Array("GRKS/1".utf8), Array("READY".utf8)], .malformed, "expected 3 frames"),
            ([Array("HTTP/1.1".utf8), Array("READY".utf8), body], .malformed, "not a grokscale protocol id"),
            ([Array("GRKS/2".utf8), Array("READY".utf8), body], .version, "GRKS/2"),
            ([Array("GRKS/1".utf8), Array("HELLO".utf8), body], .malformed, "unknown message kind"),
            ([Array("GRKS/1".utf8), Array("READY".utf8), Array("[1,2]".utf8)], .malformed, "not a JSON object"),
            ([Array("GRKS/1".utf8), Array("READY".utf8), Array("{\"worker\":\"w\"}".utf8)], .malformed, "missing field"),
            (
                [Array("GRKS/1".utf8), Array("RESULT".utf8), Array("{\"lease\":\"x\",\"task\":\"t\",\"config_hash\":\"h\",\"result\":{}}".utf8)],
                .malformed, "wrong type"
            ),
            ([Array("GRKS/1".utf8), Array("HEARTBEAT".utf8), [0xC3, 0x28]], .malformed, "not a JSON object"),
        ]
        for (frames, code, fragment) in cases {
            do {
                _ = try WireCodec.decode(frames)
                Issue.record("accepted \(frames)")
            } catch {
                #expect(error.code == code, "\(error)")
                #expect(error.reason.contains(fragment), "\(error.reason)")
            }
        }
    }
}
