import GrokNumerics

/// The finite-size-scaling analysis of one topology's cascades (method §3). Pure and
/// deterministic: the same runs and options give the same bits whatever the thread count.
///
/// S(N) pools every (run, snapshot) pair of width N in the group (seeds are not averaged
/// separately); D is the least-squares slope of ln S on ln N over the widths that take part.
/// D_pre and D_post use the fixed windows τ ∈ [−preWindow, 0) and [0, postWindow): a width takes
/// part when `minimumRunsPerWidth` of its runs have snapshots there, and the fit needs
/// `requiredWidths` (default every width) of them, else NaN. D(τ) windows need
/// `minimumWidthsPerFit` widths and are "covered" with `requiredWidths`.
/// τ = epoch − t_g; ungrokked runs enter no τ-based quantity and are counted.
///
/// Bootstrap: the unit is the seed. Resample r draws, within each width (ascending N), as many
/// runs as the width has, with replacement, from RandomStream(baseSeed: options.seed,
/// labels: options.streamLabels + [.int(r)]), and recomputes every bootstrapped quantity from
/// per-(run, group) sufficient statistics and per-run histograms; the widths that take part are
/// fixed by the full data, and a resample in which one of them has no cascade gives no value
/// (it is not counted in `resamples`). Resamples run on all cores
/// into fixed slots: the numbers do not depend on the thread count. Ungrokked runs stay in the
/// pool (they are seeds of the width) and add nothing to τ-based groups.
public enum ScalingAnalysis {
    /// D of the Gaussian control: every cascade of a width pooled (onsets, if any, are ignored),
    /// under every statistic, with local slopes, curvature and the width-range systematic.
    /// Each run is folded into a ``RunDigest``, then ``control(digests:options:)``.
    public static func control(_ input: [RunCascades], options: ScalingOptions) throws -> ControlScaling {
        try control(digests: input.map { try RunDigest(control: $0, options: options) }, options: options)
    }

    /// The control from per-run digests folded with ``RunDigest/init(control:options:)``, in any
    /// order (ordered by (N, seed index); a duplicate or a gradient digest is refused).
    public static func control(digests input: [RunDigest], options: ScalingOptions) throws -> ControlScaling {
        try options.validate()
        let runs = try validated(input, for: .control, options: options)
        // The one group holds every cascade, so its sizes are the run's histogram of every size.
        let table = SeedTable(parameterCounts: runs.map(\.parameterCount), groups: 1) { r in
            let (sizes, entries) = runs[r].expanded()
            return entries.map { (0, $0.fold, sizes) }
        }
        let widths = table.widths
        let required = Swift.max(options.minimumWidthsPerFit, options.requiredWidths == 0 ? widths : options.requiredWidths)
        let mask = (0..<widths).map { table.runsWithData(width: $0, group: 0) >= options.minimumRunsPerWidth }
        var specs = ScalingStatistic.allCases.map { SlopeSpec(group: 0, statistic: $0, mask: mask, minimum: required) }
        let head = ScalingStatistic.allCases.firstIndex(of: options.statistic)!
        let local = specs[head].localGroups(size: options.localSlopeWidths).map {
            SlopeSpec(group: 0, statistic: options.statistic, mask: $0, minimum: 2)
        }
        specs += local
        specs.append(SlopeSpec(group: 0, statistic: options.statistic, mask: mask, minimum: Swift.max(4, required), curvature: true))
        let ones = [Double](repeating: 1, count: runs.count)
        var scratch = SlopeScratch(widths: widths)
        let frozen = specs
        let full = ones.withUnsafeBufferPointer { w in frozen.map { $0.evaluate(table, &scratch, weight: w.baseAddress!) } }
        let columns = PooledColumns(table: table, needs: frozen.map { ($0.group, $0.statistic) })
        let samples = Bootstrap.runBatched(
            resamples: options.bootstrapResamples, quantities: frozen.count, runStart: table.runStart,
            seed: options.seed, labels: options.streamLabels, batch: PooledColumns.batch
        ) {
            var scratch = SlopeScratch(widths: widths)
            let pooled = PooledColumns.Buffer(columns)
            return { weights, out, _, count in
                pooled.pool(columns, weights: weights, count: count)
                for b in 0..<count {
                    scratch.source = pooled.resample(b, columns)
                    for (q, spec) in frozen.enumerated() {
                        out[b * frozen.count + q] = spec.evaluate(table, &scratch, weight: weights + b * table.runs).d
                    }
                }
                scratch.source = nil
            }
        }
        let assembly = GradientAssembly(
            table: table, options: options, grokked: runs.map { $0.onsetEpoch != nil }, specs: specs, full: full, samples: samples, ones: ones)
        let robustness = ScalingStatistic.allCases.indices.map { assembly.estimate($0, window: nil) }
        let statistics = ScalingStatistic.allCases.count
        let localSlopes = local.indices.map { k -> LocalSlope in
            let n = specs[statistics + k].parameterCounts(table)
            var e = assembly.estimate(statistics + k, window: nil)
            e.systematic = nil
            return LocalSlope(nLo: n.first ?? 0, nHi: n.last ?? 0, d: e)
        }
        let perWidth = ones.withUnsafeBufferPointer { wp in
            (0..<widths).map { w -> ControlWidthStatistics in
                let o = wp.baseAddress!
                let sat = table.saturation(width: w, group: 0, ones: o)
                return ControlWidthStatistics(
                    parameterCount: table.parameterCounts[w], runs: table.runStart[w + 1] - table.runStart[w], cascades: sat.cascades,
                    s: table.statistic(width: w, group: 0, options.statistic, ones: o), sMax: table.statistic(width: w, group: 0, .max, ones: o),
                    saturation: sat.fraction)
            }
        }
        return ControlScaling(
            dSynth: robustness[head], dSynthSmax: robustness[ScalingStatistic.allCases.firstIndex(of: .max)!], robustness: robustness,
            localSlopes: localSlopes, curvature: assembly.estimate(specs.count - 1, window: nil), perWidth: perWidth)
    }

