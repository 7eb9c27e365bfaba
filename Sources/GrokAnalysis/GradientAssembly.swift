import GrokNumerics

/// Turns the full-data values and bootstrap samples of ``ScalingAnalysis/gradient(_:options:)``
/// into the reported ``GradientScaling``.
struct GradientAssembly {
    let table: SeedTable
    let options: ScalingOptions
    /// Per run of the table: it has an onset.
    let grokked: [Bool]
    let specs: [SlopeSpec]
    let full: [(d: Double, r2: Double)]
    let samples: [[Double]]
    let ones: [Double]

    typealias Windows = (windows: TauWindows, specs: [Int], covered: [Bool], values: [Double], crossingQuantity: Int)

    /// An estimate of spec q, with its window, widths, systematic and saturation flags.
    func estimate(_ q: Int, window: [Int]?) -> Estimate {
        let spec = specs[q]
        var e = Estimate(
            value: full[q].d, r2: full[q].d.isFinite && !spec.curvature ? full[q].r2 : nil, bootstrap: samples[q], confidence: options.confidence)
        var scratch = SlopeScratch(widths: table.widths)
        e.window = window
        e.widthsUsed = spec.parameterCounts(table)
        if full[q].d.isFinite {
            e.systematic = ones.withUnsafeBufferPointer { spec.systematic(table, &scratch, ones: $0.baseAddress!) }
        }
        e.saturatedWidths = ones.withUnsafeBufferPointer { w in
            spec.mask.indices.filter {
                spec.mask[$0] && table.saturation(width: $0, group: spec.group, ones: w.baseAddress!).fraction > options.saturationLimit
            }
            .map { table.parameterCounts[$0] }
        }
        return e
    }

    /// The bootstrap interval of one width's S (quantity q holds ln S per resample): the
    /// percentile interval of ln S at the confidence, back on the S scale; empty when the width
    /// has no S there or no resample gave one.
    func sizeInterval(_ q: Int, full: Double) -> [Double] {
        guard full > 0, full.isFinite else { return [] }
        let e = Estimate(value: Elementary.log(full), r2: nil, bootstrap: samples[q], confidence: options.confidence)
        return e.ci.allSatisfy(\.isFinite) ? e.ci.map { Elementary.exp($0) } : []
    }

