import GrokAnalysis
import GrokCluster
import GrokNumerics
import GrokTestSupport
import Testing

/// The analysis of an 8,000-run sweep fits in 1 GB. Measured by the process's own
/// peak resident set size (the kernel's high-water mark), not by a clock.
@Suite("Analysis memory at 8,000 runs")
struct AnalysisMemoryTests {
    @Test("the 8,000-run analysis stays within 1 GB of peak RSS, measured alone in a child process", .enabled(if: !ChildProcessMemory.isChild))
    func eightThousandRuns() throws {
        let child = try ChildProcessMemory.run(workload: "AnalysisMemoryTests/workload")
        #expect(child.exitStatus == 0, "the workload failed in the child:\n\(child.output.suffix(3000))")
        let peak = try #require(child.peakMegabytes, "the child reported no peak:\n\(child.output.suffix(3000))")
        #expect(peak > 0 && peak < 1_024, "peak RSS \(peak) MB")
    }

    @Test(
        "(child process) 8,000 synthetic runs (8 widths × 1,000 seeds × 51 snapshots), folded into digests one width at a time with their cascades dropped, are analysed, gradient and control",
        .enabled(if: ChildProcessMemory.isChild)
    )
    func workload() throws {
        var options = ScalingOptions(bootstrapResamples: 64, seed: 3, streamLabels: ["memory"])
        options.collapseResamples = 4
        options.gofResamples = 2
        var gradientDigests: [RunDigest] = [], controlDigests: [RunDigest] = []
        var cascadeBytes = 0
        for n in Synthetic.widths {
            // Only one width's cascades are alive at a time; each run is kept as its digests.
            for run in Synthetic.runs(widths: [n], seeds: 1_000, dPre: 0.9, dPost: 1.1) {
                gradientDigests.append(try RunDigest(gradient: run, options: options))
                controlDigests.append(try RunDigest(control: run, options: options))
                cascadeBytes += 32 * run.cascades.count
            }
        }
        #expect(gradientDigests.count == 8_000)
        let digestBytes = gradientDigests.reduce(0) { $0 + $1.approximateBytes } + controlDigests.reduce(0) { $0 + $1.approximateBytes }
        #expect(digestBytes > 0 && cascadeBytes > 0)
        let gradient = try ScalingAnalysis.gradient(digests: gradientDigests, options: options)
        let control = try ScalingAnalysis.control(digests: controlDigests, options: options)
        #expect(gradient.dPre.value.isFinite && gradient.dPost.value.isFinite && control.dSynth.value.isFinite)
        #expect(gradient.perWidth.allSatisfy { $0.runs == 1_000 })
        ChildProcessMemory.report()
    }
}
