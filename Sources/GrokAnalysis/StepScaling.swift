import GrokNumerics

/// D at one training step: the slope of ln S on ln N over the model sizes that have a snapshot
/// at exactly that step, pooled over their runs (seeds).
public struct DStepPoint: Sendable, Hashable, Codable {
    public var step: Int
    /// NaN when fewer than `minimumWidthsPerFit` sizes have the step (the fit is not made).
    public var d: Double
    public var r2: Double
    /// Sizes (distinct N) that entered the fit.
    public var sizesUsed: Int
    /// Bootstrap percentile band [lo, hi] (NaN without resamples).
    public var ci: [Double]
    public var std: Double
    /// Resamples in which the step still had enough sizes for a fit.
    public var resamples: Int

    public init(step: Int, d: Double, r2: Double, sizesUsed: Int, ci: [Double], std: Double, resamples: Int) {
        self.step = step
        self.d = d
        self.r2 = r2
        self.sizesUsed = sizesUsed
        self.ci = ci
        self.std = std
        self.resamples = resamples
    }
}

extension ScalingAnalysis {
    /// D(step): one fit per distinct snapshot step, not aligned at the onset — the papers'
    /// "fit only on the model scales available at that step". Runs of several sizes trained on
    /// the same step schedule are compared step by step; a step reached by fewer than
    /// `minimumWidthsPerFit` sizes is listed with D = NaN (unsupported), not left out.
    ///
    /// Same conventions as ``gradient(_:options:)``: S(N) pools every (run, snapshot) pair of a
    /// size at that step, the bootstrap unit is the run within its size, resample r draws from
    /// RandomStream(baseSeed: seed, labels: streamLabels + [.int(r)]). Onsets are ignored.
    /// Deterministic: the result depends only on the set of runs and their cascades (runs are
    /// ordered by (N, seed index) and each run's cascades are summed in their given order).
    public static func perStep(_ input: [RunCascades], options: ScalingOptions) throws -> [DStepPoint] {
        try options.validate()
        let runs = try validated(input)
        var stepSet = Set<Int>()
        for run in runs { for c in run.cascades { stepSet.insert(c.epoch) } }
        let steps = stepSet.sorted()
        guard !steps.isEmpty else { return [] }
        var index: [Int: Int] = [:]
        for (k, s) in steps.enumerated() { index[s] = k }
        let table = SeedTable(runs: runs, groups: steps.count) { _, c, into in if let k = index[c.epoch] { into.append(k) } }
        let widths = table.widths, minimum = options.minimumWidthsPerFit, statistic = options.statistic
        let ones = [Double](repeating: 1, count: runs.count)
        var scratch = SlopeScratch(widths: widths)
        let full = ones.withUnsafeBufferPointer { w in
            (0..<steps.count).map { scratch.slope(table, group: $0, statistic: statistic, weight: w.baseAddress!, minimum: minimum) }
        }
        let samples = Bootstrap.run(
            resamples: options.bootstrapResamples, quantities: steps.count, runStart: table.runStart,
            seed: options.seed, labels: options.streamLabels
        ) {
            var scratch = SlopeScratch(widths: widths)
            return { weight, out, _ in
                for k in 0..<steps.count {
                    out[k] = scratch.slope(table, group: k, statistic: statistic, weight: weight, minimum: minimum).d
                }
            }
        }
        return steps.enumerated().map { k, step in
            let band = Estimate(value: full[k].d, r2: nil, bootstrap: samples[k], confidence: options.confidence)
            return DStepPoint(
                step: step, d: full[k].d, r2: full[k].d.isFinite ? full[k].r2 : .nan, sizesUsed: full[k].used,
                ci: band.ci, std: band.std, resamples: band.resamples)
        }
    }
}