    /// `sizes`: every size of each width (the CCDF and the power-law fits read these).
    func result(
        sizes: [SizeHistogram], robust: [(Int, Int)], head: Int, maxIndex: Int, preAll: Int, postAll: Int, localPre: [Int], localPost: [Int],
        curvePre: Int, curvePost: Int, coarse: Windows, fine: Windows,
        collapses: [DataCollapse.Fit], collapseOffset: Int, widthOffset: Int, grid: CollapseGrid
    ) -> GradientScaling {
        let preWindow = [-options.preWindow, 0], postWindow = [0, options.postWindow]
        let robustness = robust.enumerated().map { k, pair in
            RobustnessRow(
                statistic: ScalingStatistic.allCases[k], dPre: estimate(pair.0, window: preWindow), dPost: estimate(pair.1, window: postWindow))
        }
        func local(_ list: [Int], window: [Int]) -> [LocalSlope] {
            list.map { q in
                let n = specs[q].parameterCounts(table)
                var e = estimate(q, window: window)
                e.systematic = nil
                return LocalSlope(nLo: n.first ?? 0, nHi: n.last ?? 0, d: e)
            }
        }
        func tauWindows(_ w: Windows) -> [DTauWindow] {
            w.specs.enumerated().compactMap { k, q -> DTauWindow? in
                guard w.values[k].isFinite else { return nil }
                let band = Estimate(value: w.values[k], r2: nil, bootstrap: samples[q], confidence: options.confidence)
                let lo = w.windows.lower(k)
                var d = DTauWindow(
                    tauLo: lo, tauHi: lo + w.windows.width, d: w.values[k], r2: full[q].r2,
                    widthsUsed: specs[q].used, ci: band.ci, resamples: band.resamples)
                d.covered = w.covered[k]
                d.runsPerWidth = (0..<table.widths).map { table.runsWithData(width: $0, group: specs[q].group) }
                return d
            }
        }
        func crossingEstimate(_ w: Windows) -> Estimate {
            let star = Crossing.star(w.windows.windows(values: w.values, covered: w.covered))
            var e = Estimate(value: star ?? .nan, r2: nil, bootstrap: samples[w.crossingQuantity], confidence: options.confidence)
            e.window = [w.windows.width]
            return e
        }
        let collapseResults = collapses.enumerated().map { p, fit -> CollapseResult in
            let q = collapseOffset + 2 * p
            return CollapseResult(
                phase: CollapsePhases.names[p], window: p == 0 ? preWindow : p == 1 ? postWindow : nil,
                d: Estimate(value: fit.d, r2: fit.r2.isFinite ? fit.r2 : nil, bootstrap: samples[q], confidence: options.confidence),
                gamma: Estimate(value: fit.gamma, r2: nil, bootstrap: samples[q + 1], confidence: options.confidence),
                r2: fit.r2, quality: fit.quality, curves: fit.curves,
                collapses: fit.quality.isFinite && fit.quality <= options.collapseQualityLimit)
        }
        var scratch = SlopeScratch(widths: table.widths)
        let headPre = specs[robust[head].0], headPost = specs[robust[head].1]
        let leaveOneOut = ones.withUnsafeBufferPointer { w in
            (0..<table.widths).map { removed -> LeaveOneOut in
                let pre = scratch.slope(
                    table, group: headPre.group, statistic: options.statistic, weight: w.baseAddress!, minimum: Swift.max(2, headPre.minimum - 1),
                    mask: headPre.mask, excluded: removed, strict: true)
                let post = scratch.slope(
                    table, group: headPost.group, statistic: options.statistic, weight: w.baseAddress!, minimum: Swift.max(2, headPost.minimum - 1),
                    mask: headPost.mask, excluded: removed, strict: true)
                return LeaveOneOut(removedParameterCount: table.parameterCounts[removed], dPre: pre.d, dPost: post.d, r2Pre: pre.r2, r2Post: post.r2)
            }
        }
        let pre = ScalingAnalysis.preWindowGroup, post = ScalingAnalysis.postWindowGroup
        let perWidth = ones.withUnsafeBufferPointer { wp in
            (0..<table.widths).map { w -> WidthStatistics in
                let members = grokked[table.runStart[w]..<table.runStart[w + 1]]
                let o = wp.baseAddress!
                let (ccdfSizes, ccdf) = ComplementaryCDF.points(sizes[w])
                return WidthStatistics(
                    parameterCount: table.parameterCounts[w], runs: members.count, grokkedRuns: members.filter { $0 }.count,
                    cascadesPre: table.saturation(width: w, group: pre, ones: o).cascades,
                    cascadesPost: table.saturation(width: w, group: post, ones: o).cascades,
                    runsPre: table.runsWithData(width: w, group: pre), runsPost: table.runsWithData(width: w, group: post),
                    sPre: table.statistic(width: w, group: pre, options.statistic, ones: o),
                    sPost: table.statistic(width: w, group: post, options.statistic, ones: o),
                    sMaxPre: table.statistic(width: w, group: pre, .max, ones: o), sMaxPost: table.statistic(width: w, group: post, .max, ones: o),
                    saturationPre: table.saturation(width: w, group: pre, ones: o).fraction,
                    saturationPost: table.saturation(width: w, group: post, ones: o).fraction,
                    ccdfSizes: ccdfSizes, ccdfProbability: ccdf,
                    sPreInterval: sizeInterval(widthOffset + 2 * w, full: table.statistic(width: w, group: pre, options.statistic, ones: o)),
                    sPostInterval: sizeInterval(widthOffset + 2 * w + 1, full: table.statistic(width: w, group: post, options.statistic, ones: o)))
            }
        }
        // One test per width, on its own streams: run concurrently into fixed slots.
        let powerLaw = ConcurrentSlots.map(count: table.widths) { w in
            PowerLawTest.run(
                sizes[w], parameterCount: table.parameterCounts[w], resamples: options.gofResamples,
                seed: options.seed, labels: options.streamLabels + ["gof", .int(table.parameterCounts[w])])
        }
        let pooled = collapseResults[CollapsePhases.count - 1]
        return GradientScaling(
            dPre: robustness[head].dPre, dPost: robustness[head].dPost,
            dPreAll: estimate(preAll, window: nil), dPostAll: estimate(postAll, window: nil),
            dPreSmax: robustness[maxIndex].dPre, dPostSmax: robustness[maxIndex].dPost,
            robustness: robustness,
            localSlopesPre: local(localPre, window: preWindow), localSlopesPost: local(localPost, window: postWindow),
            curvaturePre: estimate(curvePre, window: preWindow), curvaturePost: estimate(curvePost, window: postWindow),
            dTau: tauWindows(coarse), dTauFine: tauWindows(fine),
            crossingTau: Crossing.star(coarse.windows.windows(values: coarse.values, covered: coarse.covered)),
            crossing: crossingEstimate(coarse), crossingFine: crossingEstimate(fine),
            crossings: Crossing.all(coarse.windows.windows(values: coarse.values, covered: coarse.covered)).map(\.tau),
            collapses: collapseResults, gamma: pooled.gamma, collapseD: pooled.d, collapseR2: pooled.r2,
            powerLaw: powerLaw, leaveOneOut: leaveOneOut, perWidth: perWidth,
            ungrokkedRuns: grokked.filter { !$0 }.count)
    }
}

/// The complementary CDF of a sample, thinned for plots.
enum ComplementaryCDF {
    /// P(S ≥ s) at every distinct s ≥ 1 (sizes 0 are left out), or at ~100 log-spaced ones when
    /// there are more; the first and last distinct sizes are always kept.
    static func points(_ sizes: [Int]) -> ([Int], [Double]) { points(SizeHistogram(sizes)) }

    /// The same points from a histogram of the sizes.
    static func points(_ histogram: SizeHistogram) -> ([Int], [Double]) {
        let positive = histogram.atLeast(1)
        guard let last = positive.values.last else { return ([], []) }
        let total = positive.total
        let n = Double(total)
        var out: [Int] = [], p: [Double] = []
        var nextAllowed = 0.0
        let step = Swift.max(1e-9, Elementary.log(Double(last)) / 100)
        var below = 0  // sizes smaller than the current value
        for (s, count) in zip(positive.values, positive.counts) {
            let ln = Elementary.log(Double(s))
            if ln >= nextAllowed || s == last {
                out.append(s); p.append(Double(total - below) / n)
                nextAllowed = ln + step
            }
            below += count
        }
        return (out, p)
    }
}
