import GrokNumerics

/// Per-(run, group) sufficient statistics, so that a bootstrap resample only re-weights runs:
/// count, Σ s, Σ ln s (s > 0), #(s > 0), max s, Σ extent. Runs are ordered by (N, seed index);
/// width w owns runs runStart[w] ..< runStart[w + 1].
struct SeedTable {
    static let fields = 6
    let parameterCounts: [Int]
    let lnN: [Double]
    let runStart: [Int]
    let groups: Int
    var stats: [Double]

    var widths: Int { parameterCounts.count }
    var runs: Int { runStart[runStart.count - 1] }

    /// `group(run, cascade)` gives up to two groups the cascade counts in (nil: none).
    init(runs: [RunCascades], groups: Int, group: (RunCascades, CascadeRecord) -> (Int?, Int?)) {
        var counts: [Int] = [], starts: [Int] = []
        for (k, run) in runs.enumerated() where k == 0 || run.parameterCount != runs[k - 1].parameterCount {
            counts.append(run.parameterCount); starts.append(k)
        }
        starts.append(runs.count)
        parameterCounts = counts
        lnN = counts.map { Elementary.log(Double($0)) }
        runStart = starts
        self.groups = groups
        stats = [Double](repeating: 0, count: runs.count * groups * SeedTable.fields)
        for (r, run) in runs.enumerated() {
            for c in run.cascades {
                let (first, second) = group(run, c)
                for g in [first, second] {
                guard let g else { continue }
                let o = (r * groups + g) * SeedTable.fields
                let s = Double(c.size)
                stats[o] += 1
                stats[o + 1] += s
                if c.size > 0 { stats[o + 2] += Elementary.log(s); stats[o + 3] += 1 }
                stats[o + 4] = Swift.max(stats[o + 4], s)
                stats[o + 5] += Double(c.extent)
                }
            }
        }
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
                out[3] += m * sp[o + 3]; out[5] += m * sp[o + 5]
                if sp[o] > 0 { out[4] = Swift.max(out[4], sp[o + 4]) }
            }
        }
    }

    /// ln S of pooled fields for a statistic; NaN when S is undefined or not positive.
    @inline(__always)
    static func lnStatistic(_ p: UnsafePointer<Double>, _ statistic: ScalingStatistic) -> Double {
        switch statistic {
        case .mean: return p[0] > 0 && p[1] > 0 ? Elementary.log(p[1] / p[0]) : .nan
        case .logmean: return p[3] > 0 ? p[2] / p[3] : .nan
        case .max: return p[0] > 0 && p[4] > 0 ? Elementary.log(p[4]) : .nan
        case .extent: return p[0] > 0 && p[5] > 0 ? Elementary.log(p[5] / p[0]) : .nan
        }
    }

    /// S itself (NaN when the group is empty at that width).
    static func statistic(_ p: UnsafePointer<Double>, _ statistic: ScalingStatistic) -> Double {
        guard p[0] > 0 else { return .nan }
        switch statistic {
        case .mean: return p[1] / p[0]
        case .logmean: return p[3] > 0 ? Elementary.exp(p[2] / p[3]) : .nan
        case .max: return p[4]
        case .extent: return p[5] / p[0]
        }
    }
}

/// Scratch for one slope fit over the widths, in ascending N.
struct SlopeScratch {
    var lx: [Double]
    var ly: [Double]
    var pooled = [Double](repeating: 0, count: SeedTable.fields)

    init(widths: Int) {
        lx = [Double](repeating: 0, count: widths)
        ly = lx
    }

    /// D, R² and widths used of group g under `weight`, for `statistic`, leaving out width
    /// `excluded` if given; D is NaN with fewer than `minimum` widths.
    mutating func slope(_ table: SeedTable, group g: Int, statistic: ScalingStatistic, weight: UnsafePointer<Double>,
                        minimum: Int, excluded: Int? = nil) -> (d: Double, r2: Double, used: Int) {
        var n = 0
        for w in 0..<table.widths where w != excluded {
            let v = pooled.withUnsafeMutableBufferPointer { p -> Double in
                table.pooled(width: w, group: g, weight: weight, into: p.baseAddress!)
                return SeedTable.lnStatistic(p.baseAddress!, statistic)
            }
            if v.isFinite { lx[n] = table.lnN[w]; ly[n] = v; n += 1 }
        }
        guard n >= minimum else { return (.nan, .nan, n) }
        let fit = lx.withUnsafeBufferPointer { px in
            ly.withUnsafeBufferPointer { py in LogLogFit.fitLogs(px.baseAddress!, py.baseAddress!, count: n) }
        }
        guard let f = fit else { return (.nan, .nan, n) }
        return (f.slope, f.r2, n)
    }
}
