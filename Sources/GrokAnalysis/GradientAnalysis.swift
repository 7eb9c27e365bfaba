import GrokNumerics

extension ScalingAnalysis {
    /// Groups of the gradient seed table.
    static let preWindowGroup = 0, postWindowGroup = 1, preAllGroup = 2, postAllGroup = 3, firstTauGroup = 4

    /// The gradient analysis of one topology (see ``ScalingAnalysis`` for the bootstrap): each
    /// run folded into a ``RunDigest``, then ``gradient(digests:options:)``.
    public static func gradient(_ input: [RunCascades], options: ScalingOptions) throws -> GradientScaling {
        try gradient(digests: input.map { try RunDigest(gradient: $0, options: options) }, options: options)
    }

    /// The gradient analysis from per-run digests folded with ``RunDigest/init(gradient:options:)``,
    /// in any order: they are ordered by (N, seed index); a duplicate (N, seed) or a digest folded
    /// for the control or under other window options is refused.
    public static func gradient(digests input: [RunDigest], options: ScalingOptions) throws -> GradientScaling {
        try options.validate()
        let runs = try validated(input, for: .gradient, options: options)
        let survey = DigestSurvey(runs, windowWidth: options.windowWidth)
        let coarse = survey.coarse
        let fine =
            options.crossingWindow > 0
            ? TauWindows(from: -options.preWindow, to: options.postWindow, width: options.crossingWindow) : TauWindows.none
        let firstFineGroup = firstTauGroup + coarse.count
        let table = SeedTable(parameterCounts: runs.map(\.parameterCount), groups: firstFineGroup + fine.count) { r in
            runs[r].expanded().entries.map { e -> SeedTable.Entry in
                switch e.group {
                case .fixed(let g): return (g, e.fold, e.sizes)
                case .coarse(let k): return (firstTauGroup + k - coarse.kMin, e.fold, e.sizes)
                case .fine(let k): return (firstFineGroup + k, e.fold, e.sizes)
                }
            }
        }
        let widths = table.widths
        let required = Swift.max(options.minimumWidthsPerFit, options.requiredWidths == 0 ? widths : options.requiredWidths)
        let statistic = options.statistic
        func mask(_ g: Int, runs minimumRuns: Int) -> [Bool] { (0..<widths).map { table.runsWithData(width: $0, group: g) >= minimumRuns } }
        let preMask = mask(preWindowGroup, runs: options.minimumRunsPerWidth)
        let postMask = mask(postWindowGroup, runs: options.minimumRunsPerWidth)

        // Every slope-type quantity, bootstrapped alike.
        var specs: [SlopeSpec] = []
        func add(_ spec: SlopeSpec) -> Int { specs.append(spec); return specs.count - 1 }
        let robust = ScalingStatistic.allCases.map { st in
            (
                add(SlopeSpec(group: preWindowGroup, statistic: st, mask: preMask, minimum: required)),
                add(SlopeSpec(group: postWindowGroup, statistic: st, mask: postMask, minimum: required))
            )
        }
        let head = ScalingStatistic.allCases.firstIndex(of: statistic)!
        let maxIndex = ScalingStatistic.allCases.firstIndex(of: .max)!
        let preAll = add(SlopeSpec(group: preAllGroup, statistic: statistic, mask: mask(preAllGroup, runs: 1), minimum: options.minimumWidthsPerFit))
        let postAll = add(
            SlopeSpec(group: postAllGroup, statistic: statistic, mask: mask(postAllGroup, runs: 1), minimum: options.minimumWidthsPerFit))
        let localPre = specs[robust[head].0].localGroups(size: options.localSlopeWidths).map {
            add(SlopeSpec(group: preWindowGroup, statistic: statistic, mask: $0, minimum: 2))
        }
        let localPost = specs[robust[head].1].localGroups(size: options.localSlopeWidths).map {
            add(SlopeSpec(group: postWindowGroup, statistic: statistic, mask: $0, minimum: 2))
        }
        let curvePre = add(SlopeSpec(group: preWindowGroup, statistic: statistic, mask: preMask, minimum: Swift.max(4, required), curvature: true))
        let curvePost = add(SlopeSpec(group: postWindowGroup, statistic: statistic, mask: postMask, minimum: Swift.max(4, required), curvature: true))
        func windowSpecs(_ windows: TauWindows, firstGroup: Int) -> [Int] {
            (0..<windows.count).map {
                add(
                    SlopeSpec(
                        group: firstGroup + $0, statistic: statistic,
                        mask: mask(firstGroup + $0, runs: options.minimumRunsPerWidth), minimum: options.minimumWidthsPerFit))
            }
        }
        let coarseSpecs = windowSpecs(coarse, firstGroup: firstTauGroup)
        let fineSpecs = windowSpecs(fine, firstGroup: firstFineGroup)
        let coarseCovered = coarseSpecs.map { specs[$0].used >= required }
        let fineCovered = fineSpecs.map { specs[$0].used >= required }

        // Collapse histograms per (run, phase): pre window, post window, every snapshot.
        let grid = CollapseGrid(maximum: survey.maximum, binsPerDecade: options.collapseBinsPerDecade)
        let phases = CollapsePhases(digests: runs, grid: grid)

        // Full data.
        let ones = [Double](repeating: 1, count: runs.count)
        var scratch = SlopeScratch(widths: widths)
        let frozen = specs
        let full = ones.withUnsafeBufferPointer { w in frozen.map { $0.evaluate(table, &scratch, weight: w.baseAddress!) } }
        var workspace = CollapseWorkspace(
            lnN: table.lnN, grid: grid, minimumCurves: options.minimumWidthsPerFit, minimumCount: options.collapseMinimumCount)
        let fullCollapse = (0..<CollapsePhases.count).map { p in
            ones.withUnsafeBufferPointer { phases.fit(phase: p, table: table, weight: $0.baseAddress!, workspace: &workspace, coarse: false) }
        }
        let coarseFull = coarseSpecs.map { full[$0].d }, fineFull = fineSpecs.map { full[$0].d }

        // Bootstrap: specs, then τ* (coarse, fine), then (D, γ) per collapse phase.
        let q0 = specs.count
        let collapseResamples = options.bootstrapCollapse ? options.collapseResamples : 0
        // Then ln S per width in the pre and post windows (the S(N) plot's error bars).
        let sOffset = q0 + 2 + 2 * CollapsePhases.count
        let quantities = sOffset + 2 * widths
        let columns = PooledColumns(table: table, needs: frozen.map { ($0.group, $0.statistic) })
        let samples = Bootstrap.runBatched(
            resamples: options.bootstrapResamples, quantities: quantities,
            runStart: table.runStart, seed: options.seed, labels: options.streamLabels, batch: PooledColumns.batch
        ) {
            var scratch = SlopeScratch(widths: widths)
            var workspace = CollapseWorkspace(
                lnN: table.lnN, grid: grid, minimumCurves: options.minimumWidthsPerFit, minimumCount: options.collapseMinimumCount)
            let pooled = PooledColumns.Buffer(columns)
            return { weights, out, first, count in
                pooled.pool(columns, weights: weights, count: count)
                for b in 0..<count {
                    let weight = weights + b * table.runs, out = out + b * quantities, resample = first + b
                    scratch.source = pooled.resample(b, columns)
                    for (q, spec) in frozen.enumerated() { out[q] = spec.evaluate(table, &scratch, weight: weight).d }
                    out[q0] = Crossing.star(coarse.windows(values: coarseSpecs.map { out[$0] }, covered: coarseCovered)) ?? .nan
                    out[q0 + 1] = Crossing.star(fine.windows(values: fineSpecs.map { out[$0] }, covered: fineCovered)) ?? .nan
                    if let source = scratch.source {
                        for w in 0..<widths {
                            let at = source + w * table.groups * SeedTable.fields
                            out[sOffset + 2 * w] = table.lnStatistic(
                                width: w, group: preWindowGroup, statistic, weight: weight, from: at + preWindowGroup * SeedTable.fields)
                            out[sOffset + 2 * w + 1] = table.lnStatistic(
                                width: w, group: postWindowGroup, statistic, weight: weight, from: at + postWindowGroup * SeedTable.fields)
                        }
                    }
                    // The collapse is refitted in the first collapseResamples resamples only (its cost).
                    if resample < collapseResamples {
                        for p in 0..<CollapsePhases.count {
                            let fit = phases.fit(phase: p, table: table, weight: weight, workspace: &workspace, coarse: true)
                            out[q0 + 2 + 2 * p] = fit.d; out[q0 + 3 + 2 * p] = fit.gamma
                        }
                    }
                }
                scratch.source = nil
            }
        }
        return GradientAssembly(
            table: table, options: options, grokked: runs.map { $0.onsetEpoch != nil }, specs: specs, full: full, samples: samples, ones: ones
        )
        .result(
            sizes: survey.widthSizes, robust: robust, head: head, maxIndex: maxIndex, preAll: preAll, postAll: postAll, localPre: localPre,
            localPost: localPost,
            curvePre: curvePre, curvePost: curvePost,
            coarse: (coarse, coarseSpecs, coarseCovered, coarseFull, q0), fine: (fine, fineSpecs, fineCovered, fineFull, q0 + 1),
            collapses: fullCollapse, collapseOffset: q0 + 2, widthOffset: sOffset, grid: grid)
    }
}

