import Foundation
import GrokProbe
import GrokProtocol
import GrokTasks
import Testing

@Suite("RawJSON: a value's bytes cut out of a body only when unambiguous")
struct RawJSONTests {
    @Test(
        "a JSON RESULT body (as earlier builds send) carries its result in canonical bytes: stored as received, they equal the canonical JSON encoding"
    )
    func swiftWorkerBytesAreCanonical() {
        let result = TaskResult(
            task: SweepTask(width: 20, seedIndex: 1), parameterCount: 81, onsetEpoch: 300, snapshotEpochs: [0, 100],
            loss: [0.69, 0.1 + 0.2], accuracy: [0.5, 1], gini: [0.25, -0.0 + 0.3],
            topologies: [
                TopologyCascades(
                    topology: "ba", gradient: [FieldCascades(cascades: [Cascade(size: 3, extent: 2, duration: 1)], error: "a \"}\" {")], control: [])
            ])
        let body = Array(WireCodec.json(ResultEnvelope(lease: 7, task: "h20-s1", configHash: "abc", result: result)))
        let range = RawJSON.valueRange(ofTopLevelKey: "result", in: body)
        #expect(range.map { Data(body[$0]) } == TaskResult.canonicalJSON(result))
    }

    @Test("duplicate keys, escaped keys, a missing key or a non-object give nil (the caller re-encodes)")
    func ambiguousLayoutsRefused() {
        let cases = [
            #"{"result": {"a": 1}, "result": {"a": 2}}"#,
            #"{"res\u0075lt": {"a": 1}}"#,
            #"{"lease": 1}"#,
            #"[{"result": 1}]"#,
            #"{"result": {"a": 1}"#,
        ]
        for text in cases { #expect(RawJSON.valueRange(ofTopLevelKey: "result", in: Array(text.utf8)) == nil, "\(text)") }
        let spaced = Array(#" { "lease" : 1 , "result" : [1, {"x": "]"}] , "z": null } "#.utf8)
        #expect(RawJSON.valueRange(ofTopLevelKey: "result", in: spaced).map { String(decoding: spaced[$0], as: UTF8.self) } == #"[1, {"x": "]"}]"#)
    }
}
