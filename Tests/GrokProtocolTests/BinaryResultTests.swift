import Foundation
import GrokProbe
import GrokProtocol
import GrokTasks
import Testing

@Suite("Binary result record and RESULT body: exact round trips, one encoding per value, every malformed input refused with a reason")
struct BinaryResultTests {
    static let sample = TaskResult(
        task: SweepTask(width: 20, seedIndex: 1), parameterCount: 81, onsetEpoch: 1700, snapshotEpochs: [0, 100, 200],
        loss: [0.69, 0.1 + 0.2, 1e-300], accuracy: [0.5, 0.75, 1], gini: [0.3, 1.0 / 3.0, 0],
        topologies: [
            TopologyCascades(
                topology: "ba",
                gradient: [
                    FieldCascades(cascades: [Cascade(size: 3, extent: 2, duration: 1)]),
                    FieldCascades(cascades: [], error: "threshold 0 — degenerate"),
                    FieldCascades(cascades: [Cascade(size: 1 << 40, extent: 2001, duration: 300)]),
                ],
                control: [FieldCascades(cascades: [Cascade(size: 0, extent: 0, duration: 0)])]),
            TopologyCascades(topology: "ring", gradient: [], control: []),
        ],
        testAccuracy: [0.25, 0.5, 0.875], trainOnsetEpoch: 100)

    @Test("a record decodes to the value it was made from, and its canonical JSON is unchanged (the result's meaning)")
    func roundTrip() throws {
        var other = Self.sample
        other.task = SweepTask(
            width: 64, seedIndex: 3, group: TaskGroup(task: "modadd", optimizer: .adamw, regularizer: .decoupled, weightDecay: 1e-5))
        other.onsetEpoch = nil
        other.testAccuracy = nil
        other.trainOnsetEpoch = nil
        for r in [Self.sample, other] {
            let record = TaskResult.binaryRecord(r)
            let back = try TaskResult.decodeBinary(record)
            #expect(back == r)
            #expect(TaskResult.canonicalJSON(back) == TaskResult.canonicalJSON(r))
            #expect(TaskResult.binaryRecord(back) == record)
            #expect(try TaskResult.decodeStored(Data(record)) == r)
            #expect(try TaskResult.decodeStored(TaskResult.canonicalJSON(r)) == r)
        }
    }

    @Test("the record a Python peer builds (Peers/peer.py's record()) decodes to the value it describes")
    func pythonRecordFixture() throws {
        // peer.record() of {"task": {"width": 20, "seedIndex": 1}, "parameterCount": 81, "onsetEpoch": None,
        // "snapshotEpochs": [0, 100], "loss": [0.5, 0.4], "accuracy": [0.5, 1], "gini": [0.1, 0.2],
        // "topologies": [{"topology": "ba", "gradient": [{"cascades": [{"size": 3, "extent": 2, "duration": 1}], "error": None}], "control": []}]}
        let hex =
            "47524b5401280203786f72026764046e6f6e650000000000000000a201000200c80102000000000000e03f9a9999999999d93f02000000000000e03f000000000000f03f029a9999999999b93f9a9999999999c93f00000102626101000106040200"
        let bytes = stride(from: 0, to: hex.count, by: 2).map { i in UInt8(hex.dropFirst(i).prefix(2), radix: 16)! }
        let expected = TaskResult(
            task: SweepTask(width: 20, seedIndex: 1), parameterCount: 81, onsetEpoch: nil, snapshotEpochs: [0, 100],
            loss: [0.5, 0.4], accuracy: [0.5, 1], gini: [0.1, 0.2],
            topologies: [
                TopologyCascades(topology: "ba", gradient: [FieldCascades(cascades: [Cascade(size: 3, extent: 2, duration: 1)])], control: [])
            ])
        #expect(try TaskResult.decodeBinary(bytes) == expected)
        #expect(TaskResult.binaryRecord(expected) == bytes)
    }

    @Test("every truncation of a record and of a RESULT body is refused as malformed (never a crash, never a value)")
    func truncationsRefused() {
        let record = TaskResult.binaryRecord(Self.sample)
        for n in 0..<record.count {
            #expect(throws: BinaryDecodingError.self) { try TaskResult.decodeBinary(Array(record.prefix(n))) }
        }
        let body = WireCodec.encode(.result(ResultEnvelope(lease: 9, task: "h20-s1", configHash: "abc", result: Self.sample)))[2]
        let header = body.count - record.count
        for n in 0..<body.count where n != header {  // the header alone is a no-op RESULT
            let frames = [Array("GRKS/1".utf8), Array("RESULT".utf8), Array(body.prefix(n))]
            guard n >= 4 else { continue }  // shorter: not recognisably binary (the JSON decoder refuses it)
            do {
                _ = try WireCodec.decode(frames)
                Issue.record("a RESULT cut at \(n) of \(body.count) bytes was accepted")
            } catch {
                #expect(error.code == .malformed)
                #expect(error.reason.hasPrefix("RESULT body:"), "\(error.reason)")
            }
        }
    }

