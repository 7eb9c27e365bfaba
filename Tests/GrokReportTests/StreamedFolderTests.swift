import Foundation
import Testing
import GrokReport
import GrokSweep

/// Every file under `folder` (relative path → bytes).
func folderFiles(_ folder: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let base = folder.standardizedFileURL.path
    let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = walker?.nextObject() as? URL {
        guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
        out[String(url.standardizedFileURL.path.dropFirst(base.count + 1))] = try Data(contentsOf: url)
    }
    return out
}

func temporaryFolder(_ tag: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-\(tag)-\(UUID().uuidString.prefix(8))")
}

@Suite("Streamed report folder: run records and size histograms draw what the results drew")
struct StreamedFolderTests {
    /// SHA-256 of each file of the small XOR grid's folder (Fixture) as the pre-stream build
    /// (31c40c2, every result in memory; `grokscale run --in-process` of the same grid) wrote
    /// it; the streamed build must not change a byte. report.json's is LegacyXORBytesTests' pin.
    static let preStreamDigests: [String: String] = [
        "avalanches.csv.gz": "9e2dae8e2be785a41492d887156c90caad0376ef316eebf7783415b7baf26087",
        "plots/accuracy.svg": "6c946d00fabea2c665aaee931e4c074c5343d4499d82590a722f658084e1c83a",
        "plots/bootstrap.svg": "760929109265a6f2cc5e4061376c896f9e04a3225c6ebcd3aae2a774ffefaf12",
        "plots/collapse.svg": "c71a2cc09aa7dd5e13f2db6a796e49f445fea15fc84c66eecdd94698d89bf560",
        "plots/collapse_post.svg": "a41a89e5473929ce5e042c27534a877fd7f68bc1695087162050d64cacb3a05d",
        "plots/collapse_pre.svg": "d505385e179fff13a0b9eeec2edde000bc5bd8a85faddaf994e471eab353a099",
        "plots/d_tau.svg": "7c30b6b08715eb20c91809a1000940a876909540d4fc22007a3837ceb49333f7",
        "plots/gini.svg": "8a73c20f72226527d2ca1cc1c6b722ee922673bd1ddad0a6e915385235757fa0",
        "plots/loss.svg": "add79ebef8633aaabd3d0e517b0112d5ba497b5d9f6542fe4321b3a83c7941f9",
        "plots/p_s_control.svg": "650ed02d6f999b68f3ee695abe3007e0482195bfaaf3d6af5a3029b40e374a75",
        "plots/p_s_gradient.svg": "c16b55debd33b6ea0ed2f6482690bd0324db794c00b8a25a4eed2097fcde3fbf",
        "plots/s_of_n.svg": "9a503b8d0b80fafb6882b52bd2b8070c9f25fa25b8beb30296a3254b867d5e37",
        "plots/timing_ecdf.svg": "98fccc17e00416aee09b6681410cfe7fcad39233c5d0f3f68fc73511a3dd0fbd",
        // report.html and report.md re-pinned when the verdict, the contents and the diagnostics
        // table were added and the headline cut to what to quote (every other file unchanged).
        "report.html": "7122aa8c47ab744655effcb9cc7a187c6b2727c879ad0c9990a40a701436fcb1",
        "report.json": "52a01c831af886a10e216484cd484924797958732de3d3f043e687db63ba7983",
        "report.md": "1f37bc2805ff9dad3051a35b5ce6c092bab279f74138fe93a5d1ffce38708c52",
        "runs.csv": "c08eeb6162f8ebe78b493a4f63f4771108c819a1d024c1436d9b53dba7e1c2f6",
        "timing.csv": "a3ff5da24d8ff8490a0a933fc7e4eb396df0fd4361d6b0940788c557efdfde3b",
    ]

    /// A streamed folder: results folded one at a time in canonical order (a journal's pass).
    static func streamedFolder(config: SweepConfig, results: [TaskResult], failures: [TaskFailure]) throws -> URL {
        let folder = temporaryFolder("streamed")
        let streamed = StreamedReportFolder(config: config, folder: folder)
        for r in results.sorted(by: { $0.task < $1.task }) { try streamed.add(r) }
        let report = ReportBuilder.build(config: config, input: streamed.input, failures: failures, provenance: Provenance(gitCommit: nil, hostCount: 1))
        try ReportFolder.write(report, streamed: streamed, into: folder)
        return folder
    }

    @Test("legacy XOR grid: a streamed folder is byte-identical to ReportFolder.write(results:), file for file")
    func legacyStreamedFolderEqualsInMemory() throws {
        let folder = try Self.streamedFolder(config: Fixture.config, results: Fixture.outcome.results, failures: Fixture.outcome.failures)
        let streamed = try folderFiles(folder), reference = try folderFiles(Fixture.folder)
        #expect(streamed.count > 10)
        #expect(Set(streamed.keys) == Set(reference.keys))
        for (name, bytes) in reference { #expect(streamed[name] == bytes, "\(name) differs") }
    }

    @Test("legacy XOR grid: every file of the folder is byte-identical to the pre-stream build's (31c40c2)")
    func legacyFolderMatchesPreStreamBuild() throws {
        let files = try folderFiles(Fixture.folder)
        #expect(Set(files.keys) == Set(Self.preStreamDigests.keys))
        for (name, digest) in Self.preStreamDigests {
            #expect(files[name].map { SHA256.hex(Array($0)) } == digest, "\(name) changed")
        }
    }

    @Test("multi-group grid with a control group: a streamed folder is byte-identical to ReportFolder.write(results:), file for file")
    func groupsStreamedFolderEqualsInMemory() throws {
        let config = try SweepConfig.load(toml: """
            widths = [20, 30, 50]
            seeds = 3
            topologies = ["ba", "ring"]
            tasks = ["xor"]
            regularizers = ["l2"]
            weight_decays = [0.0, 0.01, 1.0]
            [analysis]
            bootstrap_resamples = 50
            [groups]
            lead_resamples = 5
            lead_inner_resamples = 10
            survival_resamples = 20
            """)
        let outcome = InProcessSweep.run(config: config, threads: 2)
        let report = ReportBuilder.build(config: config, results: outcome.results, failures: outcome.failures, provenance: Provenance(gitCommit: nil, hostCount: 1))
        let reference = temporaryFolder("in-memory")
        try ReportFolder.write(report, results: outcome.results, into: reference)
        let folder = try Self.streamedFolder(config: config, results: outcome.results, failures: outcome.failures)
        let a = try folderFiles(folder), b = try folderFiles(reference)
        #expect(Set(a.keys) == Set(b.keys))
        for (name, bytes) in b { #expect(a[name] == bytes, "\(name) differs") }
    }

    @Test("the per-cascade writer refuses a result out of canonical order (the file would depend on arrival order)")
    func cascadeWriterRefusesDisorder() throws {
        let results = Fixture.outcome.results.sorted { $0.task < $1.task }
        let url = temporaryFolder("csv").appendingPathComponent(CascadeTable.fileName)
        let writer = try CascadeCSVWriter(url: url)
        try writer.add(results[1])
        #expect(throws: CascadeCSVWriter.OutOfOrder.self) { try writer.add(results[0]) }
    }
}
