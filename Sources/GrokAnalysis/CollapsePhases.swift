/// Per-(run, phase) histograms of s on the collapse grid: phase 0 the pre window, 1 the post
/// window (grokked runs only), 2 every snapshot of every run (the pooled collapse).
struct CollapsePhases: Sendable {
    static let count = 3
    static let names = ["pre", "post", "pooled"]
    let bins: Int
    /// histograms[(r · count + phase) · bins + b]
    let histograms: [Double]

    init(runs: [RunCascades], grid: CollapseGrid, preWindow: Int, postWindow: Int) {
        bins = grid.count
        var h = [Double](repeating: 0, count: runs.count * CollapsePhases.count * grid.count)
        for (r, run) in runs.enumerated() {
            for c in run.cascades {
                guard let b = grid.bin(of: c.size) else { continue }
                h[(r * CollapsePhases.count + 2) * bins + b] += 1
                guard let onset = run.onsetEpoch else { continue }
                let tau = c.epoch - onset
                if tau < 0 && tau >= -preWindow { h[(r * CollapsePhases.count) * bins + b] += 1 }
                if tau >= 0 && tau < postWindow { h[(r * CollapsePhases.count + 1) * bins + b] += 1 }
            }
        }
        histograms = h
    }

    /// Pools the weighted run histograms of a phase per width and fits the collapse.
    func fit(phase: Int, table: SeedTable, weight: UnsafePointer<Double>, workspace: inout CollapseWorkspace, coarse: Bool) -> DataCollapse.Fit {
        var pooled = [Double](repeating: 0, count: table.widths * bins)
        histograms.withUnsafeBufferPointer { h in
            for w in 0..<table.widths {
                for r in table.runStart[w]..<table.runStart[w + 1] where weight[r] > 0 {
                    let m = weight[r], src = h.baseAddress! + (r * CollapsePhases.count + phase) * bins
                    for b in 0..<bins { pooled[w * bins + b] += m * src[b] }
                }
            }
        }
        return pooled.withUnsafeBufferPointer { workspace.fit(counts: $0.baseAddress!, coarse: coarse) }
    }
}
