/// Bootstrap values binned on a fixed number of equal bins between their minimum and maximum,
/// so a report can draw the distribution without storing 10,000 samples. A pure function of the
/// sorted samples: the same samples give the same bins.
public struct BootstrapHistogram: Sendable, Hashable, Codable {
    public static let binCount = 30
    /// `counts.count + 1` ascending edges; the last bin includes its upper edge.
    public var edges: [Double]
    public var counts: [Int]

    public init(edges: [Double], counts: [Int]) {
        self.edges = edges
        self.counts = counts
    }

    /// `sorted` must be finite, ascending and non-empty.
    public init(sorted: [Double]) {
        let lo = sorted[0], hi = sorted[sorted.count - 1]
        guard hi > lo else {
            // All resamples equal: one bin of zero width says so honestly.
            edges = [lo, hi]
            counts = [sorted.count]
            return
        }
        let bins = BootstrapHistogram.binCount
        let step = (hi - lo) / Double(bins)
        edges = (0...bins).map { $0 == bins ? hi : lo + Double($0) * step }
        var counts = [Int](repeating: 0, count: bins)
        for x in sorted {
            counts[min(bins - 1, max(0, Int((x - lo) / step)))] += 1
        }
        self.counts = counts
    }
}
