import Foundation
import GrokConfig
import GrokReportModel
import GrokRunner
import GrokSweep
import GrokTasks
import GrokTestSupport
import Testing

/// The training-task seam must not change a byte of an XOR sweep: these digests were
/// taken from the code before the seam existed (commit 5b3b99c) and must never change. The
/// report digest was re-taken once when the report contract changed on purpose (fixed
/// onset windows, systematics, verdicts: new summary keys and values); the task-result digest,
/// which that change does not touch, is the pre-seam one.
@Suite("XOR through the task seam: the same bytes as before the seam")
struct LegacyXORBytesTests {
    // Re-pinned when the report contract changed the report contract on purpose
    // (fixed windows and verdicts; the configuration hash and network keys; cascades moved out
    // of report.json). The task-result digest below, which none of them touches, is pre-seam.
    // Re-pinned again for the histogram fits: Vuong's sums now run over the tail in
    // ascending size (the order a histogram gives), not cascade order; only power_law[].vuong
    // R and p changed, by at most 1.2e-7 relative (default grid; every other number identical).
    // Re-pinned for the per-width bootstrap intervals of S (per_width[].S_pre_ci95, S_post_ci95):
    // keys added, every earlier value identical (`git diff Tests/GrokTestSupport/Pins` shows it).
    static let reportDigest = "dd3d67e02f8f660a29b228d37c50992f4660303db4762a8b19a4476de92104c7"
    static let resultDigest = "fb1199805f48498fb6fd199f1dbb32ff7a7519ff42abf26023c95fe9851f068b"

    @Test("the default-axes XOR report.json is byte-identical to the pre-seam report")
    func reportBytesUnchanged() throws {
        let config = try smallConfig()
        let outcome = InProcessSweep.run(config: config, threads: 2)
        let text = ReportBuilder.build(
            config: config, results: outcome.results, failures: outcome.failures,
            provenance: Provenance(gitCommit: nil, hostCount: 1)
        ).serialized()
        if let change = Pin.mismatch(text, digest: Self.reportDigest, name: "small-grid-report.json") { Issue.record(Comment(rawValue: change)) }
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
