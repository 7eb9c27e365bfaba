import GrokNumerics

/// The finite-size-scaling analysis of one topology's cascades (method §3). Pure and
/// deterministic: the same runs and options give the same bits whatever the thread count.
///
/// S(N) pools every (run, snapshot) pair of width N in the group (seeds are not averaged
/// separately); D is the least-squares slope of ln S on ln N over the widths at which S is
/// defined and positive, made only with ≥ `minimumWidthsPerFit` such widths (else NaN).
/// τ = epoch − t_g; ungrokked runs enter no τ-based quantity and are counted.
///
/// Bootstrap: the unit is the seed. Resample r draws, within each width (ascending N), as many
/// runs as the width has, with replacement, from RandomStream(baseSeed: options.seed,
/// labels: options.streamLabels + [.int(r)]), and recomputes every bootstrapped quantity from
/// per-(run, group) sufficient statistics and per-run histograms. Resamples run on all cores
/// into fixed slots: the numbers do not depend on the thread count. Ungrokked runs stay in the
/// pool (they are seeds of the width) and add nothing to τ-based groups.
public enum ScalingAnalysis {
    /// Group indices in the gradient table: 0 = τ < 0, 1 = τ ≥ 0, 2 + (k − kMin) = window k.
    static let preGroup = 0, postGroup = 1

