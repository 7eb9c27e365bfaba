import Foundation
import Testing
import GrokSweep

/// The training-task seam (issue 12) must not change a byte of an XOR sweep: these digests were
/// taken from the code before the seam existed (commit 5b3b99c) and must never change.
@Suite("XOR through the task seam: the same bytes as before the seam")
struct LegacyXORBytesTests {
    static let reportDigest = "eb84e105b0ff0e908ac008c18a57ffb19691ac05945a6ca243e707f404dce579"
    static let resultDigest = "fb1199805f48498fb6fd199f1dbb32ff7a7519ff42abf26023c95fe9851f068b"

    @Test("the default-axes XOR report.json is byte-identical to the pre-seam report")
    func reportBytesUnchanged() throws {
        let config = try smallConfig()
        let outcome = InProcessSweep.run(config: config, threads: 2)
        let text = ReportBuilder.build(config: config, results: outcome.results, failures: outcome.failures,
                                       provenance: Provenance(gitCommit: nil, hostCount: 1)).serialized()
        #expect(SHA256.hex(Array(text.utf8)) == Self.reportDigest)
    }

    @Test("a default-axes XOR task's key and JSON result encoding are the pre-seam ones")
    func resultEncodingUnchanged() throws {
        let config = try smallConfig()
        let task = SweepTask(width: 30, seedIndex: 1)
        #expect(task.key == "h30-s1")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(try TaskRunner.run(task, config: config))
        #expect(SHA256.hex(Array(data)) == Self.resultDigest)
        #expect(String(decoding: try encoder.encode(task), as: UTF8.self) == #"{"seedIndex":1,"width":30}"#)
    }
}