    /// std/|mean| with the population std (ddof = 0, NumPy's default), summed in the order given;
    /// NaN for an empty input or a zero mean. Used for D_synth across topologies.
    public static func coefficientOfVariation(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let n = Double(values.count)
        var sum = 0.0
        for v in values { sum += v }
        let mean = sum / n
        var squares = 0.0
        for v in values { squares += (v - mean) * (v - mean) }
        guard mean != 0 else { return .nan }
        return (squares / n).squareRoot() / mean.magnitude
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// Checks the digests (folded for `kind` under `options`, no duplicate (N, seed)) and orders
    /// them by (N, seed index).
    static func validated(_ digests: [RunDigest], for kind: DigestFolding.Kind, options: ScalingOptions) throws -> [RunDigest] {
        guard !digests.isEmpty else { throw AnalysisError.noRuns }
        let sorted = digests.sorted { ($0.parameterCount, $0.seedIndex) < ($1.parameterCount, $1.seedIndex) }
        for (k, d) in sorted.enumerated() {
            if k > 0, sorted[k - 1].parameterCount == d.parameterCount, sorted[k - 1].seedIndex == d.seedIndex {
                throw AnalysisError.duplicateRun(parameterCount: d.parameterCount, seedIndex: d.seedIndex)
            }
            try d.folding.admit(kind, options: options, parameterCount: d.parameterCount, seedIndex: d.seedIndex)
        }
        return sorted
    }

    /// Checks the runs and orders them by (N, seed index).
    static func validated(_ runs: [RunCascades]) throws -> [RunCascades] {
        guard !runs.isEmpty else { throw AnalysisError.noRuns }
        let sorted = runs.sorted { ($0.parameterCount, $0.seedIndex) < ($1.parameterCount, $1.seedIndex) }
        for (k, run) in sorted.enumerated() {
            if run.parameterCount <= 0 { throw AnalysisError.invalidParameterCount(run.parameterCount) }
            if k > 0, sorted[k - 1].parameterCount == run.parameterCount, sorted[k - 1].seedIndex == run.seedIndex {
                throw AnalysisError.duplicateRun(parameterCount: run.parameterCount, seedIndex: run.seedIndex)
            }
            for c in run.cascades where c.size < 0 || c.extent < 0 || c.duration < 0 {
                throw AnalysisError.negativeReading(parameterCount: run.parameterCount, seedIndex: run.seedIndex, epoch: c.epoch)
            }
        }
        return sorted
    }
}