    public static func gradient(_ input: [RunCascades], options: ScalingOptions) throws -> GradientScaling {
        try options.validate()
        let runs = try validated(input)
        let window = options.windowWidth
        var kMin = Int.max, kMax = Int.min
        for run in runs {
            guard let onset = run.onsetEpoch else { continue }
            for c in run.cascades {
                let k = floorDivide(c.epoch - onset, window)
                kMin = Swift.min(kMin, k); kMax = Swift.max(kMax, k)
            }
        }
        let windowCount = kMin <= kMax ? kMax - kMin + 1 : 0
        let table = SeedTable(runs: runs, groups: 2 + windowCount) { run, c in
            guard let onset = run.onsetEpoch else { return (nil, nil) }
            let tau = c.epoch - onset
            return (tau < 0 ? preGroup : postGroup, 2 + floorDivide(tau, window) - kMin)
        }
        let widths = table.widths
        let minimum = options.minimumWidthsPerFit
        let statistic = options.statistic

        // Histograms per run on the common grid, for the collapse.
        let maximum = runs.reduce(0) { m, run in run.cascades.reduce(m) { Swift.max($0, $1.size) } }
        let grid = CollapseGrid(maximum: maximum, binsPerDecade: options.collapseBinsPerDecade)
        let bins = grid.count
        var runHistograms = [Double](repeating: 0, count: runs.count * bins)
        for (r, run) in runs.enumerated() {
            for c in run.cascades { if let b = grid.bin(of: c.size) { runHistograms[r * bins + b] += 1 } }
        }
        let histograms = runHistograms

        // Full data.
        let ones = [Double](repeating: 1, count: runs.count)
        var scratch = SlopeScratch(widths: widths)
        var workspace = CollapseWorkspace(lnN: table.lnN, grid: grid, minimumCurves: minimum, minimumCount: options.collapseMinimumCount)
        var pooledCounts = [Double](repeating: 0, count: widths * bins)
        let full = ones.withUnsafeBufferPointer { w -> (pre: (d: Double, r2: Double, used: Int), post: (d: Double, r2: Double, used: Int), preMax: (d: Double, r2: Double, used: Int), postMax: (d: Double, r2: Double, used: Int), windows: [(d: Double, r2: Double, used: Int)], collapse: DataCollapse.Fit) in
            let wp = w.baseAddress!
            let pre = scratch.slope(table, group: preGroup, statistic: statistic, weight: wp, minimum: minimum)
            let post = scratch.slope(table, group: postGroup, statistic: statistic, weight: wp, minimum: minimum)
            let preMax = scratch.slope(table, group: preGroup, statistic: .max, weight: wp, minimum: minimum)
            let postMax = scratch.slope(table, group: postGroup, statistic: .max, weight: wp, minimum: minimum)
            let windows = (0..<windowCount).map { scratch.slope(table, group: 2 + $0, statistic: statistic, weight: wp, minimum: minimum) }
            let collapse = collapseFit(table: table, histograms: histograms, bins: bins, weight: wp, pooled: &pooledCounts,
                                       workspace: &workspace, around: nil)
            return (pre, post, preMax, postMax, windows, collapse)
        }

        // Bootstrap: 0 dPre, 1 dPost, 2 dPreSmax, 3 dPostSmax, 4 collapse D, 5 γ, 6 + k windows.
        let collapseCentre = options.bootstrapCollapse ? full.collapse.d : .nan
        let samples = Bootstrap.run(resamples: options.bootstrapResamples, quantities: 6 + windowCount, runStart: table.runStart,
                                    seed: options.seed, labels: options.streamLabels) {
            var scratch = SlopeScratch(widths: widths)
            var workspace = CollapseWorkspace(lnN: table.lnN, grid: grid, minimumCurves: minimum, minimumCount: options.collapseMinimumCount)
            var pooled = [Double](repeating: 0, count: widths * bins)
            return { weight, out in
                out[0] = scratch.slope(table, group: preGroup, statistic: statistic, weight: weight, minimum: minimum).d
                out[1] = scratch.slope(table, group: postGroup, statistic: statistic, weight: weight, minimum: minimum).d
                out[2] = scratch.slope(table, group: preGroup, statistic: .max, weight: weight, minimum: minimum).d
                out[3] = scratch.slope(table, group: postGroup, statistic: .max, weight: weight, minimum: minimum).d
                if collapseCentre.isFinite {
                    let fit = collapseFit(table: table, histograms: histograms, bins: bins, weight: weight, pooled: &pooled,
                                          workspace: &workspace, around: collapseCentre)
                    out[4] = fit.d; out[5] = fit.gamma
                }
                for k in 0..<windowCount {
                    out[6 + k] = scratch.slope(table, group: 2 + k, statistic: statistic, weight: weight, minimum: minimum).d
                }
            }
        }
        let confidence = options.confidence
        func estimate(_ fit: (d: Double, r2: Double, used: Int), _ q: Int) -> Estimate {
            Estimate(value: fit.d, r2: fit.d.isFinite ? fit.r2 : nil, bootstrap: samples[q], confidence: confidence)
        }

        var dTau: [DTauWindow] = []
        for k in 0..<windowCount where full.windows[k].d.isFinite {
            let band = Estimate(value: full.windows[k].d, r2: nil, bootstrap: samples[6 + k], confidence: confidence)
            let lo = (kMin + k) * window
            dTau.append(DTauWindow(tauLo: lo, tauHi: lo + window, d: full.windows[k].d, r2: full.windows[k].r2,
                                   widthsUsed: full.windows[k].used, ci: band.ci, resamples: band.resamples))
        }
        let (crossings, crossingTau) = crossingsOfOne(dTau)

        let leaveOneOut = ones.withUnsafeBufferPointer { w in
            (0..<widths).map { removed -> LeaveOneOut in
                let pre = scratch.slope(table, group: preGroup, statistic: statistic, weight: w.baseAddress!, minimum: minimum, excluded: removed)
                let post = scratch.slope(table, group: postGroup, statistic: statistic, weight: w.baseAddress!, minimum: minimum, excluded: removed)
                return LeaveOneOut(removedParameterCount: table.parameterCounts[removed], dPre: pre.d, dPost: post.d, r2Pre: pre.r2, r2Post: post.r2)
            }
        }

        var perWidth: [WidthStatistics] = [], powerLaw: [PowerLawFit] = []
        var pooled = [Double](repeating: 0, count: SeedTable.fields)
        for w in 0..<widths {
            let members = runs[table.runStart[w]..<table.runStart[w + 1]]
            let pre = ones.withUnsafeBufferPointer { wp in pooled.withUnsafeMutableBufferPointer { p -> [Double] in
                table.pooled(width: w, group: preGroup, weight: wp.baseAddress!, into: p.baseAddress!); return Array(p) } }
            let post = ones.withUnsafeBufferPointer { wp in pooled.withUnsafeMutableBufferPointer { p -> [Double] in
                table.pooled(width: w, group: postGroup, weight: wp.baseAddress!, into: p.baseAddress!); return Array(p) } }
            perWidth.append(WidthStatistics(
                parameterCount: table.parameterCounts[w], runs: members.count,
                grokkedRuns: members.filter { $0.onsetEpoch != nil }.count,
                cascadesPre: Int(pre[0]), cascadesPost: Int(post[0]),
                sPre: SeedTable.statistic(pre, statistic), sPost: SeedTable.statistic(post, statistic),
                sMaxPre: SeedTable.statistic(pre, .max), sMaxPost: SeedTable.statistic(post, .max)))
            let fit = PowerLawMLE.discrete(members.flatMap { $0.cascades.map(\.size) })
            powerLaw.append(PowerLawFit(parameterCount: table.parameterCounts[w], alpha: fit.alpha, xMin: fit.xMin, ks: fit.ks,
                                        tailCount: fit.tailCount, sampleCount: fit.sampleCount))
        }

        return GradientScaling(
            dPre: estimate(full.pre, 0), dPost: estimate(full.post, 1),
            dPreSmax: estimate(full.preMax, 2), dPostSmax: estimate(full.postMax, 3),
            dTau: dTau, crossingTau: crossingTau, crossings: crossings,
            gamma: Estimate(value: full.collapse.gamma, r2: nil, bootstrap: samples[5], confidence: confidence),
            collapseD: Estimate(value: full.collapse.d, r2: full.collapse.r2.isFinite ? full.collapse.r2 : nil,
                                bootstrap: samples[4], confidence: confidence),
            collapseR2: full.collapse.r2, powerLaw: powerLaw, leaveOneOut: leaveOneOut, perWidth: perWidth,
            ungrokkedRuns: runs.filter { $0.onsetEpoch == nil }.count)
    }

