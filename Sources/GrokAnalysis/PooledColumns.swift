/// The bootstrap's pooled sums for a batch of resamples at once: per (resample, width, group)
/// the seed-table fields Σ_r m_r · stats[r] that the bootstrapped quantities read, and no others.
///
/// Why: evaluating each slope separately pooled all eight fields of its group over every run
/// for every quantity (81 of them for the default options) and walked the seed table at a
/// stride of groups × 8 doubles; 8,000 runs made that most of the analysis time. Here the
/// needed (group, field) columns are packed per run, each run's row is read once per batch of
/// resamples, and the inner loop is contiguous. Every sum is still taken over the runs of a
/// width in ascending order, skipping runs of weight 0, so each number is bit for bit the one
/// ``SeedTable/pooled(width:group:weight:into:)`` gives.
struct PooledColumns {
    /// Offsets g · fields + f of the summed columns (f ≠ 4) and of the maxima (f = 4).
    let sumColumns: [Int]
    let maxColumns: [Int]
    /// Packed per run: sums[r · sumColumns.count + k], maxima[r · maxColumns.count + k].
    let sums: [Double]
    let maxima: [Double]
    let widths: Int
    let groups: Int
    let runs: Int
    let runStart: [Int]

    /// Doubles per resample in the output: widths × groups × fields, SeedTable's field layout.
    var stride: Int { widths * groups * SeedTable.fields }

    /// The columns the quantities `needs` (a group and the statistic read there) use.
    init(table: SeedTable, needs: [(group: Int, statistic: ScalingStatistic)]) {
        var offsets = Set<Int>()
        for (g, statistic) in needs {
            for f in PooledColumns.fields(of: statistic) { offsets.insert(g * SeedTable.fields + f) }
        }
        sumColumns = offsets.filter { $0 % SeedTable.fields != 4 }.sorted()
        maxColumns = offsets.filter { $0 % SeedTable.fields == 4 }.sorted()
        widths = table.widths
        groups = table.groups
        runs = table.runs
        runStart = table.runStart
        let rowLength = table.groups * SeedTable.fields
        var sums = [Double](repeating: 0, count: table.runs * sumColumns.count)
        var maxima = [Double](repeating: 0, count: table.runs * maxColumns.count)
        for r in 0..<table.runs {
            for (k, c) in sumColumns.enumerated() { sums[r * sumColumns.count + k] = table.stats[r * rowLength + c] }
            for (k, c) in maxColumns.enumerated() { maxima[r * maxColumns.count + k] = table.stats[r * rowLength + c] }
        }
        self.sums = sums
        self.maxima = maxima
    }

    /// The seed-table fields a statistic's ln S reads (the median also walks the size lists).
    static func fields(of statistic: ScalingStatistic) -> [Int] {
        switch statistic {
        case .mean: return [0, 1]
        case .logmean: return [2, 3]
        case .max: return [0, 4]
        case .extent: return [0, 5]
        case .momentRatio: return [1, 6]
        case .median: return [0]
        }
    }

    /// Fills out[b · stride + (w · groups + g) · fields + f] for the `count` resamples whose
    /// run weights are weights[b · runs + r]; columns not needed are left 0. `scratch` must
    /// hold count × (sumColumns.count + maxColumns.count) doubles.
    func pool(weights: UnsafePointer<Double>, count: Int, into out: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) {
        let c = sumColumns.count, mc = maxColumns.count
        let accumulators = scratch, maxAccumulators = scratch + count * c
        out.initialize(repeating: 0, count: count * stride)
        sums.withUnsafeBufferPointer { sb in
            maxima.withUnsafeBufferPointer { mb in
                for w in 0..<widths {
                    accumulators.initialize(repeating: 0, count: count * (c + mc))
                    for r in runStart[w]..<runStart[w + 1] {
                        let rowSums = sb.baseAddress! + r * c, rowMaxima = mb.baseAddress! + r * mc
                        for b in 0..<count {
                            let m = weights[b * runs + r]
                            if m == 0 { continue }
                            let acc = accumulators + b * c
                            for k in 0..<c { acc[k] += m * rowSums[k] }
                            let accMax = maxAccumulators + b * mc
                            for k in 0..<mc where rowMaxima[k] > accMax[k] { accMax[k] = rowMaxima[k] }
                        }
                    }
                    for b in 0..<count {
                        let dst = out + b * stride + w * groups * SeedTable.fields
                        for (k, o) in sumColumns.enumerated() { dst[o] = accumulators[b * c + k] }
                        for (k, o) in maxColumns.enumerated() { dst[o] = maxAccumulators[b * mc + k] }
                    }
                }
            }
        }
    }
}

extension PooledColumns {
    /// Resamples pooled per pass over the runs: each run's packed row is reused this often
    /// while in cache; the output, batch × stride doubles, stays small (~0.4 MB by default).
    static let batch = 16

    /// One thread's output and scratch for batches of up to ``batch`` resamples. A class, so
    /// the pointer handed to a ``SlopeScratch`` stays valid while the buffer lives.
    final class Buffer {
        let values: UnsafeMutablePointer<Double>
        let scratch: UnsafeMutablePointer<Double>
        let stride: Int

        init(_ columns: PooledColumns) {
            stride = columns.stride
            values = .allocate(capacity: PooledColumns.batch * columns.stride)
            scratch = .allocate(capacity: PooledColumns.batch * Swift.max(1, columns.sumColumns.count + columns.maxColumns.count))
        }

        deinit {
            values.deallocate()
            scratch.deallocate()
        }

        func pool(_ columns: PooledColumns, weights: UnsafePointer<Double>, count: Int) {
            precondition(count <= PooledColumns.batch, "a batch holds at most \(PooledColumns.batch) resamples")
            columns.pool(weights: weights, count: count, into: values, scratch: scratch)
        }

        /// Resample b's pooled fields.
        func resample(_ b: Int, _ columns: PooledColumns) -> UnsafePointer<Double> { UnsafePointer(values + b * stride) }
    }
}
