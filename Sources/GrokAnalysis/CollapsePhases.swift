/// Per-(run, phase) histograms of s on the collapse grid: phase 0 the pre window, 1 the post
/// window (grokked runs only), 2 every snapshot of every run (the pooled collapse).
struct CollapsePhases: Sendable {
    static let count = 3
    static let names = ["pre", "post", "pooled"]
    let bins: Int
    /// histograms[(r · count + phase) · bins + b]
    let histograms: [Double]

    /// From gradient digests ordered as the table's runs: the pre and post phases are the
    /// digests' fixed-window groups (the same τ conditions), the pooled phase every size.
    /// Counts are integers, so adding a size's count at once equals adding its cascades one by one.
    init(digests: [RunDigest], grid: CollapseGrid) {
        let bins = grid.count
        self.bins = bins
        var h = [Double](repeating: 0, count: digests.count * CollapsePhases.count * bins)
        func add(_ sizes: SizeHistogram?, run r: Int, phase: Int) {
            guard let sizes else { return }
            for (size, count) in zip(sizes.values, sizes.counts) {
                guard let b = grid.bin(of: size) else { continue }
                h[(r * CollapsePhases.count + phase) * bins + b] += Double(count)
            }
        }
        for (r, d) in digests.enumerated() {
            let (sizes, entries) = d.expanded()
            add(entries.first { $0.group == .fixed(ScalingAnalysis.preWindowGroup) }?.sizes, run: r, phase: 0)
            add(entries.first { $0.group == .fixed(ScalingAnalysis.postWindowGroup) }?.sizes, run: r, phase: 1)
            add(sizes, run: r, phase: 2)
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