    /// D of the Gaussian control: every cascade of a width pooled (onsets, if any, are ignored).
    public static func control(_ input: [RunCascades], options: ScalingOptions) throws -> ControlScaling {
        try options.validate()
        let runs = try validated(input)
        let table = SeedTable(runs: runs, groups: 1) { _, _ in (0, nil) }
        let widths = table.widths, minimum = options.minimumWidthsPerFit, statistic = options.statistic
        let ones = [Double](repeating: 1, count: runs.count)
        var scratch = SlopeScratch(widths: widths)
        let (head, smax) = ones.withUnsafeBufferPointer { w in
            (scratch.slope(table, group: 0, statistic: statistic, weight: w.baseAddress!, minimum: minimum),
             scratch.slope(table, group: 0, statistic: .max, weight: w.baseAddress!, minimum: minimum))
        }
        let samples = Bootstrap.run(resamples: options.bootstrapResamples, quantities: 2, runStart: table.runStart,
                                    seed: options.seed, labels: options.streamLabels) {
            var scratch = SlopeScratch(widths: widths)
            return { weight, out in
                out[0] = scratch.slope(table, group: 0, statistic: statistic, weight: weight, minimum: minimum).d
                out[1] = scratch.slope(table, group: 0, statistic: .max, weight: weight, minimum: minimum).d
            }
        }
        var perWidth: [ControlWidthStatistics] = []
        var pooled = [Double](repeating: 0, count: SeedTable.fields)
        for w in 0..<widths {
            ones.withUnsafeBufferPointer { wp in pooled.withUnsafeMutableBufferPointer { p in
                table.pooled(width: w, group: 0, weight: wp.baseAddress!, into: p.baseAddress!) } }
            perWidth.append(ControlWidthStatistics(
                parameterCount: table.parameterCounts[w], runs: table.runStart[w + 1] - table.runStart[w], cascades: Int(pooled[0]),
                s: SeedTable.statistic(pooled, statistic), sMax: SeedTable.statistic(pooled, .max)))
        }
        return ControlScaling(
            dSynth: Estimate(value: head.d, r2: head.d.isFinite ? head.r2 : nil, bootstrap: samples[0], confidence: options.confidence),
            dSynthSmax: Estimate(value: smax.d, r2: smax.d.isFinite ? smax.r2 : nil, bootstrap: samples[1], confidence: options.confidence),
            perWidth: perWidth)
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

    /// Crossings of D = 1 between consecutive listed windows, by linear interpolation between
    /// their centres; upward means D below 1 then at or above 1. τ* is the upward crossing
    /// nearest τ = 0 (the earlier on a tie).
    static func crossingsOfOne(_ windows: [DTauWindow]) -> ([Double], Double?) {
        var all: [Double] = []
        var star: Double?
        for i in windows.indices.dropLast() {
            let a = windows[i], b = windows[i + 1]
            let up = a.d < 1 && b.d >= 1, down = a.d >= 1 && b.d < 1
            guard up || down else { continue }
            let tau = a.centre + (1 - a.d) * (b.centre - a.centre) / (b.d - a.d)
            all.append(tau)
            if up, star == nil || tau.magnitude < star!.magnitude { star = tau }
        }
        return (all, star)
    }

    /// Pools the weighted run histograms per width and fits the collapse.
    static func collapseFit(table: SeedTable, histograms: [Double], bins: Int, weight: UnsafePointer<Double>, pooled: inout [Double],
                            workspace: inout CollapseWorkspace, around centre: Double?) -> DataCollapse.Fit {
        pooled.withUnsafeMutableBufferPointer { p in
            histograms.withUnsafeBufferPointer { h in
                for w in 0..<table.widths {
                    let row = p.baseAddress! + w * bins
                    for b in 0..<bins { row[b] = 0 }
                    for r in table.runStart[w]..<table.runStart[w + 1] where weight[r] > 0 {
                        let m = weight[r], src = h.baseAddress! + r * bins
                        for b in 0..<bins { row[b] += m * src[b] }
                    }
                }
            }
        }
        return pooled.withUnsafeBufferPointer { workspace.fit(counts: $0.baseAddress!, around: centre) }
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
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
