import Foundation
import GrokConfig
import GrokReportModel
import GrokSweep
import GrokTasks
import GrokTestSupport
import Testing

/// The results of `results` in a fixed pseudo-random order (a seeded Fisher–Yates shuffle).
func shuffled<T>(_ values: [T], seed: UInt64) -> [T] {
    var out = values, state = seed
    for i in stride(from: out.count - 1, to: 0, by: -1) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        out.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
    }
    return out
}

/// The shared control-group grid (``TestGrids/controlGroups()``).
func controlGroupConfig() throws -> SweepConfig { try TestGrids.controlGroups() }

@Suite("Streamed report input: results folded one at a time, in any order")
struct StreamedReportInputTests {
    static let provenance = Provenance(gitCommit: nil, hostCount: 1)

    static func streamed(_ config: SweepConfig, _ results: [TaskResult], seed: UInt64) throws -> String {
        var input = ReportInput(config: config)
        for r in shuffled(results, seed: seed) { try input.add(r) }
        #expect(input.count == results.count)
        return ReportBuilder.build(config: config, input: input, provenance: provenance).serialized()
    }

    @Test("legacy XOR grid: report.json from a streamed input in shuffled arrival order equals build(results:) bit for bit")
    func legacyStreamedEqualsInMemory() throws {
        let config = try smallConfig()
        let outcome = InProcessSweep.run(config: config, threads: 2)
        let reference = ReportBuilder.build(config: config, results: outcome.results, provenance: Self.provenance).serialized()
        for seed: UInt64 in [1, 2, 3] {
            #expect(try Self.streamed(config, outcome.results, seed: seed) == reference)
        }
    }

    @Test("multi-group grid with a control group: streamed report.json (groups, early warning vs control, timing) equals build(results:) bit for bit")
    func groupsStreamedEqualsInMemory() throws {
        let config = try controlGroupConfig()
        let outcome = InProcessSweep.run(config: config, threads: 2)
        #expect(outcome.failures.isEmpty, "\(outcome.failures.first?.error ?? "")")
        let report = ReportBuilder.build(config: config, results: outcome.results, provenance: Self.provenance)
        guard case .array(let sections)? = report["groups"]?["sections"] else { Issue.record("no group sections"); return }
        #expect(sections.count == 3)
        // The grid exercises the early warning against a control group.
        #expect(sections.contains { $0["early_warning_vs_control"] != nil })
        let reference = report.serialized()
        for seed: UInt64 in [7, 8] {
            #expect(try Self.streamed(config, outcome.results, seed: seed) == reference)
        }
    }

    @Test("the streamed in-process sweep reports what run + verify + build(results:) report, byte for byte, with spot checks")
    func streamedInProcessEqualsInMemory() throws {
        var config = try smallConfig()
        config.network.spotCheck = 0.5
        let outcome = InProcessSweep.run(config: config, threads: 2)
        let (verified, verification) = InProcessSweep.verify(outcome, config: config, threads: 2)
        let reference = ReportBuilder.build(
            config: config, results: verified.results, failures: verified.failures,
            provenance: Provenance(gitCommit: nil, hostCount: 1, verification: verification)
        ).serialized()
        let streamed = InProcessSweep.runStreamed(config: config, threads: 2)
        let text = ReportBuilder.build(
            config: config, input: streamed.input, failures: streamed.failures,
            provenance: Provenance(gitCommit: nil, hostCount: 1, verification: streamed.verification)
        ).serialized()
        #expect(text == reference)
        #expect(streamed.records.count == verified.results.count)
        #expect(streamed.records == verified.results.map(TaskResult.binaryRecord))
    }

    @Test("a task folded twice is refused with its key, and the input is unchanged")
    func duplicateIsRefused() throws {
        let config = try smallConfig()
        let outcome = InProcessSweep.run(config: config, threads: 2)
        var input = ReportInput(config: config)
        try input.add(outcome.results[0])
        #expect(throws: ReportInput.DuplicateResult.self) { try input.add(outcome.results[0]) }
        #expect(input.count == 1)
    }
}
