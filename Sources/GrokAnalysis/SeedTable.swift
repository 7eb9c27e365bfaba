import GrokNumerics

/// Per-(run, group) sufficient statistics, so that a bootstrap resample only re-weights runs:
/// count, Σ s, Σ ln s (s > 0), #(s > 0), max s, Σ extent, Σ s², #(extent = N). Runs are ordered
/// by (N, seed index); width w owns runs runStart[w] ..< runStart[w + 1]. The median needs the
/// sizes themselves: per (width, group) the exact per-run histogram of sizes, sorted by size
/// (a sufficient statistic of the weighted median, one entry per distinct (run, size)).
struct SeedTable {
    static let fields = 8
    let parameterCounts: [Int]
    let lnN: [Double]
    let runStart: [Int]
    let groups: Int
    var stats: [Double]
    /// sizeRuns[w · groups + g]: (size, run, count) ascending in (size, run).
    var sizeRuns: [[SizeCount]]

    struct SizeCount { var size: Int; var run: Int; var count: Double }

    var widths: Int { parameterCounts.count }
    var runs: Int { runStart[runStart.count - 1] }

    /// One run's non-empty group: its table index, its sums and, where a median reads the
    /// group, its sizes (nil: the group's median is never evaluated).
    typealias Entry = (group: Int, fold: GroupFold, sizes: SizeHistogram?)

    /// The table of runs ordered by (N, seed index), run r of N `parameterCounts[r]` with the
    /// groups `entries(r)`. Every field is run r's own fold; the size lists are laid per
    /// (width, group) and sorted by (size, run), which is unique, so the table depends only on
    /// what each run folded, not on the order runs were folded in.
    init(parameterCounts runCounts: [Int], groups: Int, entries: (Int) -> [Entry]) {
        var counts: [Int] = [], starts: [Int] = []
        for (k, n) in runCounts.enumerated() where k == 0 || n != runCounts[k - 1] {
            counts.append(n); starts.append(k)
        }
        starts.append(runCounts.count)
        parameterCounts = counts
        lnN = counts.map { Elementary.log(Double($0)) }
        runStart = starts
        self.groups = groups
        var stats = [Double](repeating: 0, count: runCounts.count * groups * SeedTable.fields)
        var lists = [[SizeCount]](repeating: [], count: counts.count * groups)
        stats.withUnsafeMutableBufferPointer { sp in
            for w in 0..<counts.count {
                for r in starts[w]..<starts[w + 1] {
                    for e in entries(r) {
                        precondition(e.group >= 0 && e.group < groups, "seed-table group \(e.group) outside 0..<\(groups)")
                        e.fold.write(to: sp.baseAddress! + (r * groups + e.group) * SeedTable.fields)
                        guard let sizes = e.sizes else { continue }
                        for (size, count) in zip(sizes.values, sizes.counts) {
                            lists[w * groups + e.group].append(SizeCount(size: size, run: r, count: Double(count)))
                        }
                    }
                }
                for g in 0..<groups { lists[w * groups + g].sort { ($0.size, $0.run) < ($1.size, $1.run) } }
            }
        }
        self.stats = stats
        sizeRuns = lists
    }

    /// The table of runs ordered by (N, seed index); `group(run, cascade, into)` appends the
    /// groups the cascade counts in. Every group keeps its sizes.
    init(runs: [RunCascades], groups: Int, group: (RunCascades, CascadeRecord, inout [Int]) -> Void) {
        var member: [Int] = []
        let folded = runs.map { run -> [Entry] in
            var folds = [GroupFold](repeating: GroupFold(), count: groups), sizes = [SizeTally](repeating: SizeTally(), count: groups)
            for c in run.cascades {
                member.removeAll(keepingCapacity: true)
                group(run, c, &member)
                for g in member { folds[g].add(c, parameterCount: run.parameterCount); sizes[g].add(c.size) }
            }
            return (0..<groups).filter { folds[$0].count > 0 }.map { ($0, folds[$0], sizes[$0].histogram) }
        }
        self.init(parameterCounts: runs.map(\.parameterCount), groups: groups) { folded[$0] }
    }

    /// Runs of width w with at least one cascade in group g.
    func runsWithData(width w: Int, group g: Int) -> Int {
        (runStart[w]..<runStart[w + 1]).filter { stats[($0 * groups + g) * SeedTable.fields] > 0 }.count
    }