    @Test(
        "seeded random corruptions decode or are refused, never crash; trailing bytes, long varints, flags ≠ 0/1 and oversized counts are refused by name"
    )
    func corruptionsRefused() throws {
        let record = TaskResult.binaryRecord(Self.sample)
        var seeded = Xorshift(state: 0x9E37_79B9_7F4A_7C15)
        for _ in 0..<3000 {
            var bytes = record
            for _ in 0..<(1 + Int(seeded.next() % 3)) {
                bytes[Int(seeded.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: seeded.next())
            }
            _ = try? TaskResult.decodeBinary(bytes)
        }
        func reason(_ bytes: [UInt8]) -> String {
            do { _ = try TaskResult.decodeBinary(bytes); return "accepted" } catch { return error.reason }
        }
        #expect(reason(record + [0]).contains("after the end of the result record"))
        // The width as a two-byte varint of 40 (0xA8 0x00): not the shortest form.
        #expect(reason(Array(record.prefix(5)) + [0xA8, 0x00] + Array(record.dropFirst(6))).contains("shortest form"))
        // Eleven continuation bytes: more than 64 bits.
        #expect(reason(Array(record.prefix(5)) + [UInt8](repeating: 0xFF, count: 11) + [0x01]).contains("64 bits"))
        // A snapshot count of 2^62 is refused before anything is allocated.
        var huge = BinaryWriter()
        huge.raw(TaskResult.binaryMagic)
        for v in [20, 1] { huge.int(v) }
        for s in ["xor", "gd", "none"] { huge.string(s) }
        huge.double(0)
        huge.int(81)
        huge.flag(false)
        huge.unsigned(1 << 62)
        #expect(reason(huge.bytes).contains("does not fit in the"))
        // onsetEpoch's presence flag set to 2.
        var flag = BinaryWriter()
        flag.raw(TaskResult.binaryMagic)
        for v in [20, 1] { flag.int(v) }
        for s in ["xor", "gd", "none"] { flag.string(s) }
        flag.double(0)
        flag.int(81)
        flag.byte(2)
        #expect(reason(flag.bytes).contains("flag must be 0 or 1"))
        #expect(reason(Array("GRKT".utf8) + [3]).contains("format 3 is not one this build reads"))
        #expect(reason(Array("GRKU".utf8) + [1]).contains("GRKT"))
    }

    @Test(
        "RESULT is sent binary; a binary and a JSON body of the same envelope decode to the same message; the stored bytes are the record as received"
    )
    func wireForms() throws {
        let envelope = ResultEnvelope(lease: 12, task: "h20-s1", configHash: "abc", result: Self.sample)
        let frames = WireCodec.encode(.result(envelope))
        #expect(ResultWire.isBinary(frames[2]))
        #expect(try WireCodec.decode(frames) == .result(envelope))
        let json = [frames[0], frames[1], Array(WireCodec.json(envelope))]
        #expect(try WireCodec.decode(json) == .result(envelope))
        let range = try #require(ResultWire.recordRange(in: frames[2]))
        #expect(Array(frames[2][range]) == TaskResult.binaryRecord(Self.sample))
        let noop = WireCodec.encode(.result(ResultEnvelope(lease: 1, task: "noop-1", configHash: "abc", result: nil)))
        #expect(ResultWire.recordRange(in: noop[2]) == nil)
        #expect(try WireCodec.decode(noop) == .result(ResultEnvelope(lease: 1, task: "noop-1", configHash: "abc", result: nil)))
    }
}

/// A tiny seeded generator for the corruption test (the same bytes on every run).
struct Xorshift: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

@Suite("TASK messages encoded once per sweep")
struct TaskMessageEncoderTests {
    @Test("the prebuilt TASK frames decode to the same TaskBody as WireCodec's, also for configuration text needing escapes")
    func sameBody() throws {
        let config = "seeds = 2\nwidths = [20, 30]\n[probe]\nname = \"q\\\\u\" # é\t\u{1}"
        for kind in [TaskKind.sweep, .noop] {
            let encoder = TaskMessageEncoder(kind: kind, configHash: "ab12", config: config)
            for (lease, task) in [(1, "h20-s1"), (123_456_789, "modadd-adamw-decoupled-wd1e-05-h64-s0"), (7, "odd \"key\"")] {
                let expected = WireMessage.task(TaskBody(lease: lease, task: task, kind: kind, configHash: "ab12", config: config))
                #expect(try WireCodec.decode(encoder.frames(lease: lease, task: task)) == expected)
            }
        }
    }
}