/// What the gradient analysis needs of all digests before it lays out the table, in one pass:
/// the coarse τ tiling (global min/max of the absolute windows), the largest size (the
/// collapse grid) and every size of each width (the CCDF and the power-law fits; merged from
/// integer counts, exact in any order). `runs` are ordered by (N, seed index).
struct DigestSurvey {
    let coarse: TauWindows
    let maximum: Int
    let widthSizes: [SizeHistogram]

    init(_ runs: [RunDigest], windowWidth: Int) {
        var kLo = Int.max, kHi = Int.min, maximum = 0
        var widthSizes: [SizeHistogram] = [], tally: [Int: Int] = [:]
        for (r, run) in runs.enumerated() {
            let (sizes, entries) = run.expanded()
            for e in entries {
                guard case .coarse(let k) = e.group else { continue }
                kLo = Swift.min(kLo, k); kHi = Swift.max(kHi, k)
            }
            maximum = Swift.max(maximum, sizes.values.last ?? 0)
            for (size, count) in zip(sizes.values, sizes.counts) { tally[size, default: 0] += count }
            if r == runs.count - 1 || runs[r + 1].parameterCount != run.parameterCount {
                widthSizes.append(SizeHistogram(tally: tally))
                tally.removeAll(keepingCapacity: true)
            }
        }
        coarse = TauWindows(width: windowWidth, spanning: kLo, kHi)
        self.maximum = maximum
        self.widthSizes = widthSizes
    }
}
