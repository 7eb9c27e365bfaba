import Foundation
import GrokConfig
import GrokNumerics
import GrokProbe
import GrokReportModel
import GrokTasks
import GrokTestSupport
import Testing

@Suite("8,000 runs: report.json stays small and the analysis stays within 1 GB")
struct ManyRunsMemoryTests {
    /// 8 widths × 1,000 seeds, 5 topologies, 51 gradient snapshots and 51 control fields each:
    /// the shape of the default grid at seeds = 1000, with synthetic cascades (S ∝ N^0.9 before
    /// the onset, N^1.1 after, log-normal spread).
    static func syntheticResults(config: SweepConfig) -> [TaskResult] {
        var stream = RandomStream(baseSeed: 11, labels: ["synthetic"])
        let epochs = config.snapshotEpochs
        return config.tasks.map { task in
            let n = 4 * task.width + 1
            let onset = 400 + stream.nextInt(below: 1600)
            let topologies = config.topologies.map { name -> TopologyCascades in
                func field(_ d: Double) -> FieldCascades {
                    let s = Elementary.exp(d * Elementary.log(Double(n)) + 0.3 * stream.nextGaussian())
                    let size = max(1, Int(s.rounded()))
                    return FieldCascades(cascades: [Cascade(size: size, extent: min(n, size), duration: 1 + size % 17)])
                }
                return TopologyCascades(
                    topology: name, gradient: epochs.map { field($0 < onset ? 0.9 : 1.1) },
                    control: epochs.map { _ in field(1.0) })
            }
            return TaskResult(
                task: task, parameterCount: n, onsetEpoch: onset, snapshotEpochs: epochs,
                loss: epochs.map { _ in 0.5 }, accuracy: epochs.map { $0 < onset ? 0.75 : 1 },
                gini: epochs.map { _ in 0.4 }, topologies: topologies)
        }
    }

    @Test("report.json for 8,000 runs is ≤ 2 MB and building it keeps the peak RSS ≤ 1 GB, measured alone in a child process", .enabled(if: !ChildProcessMemory.isChild))
    func eightThousandRuns() throws {
        let child = try ChildProcessMemory.run(workload: "ManyRunsMemoryTests/workload")
        #expect(child.exitStatus == 0, "the workload failed in the child:\n\(child.output.suffix(3000))")
        let peak = try #require(child.peakMegabytes, "the child reported no peak:\n\(child.output.suffix(3000))")
        #expect(peak <= 1024, "peak RSS \(peak) MB")
    }

    /// The workload, run only inside the child process.
    @Test("(child process) build the 8,000-run report", .enabled(if: ChildProcessMemory.isChild))
    func workload() throws {
        var config = SweepConfig()
        config.seeds = 1000
        // The resamples change the time, not the memory (the bootstrap keeps one value per resample).
        config.analysis.bootstrapResamples = 200
        let results = Self.syntheticResults(config: config)
        #expect(results.count == 8000)
        let report = ReportBuilder.build(config: config, results: results, provenance: Provenance(gitCommit: nil, hostCount: 1))
        let text = report.serialized()
        #expect(text.utf8.count <= 2_000_000, "report.json is \(text.utf8.count) bytes")
        #expect(report["avalanches"] == nil)
        ChildProcessMemory.report()
    }
}