    /// The pooled fields of group g over width w's runs, run r weighted by weight[r] (the
    /// bootstrap multiplicity; 1 for the full data), summed in run order.
    @inline(__always)
    func pooled(width w: Int, group g: Int, weight: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        for f in 0..<SeedTable.fields { out[f] = 0 }
        stats.withUnsafeBufferPointer { sp in
            for r in runStart[w]..<runStart[w + 1] where weight[r] > 0 {
                let m = weight[r]
                let o = (r * groups + g) * SeedTable.fields
                out[0] += m * sp[o]; out[1] += m * sp[o + 1]; out[2] += m * sp[o + 2]
                out[3] += m * sp[o + 3]; out[5] += m * sp[o + 5]; out[6] += m * sp[o + 6]; out[7] += m * sp[o + 7]
                if sp[o] > 0 { out[4] = Swift.max(out[4], sp[o + 4]) }
            }
        }
    }

    /// The weighted lower median of s: the smallest size whose weighted CDF reaches one half.
    func median(width w: Int, group g: Int, weight: UnsafePointer<Double>, total: Double) -> Double {
        guard total > 0 else { return .nan }
        var cumulative = 0.0
        for e in sizeRuns[w * groups + g] {
            cumulative += weight[e.run] * e.count
            if 2 * cumulative >= total { return Double(e.size) }
        }
        return .nan
    }

    /// ln S of width w, group g under `weight`; NaN when S is undefined or not positive.
    @inline(__always)
    func lnStatistic(
        width w: Int, group g: Int, _ statistic: ScalingStatistic, weight: UnsafePointer<Double>,
        pooled p: UnsafeMutablePointer<Double>
    ) -> Double {
        pooled(width: w, group: g, weight: weight, into: p)
        return lnStatistic(width: w, group: g, statistic, weight: weight, from: UnsafePointer(p))
    }

    /// ln S of width w, group g from fields already pooled under `weight` (``PooledColumns``).
    @inline(__always)
    func lnStatistic(
        width w: Int, group g: Int, _ statistic: ScalingStatistic, weight: UnsafePointer<Double>,
        from p: UnsafePointer<Double>
    ) -> Double {
        if statistic == .median {
            let m = median(width: w, group: g, weight: weight, total: p[0])
            return m > 0 ? Elementary.log(m) : .nan
        }
        return SeedTable.lnStatistic(p, statistic)
    }

    /// ln S of pooled fields for a statistic other than the median; NaN when S is undefined or not positive.
    @inline(__always)
    static func lnStatistic(_ p: UnsafePointer<Double>, _ statistic: ScalingStatistic) -> Double {
        switch statistic {
        case .mean: return p[0] > 0 && p[1] > 0 ? Elementary.log(p[1] / p[0]) : .nan
        case .logmean: return p[3] > 0 ? p[2] / p[3] : .nan
        case .max: return p[0] > 0 && p[4] > 0 ? Elementary.log(p[4]) : .nan
        case .extent: return p[0] > 0 && p[5] > 0 ? Elementary.log(p[5] / p[0]) : .nan
        case .momentRatio: return p[1] > 0 && p[6] > 0 ? Elementary.log(p[6] / p[1]) : .nan
        case .median: return .nan
        }
    }

    /// S itself on the full data (NaN when the group is empty at that width).
    func statistic(width w: Int, group g: Int, _ statistic: ScalingStatistic, ones: UnsafePointer<Double>) -> Double {
        var p = [Double](repeating: 0, count: SeedTable.fields)
        let ln = p.withUnsafeMutableBufferPointer { lnStatistic(width: w, group: g, statistic, weight: ones, pooled: $0.baseAddress!) }
        return ln.isFinite ? Elementary.exp(ln) : .nan
    }

    /// Cascades of width w in group g and the share of them with extent = N.
    func saturation(width w: Int, group g: Int, ones: UnsafePointer<Double>) -> (cascades: Int, fraction: Double) {
        var p = [Double](repeating: 0, count: SeedTable.fields)
        p.withUnsafeMutableBufferPointer { pooled(width: w, group: g, weight: ones, into: $0.baseAddress!) }
        return (Int(p[0]), p[0] > 0 ? p[7] / p[0] : .nan)
    }
}
