import Testing
import GrokAnalysis
import GrokCluster
import GrokNumerics

/// Issue 11: the analysis of an 8,000-run sweep fits in 1 GB. Measured by the process's own
/// peak resident set size (the kernel's high-water mark), not by a clock.
@Suite("Analysis memory at 8,000 runs")
struct AnalysisMemoryTests {
    @Test("8,000 synthetic runs (8 widths × 1,000 seeds × 51 snapshots) are analysed, gradient and control, within 1 GB of peak RSS")
    func eightThousandRuns() throws {
        let runs = Synthetic.runs(seeds: 1_000, dPre: 0.9, dPost: 1.1)
        #expect(runs.count == 8_000)
        var options = ScalingOptions(bootstrapResamples: 64, seed: 3, streamLabels: ["memory"])
        options.collapseResamples = 4
        options.gofResamples = 2
        let gradient = try ScalingAnalysis.gradient(runs, options: options)
        let control = try ScalingAnalysis.control(runs, options: options)
        #expect(gradient.dPre.value.isFinite && gradient.dPost.value.isFinite && control.dSynth.value.isFinite)
        #expect(gradient.perWidth.allSatisfy { $0.runs == 1_000 })
        let peak = PeakMemory.megabytes()
        #expect(peak > 0 && peak < 1_024, "peak RSS \(peak) MB")
    }
}
