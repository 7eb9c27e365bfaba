extension RunDigest {
    /// One run folded for ``ScalingAnalysis/gradient(digests:options:)`` under `options`
    /// (D(τ) and crossing windows, fixed windows, and whether the headline is the median).
    /// Validates the readings: a negative size, extent or duration throws
    /// ``AnalysisError/negativeReading(parameterCount:seedIndex:epoch:)``.
    public init(gradient run: RunCascades, options: ScalingOptions) throws {
        try options.validate()
        try RunDigest.check(run)
        let folding = DigestFolding(gradient: options)
        let n = run.parameterCount
        var all = SizeTally()
        var entries: [DigestEntry] = []
        if let onset = run.onsetEpoch {
            let fine = options.crossingWindow > 0
                ? TauWindows(from: -options.preWindow, to: options.postWindow, width: options.crossingWindow) : TauWindows.none
            // The run's own span of absolute coarse windows, so its groups sit in flat arrays.
            var kLo = Int.max, kHi = Int.min
            for c in run.cascades {
                let k = ScalingAnalysis.floorDivide(c.epoch - onset, options.windowWidth)
                kLo = Swift.min(kLo, k); kHi = Swift.max(kHi, k)
            }
            let coarseCount = kLo <= kHi ? kHi - kLo + 1 : 0
            var fixed = [GroupFold](repeating: GroupFold(), count: 4), fixedSizes = [SizeTally](repeating: SizeTally(), count: 4)
            var coarse = [GroupFold](repeating: GroupFold(), count: coarseCount), coarseSizes = [SizeTally](repeating: SizeTally(), count: folding.everyGroupSizes ? coarseCount : 0)
            var fineFolds = [GroupFold](repeating: GroupFold(), count: fine.count), fineSizes = [SizeTally](repeating: SizeTally(), count: folding.everyGroupSizes ? fine.count : 0)
            let sizedFixed = folding.everyGroupSizes ? 4 : 2  // the pre and post windows always
            for c in run.cascades {
                all.add(c.size)
                let tau = c.epoch - onset
                let inWindow = tau < 0 ? (tau >= -options.preWindow ? ScalingAnalysis.preWindowGroup : nil) : (tau < options.postWindow ? ScalingAnalysis.postWindowGroup : nil)
                let side = tau < 0 ? ScalingAnalysis.preAllGroup : ScalingAnalysis.postAllGroup
                fixed[side].add(c, parameterCount: n)
                if side < sizedFixed { fixedSizes[side].add(c.size) }
                if let g = inWindow {
                    fixed[g].add(c, parameterCount: n)
                    if g < sizedFixed { fixedSizes[g].add(c.size) }
                }
                let k = ScalingAnalysis.floorDivide(tau, options.windowWidth) - kLo
                coarse[k].add(c, parameterCount: n)
                if folding.everyGroupSizes { coarseSizes[k].add(c.size) }
                if let f = fine.window(tau) {
                    fineFolds[f].add(c, parameterCount: n)
                    if folding.everyGroupSizes { fineSizes[f].add(c.size) }
                }
            }
            for g in 0..<4 where fixed[g].count > 0 {
                entries.append(DigestEntry(group: .fixed(g), fold: fixed[g], sizes: g < sizedFixed ? fixedSizes[g].histogram : nil))
            }
            for k in 0..<coarseCount where coarse[k].count > 0 {
                entries.append(DigestEntry(group: .coarse(kLo + k), fold: coarse[k], sizes: folding.everyGroupSizes ? coarseSizes[k].histogram : nil))
            }
            for f in 0..<fine.count where fineFolds[f].count > 0 {
                entries.append(DigestEntry(group: .fine(f), fold: fineFolds[f], sizes: folding.everyGroupSizes ? fineSizes[f].histogram : nil))
            }
        } else {
            for c in run.cascades { all.add(c.size) }  // an ungrokked run enters no τ-based group
        }
        self.init(parameterCount: n, seedIndex: run.seedIndex, onsetEpoch: run.onsetEpoch, folding: folding,
                  sizes: all.histogram, entries: entries)
    }

    /// One run folded for ``ScalingAnalysis/control(digests:options:)``: every cascade in one
    /// group (an onset, if any, is ignored). Validates the readings like ``init(gradient:options:)``.
    public init(control run: RunCascades, options: ScalingOptions) throws {
        try options.validate()
        try RunDigest.check(run)
        var fold = GroupFold(), all = SizeTally()
        for c in run.cascades {
            fold.add(c, parameterCount: run.parameterCount)
            all.add(c.size)
        }
        // The group's sizes are every size: the table reads them from `sizes`.
        let entries = fold.count > 0 ? [DigestEntry(group: .fixed(0), fold: fold, sizes: nil)] : []
        self.init(parameterCount: run.parameterCount, seedIndex: run.seedIndex, onsetEpoch: run.onsetEpoch, folding: .control,
                  sizes: all.histogram, entries: entries)
    }

    /// A run the analysis can interpret: N > 0 and no negative reading.
    static func check(_ run: RunCascades) throws {
        if run.parameterCount <= 0 { throw AnalysisError.invalidParameterCount(run.parameterCount) }
        for c in run.cascades where c.size < 0 || c.extent < 0 || c.duration < 0 {
            throw AnalysisError.negativeReading(parameterCount: run.parameterCount, seedIndex: run.seedIndex, epoch: c.epoch)
        }
    }
}
