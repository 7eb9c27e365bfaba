import Foundation
import GrokProbe
import GrokServe
import GrokTasks
import Testing

@Suite("The serve ensemble and its wire format")
struct EnsembleStateTests {
    static func field(_ size: Int) -> [FieldCascades] { [FieldCascades(cascades: [Cascade(size: size, extent: size, duration: 1)])] }

    @Test("a field resent for the same (run, step) replaces the first: the state counts it once")
    func resendReplaces() throws {
        var state = EnsembleState(topologies: ["ba"])
        try state.record(RunTag(run: "a", size: 8, step: 10), parameterCount: 33, fields: Self.field(5))
        try state.record(RunTag(run: "a", size: 8, step: 10), parameterCount: 33, fields: Self.field(5))
        try state.record(RunTag(run: "a", size: 8, step: 0), parameterCount: 33, fields: Self.field(4))
        #expect(state.fieldCount == 2)
        #expect(state.userRuns.map(\.steps) == [[0, 10]])
    }

    @Test("a field whose N differs from its run's, or a size label reused for another N, is refused and nothing changes")
    func lengthMismatch() throws {
        var state = EnsembleState(topologies: ["ba"])
        try state.record(RunTag(run: "a", size: 8, step: 0), parameterCount: 33, fields: Self.field(5))
        #expect(throws: ServeError.self) { try state.record(RunTag(run: "a", size: 8, step: 1), parameterCount: 34, fields: Self.field(5)) }
        #expect(throws: ServeError.self) { try state.record(RunTag(run: "b", size: 8, step: 1), parameterCount: 40, fields: Self.field(5)) }
        #expect(state.fieldCount == 1 && state.runs.count == 1)
    }

    @Test("a request of another protocol version is refused with code protocol_version")
    func version() {
        let header = Array(#"{"protocol": "grokscale-serve/0", "type": "hello"}"#.utf8)
        #expect { try ServeCodec.decode([header]) } throws: { ($0 as? ServeError)?.code == "protocol_version" }
    }

    @Test("a data frame whose length is not 4N is refused as bad_field, naming both lengths")
    func payloadLength() {
        let header = Array(#"{"protocol": "grokscale-serve/1", "type": "probe", "id": 3, "N": 4}"#.utf8)
        #expect { try ServeCodec.decode([header, [UInt8](repeating: 0, count: 12)]) } throws: {
            guard let e = $0 as? ServeError else { return false }
            return e.code == "bad_field" && e.id == 3 && e.message.contains("12 bytes") && e.message.contains("16")
        }
    }

    @Test("float32 data decode to the same doubles as the .npy reader")
    func floats() throws {
        let values: [Float] = [1.5, -2.25, .leastNonzeroMagnitude, 3e38]
        var bytes: [UInt8] = []
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        let header = Array(#"{"protocol": "grokscale-serve/1", "type": "probe", "id": 1, "N": 4}"#.utf8)
        guard case .probe(let p) = try ServeCodec.decode([header, bytes]) else { Issue.record("not a probe"); return }
        #expect(p.values == values.map(Double.init))
    }
}
