extension RunDigest {
    /// One run folded for ``ScalingAnalysis/gradient(digests:options:)`` under `options`
    /// (D(τ) and crossing windows, fixed windows, and whether the headline is the median).
    /// Validates the readings: a negative size, extent or duration throws
    /// ``AnalysisError/negativeReading(parameterCount:seedIndex:epoch:)``.
    public init(gradient run: RunCascades, options: ScalingOptions) throws {
        try options.validate()
        try self.init(run, folding: DigestFolding(gradient: options), onsetEpoch: run.onsetEpoch)
    }

    /// One run folded for ``ScalingAnalysis/control(digests:options:)``: every cascade in one
    /// group (an onset, if any, is ignored). Validates the readings like ``init(gradient:options:)``.
    public init(control run: RunCascades, options: ScalingOptions) throws {
        try options.validate()
        try self.init(run, folding: .control, onsetEpoch: run.onsetEpoch)
    }

    /// Folds the run, then keeps the sums or the packed readings, whichever is smaller.
    private init(_ run: RunCascades, folding: DigestFolding, onsetEpoch: Int?) throws {
        try RunDigest.check(run)
        let offset = folding.kind == .gradient ? onsetEpoch ?? 0 : 0
        self.init(
            readings: run.cascades.lazy.map { Reading(tau: $0.epoch - offset, size: $0.size, extent: $0.extent) },
            parameterCount: run.parameterCount, seedIndex: run.seedIndex, onsetEpoch: onsetEpoch, folding: folding)
    }

    /// `readings` in cascade order, τ relative to `onsetEpoch` (to epoch 0 without one).
    /// An ungrokked gradient run always keeps its readings, so that it can be aligned later.
    private init<C: Collection>(readings: C, parameterCount: Int, seedIndex: Int, onsetEpoch: Int?, folding: DigestFolding)
    where C.Element == Reading {
        let alignable = folding.kind == .gradient && onsetEpoch == nil
        let (sizes, entries) = RunDigest.fold(
            readings, folding: folding, grokked: folding.kind == .gradient && onsetEpoch != nil,
            parameterCount: parameterCount)
        var storage = Storage.folded(sizes: sizes, entries: entries)
        if alignable || RunDigest.packedBytes(count: readings.count) < RunDigest.foldedBytes(sizes: sizes, entries: entries) {
            var packed: [PackedReading]? = []
            packed!.reserveCapacity(readings.count)
            for r in readings {
                guard let p = PackedReading(r) else { packed = nil; break }
                packed!.append(p)
            }
            if let packed { storage = .packed(packed) } else if alignable { storage = .wide(Array(readings)) }
        }
        self.init(parameterCount: parameterCount, seedIndex: seedIndex, onsetEpoch: onsetEpoch, folding: folding, storage: storage)
    }

    /// This ungrokked run's gradient digest as if it had grokked at `onsetEpoch`: the reference
    /// sets of the early warning and the aligned ungrokked fits put ungrokked runs at their
    /// width's median t_g, known only once every run has arrived. Folds the kept readings again
    /// (the same fold, in cascade order), so it equals the digest of the run given that onset.
    /// Throws ``AnalysisError/notAlignable(parameterCount:seedIndex:onsetEpoch:)`` for a run that
    /// has an onset, and ``AnalysisError/digestKind(parameterCount:seedIndex:folded:requested:)``
    /// for a control digest.
    public func aligned(atOnset onset: Int) throws -> RunDigest {
        guard folding.kind == .gradient else {
            throw AnalysisError.digestKind(parameterCount: parameterCount, seedIndex: seedIndex, folded: folding.kind.rawValue, requested: "gradient")
        }
        let shifted: [Reading]
        switch (onsetEpoch, storage) {
        case (nil, .packed(let p)): shifted = p.map { Reading(tau: Int($0.tau) - onset, size: Int($0.size), extent: Int($0.extent)) }
        case (nil, .wide(let w)): shifted = w.map { Reading(tau: $0.tau - onset, size: $0.size, extent: $0.extent) }
        default: throw AnalysisError.notAlignable(parameterCount: parameterCount, seedIndex: seedIndex, onsetEpoch: onsetEpoch)
        }
        return RunDigest(readings: shifted, parameterCount: parameterCount, seedIndex: seedIndex, onsetEpoch: onset, folding: folding)
    }

    /// A run the analysis can interpret: N > 0 and no negative reading.
    static func check(_ run: RunCascades) throws {
        if run.parameterCount <= 0 { throw AnalysisError.invalidParameterCount(run.parameterCount) }
        for c in run.cascades where c.size < 0 || c.extent < 0 || c.duration < 0 {
            throw AnalysisError.negativeReading(parameterCount: run.parameterCount, seedIndex: run.seedIndex, epoch: c.epoch)
        }
    }

    /// The fold itself, in cascade order: every size, and the non-empty groups in ascending
    /// group order. Gradient: an ungrokked run enters no τ-based group; a grokked run's cascade
    /// enters τ < 0 or τ ≥ 0, the pre or post window if inside it, its coarse window k (absolute)
    /// and its crossing window if any. Control: every cascade in group 0, whose sizes are `sizes`.
    static func fold<C: Collection>(
        _ readings: C, folding: DigestFolding, grokked: Bool, parameterCount n: Int
    )
        -> (sizes: SizeHistogram, entries: [DigestEntry]) where C.Element == Reading
    {
        var all = SizeTally()
        guard folding.kind == .gradient else {
            var fold = GroupFold()
            for r in readings { fold.add(size: r.size, extent: r.extent, parameterCount: n); all.add(r.size) }
            return (all.histogram, fold.count > 0 ? [DigestEntry(group: .fixed(0), fold: fold, sizes: nil)] : [])
        }
        guard grokked else {
            for r in readings { all.add(r.size) }
            return (all.histogram, [])
        }
        let fine =
            folding.crossingWindow > 0
            ? TauWindows(from: -folding.preWindow, to: folding.postWindow, width: folding.crossingWindow) : TauWindows.none
        // The run's own span of absolute coarse windows, so its groups sit in flat arrays.
        var kLo = Int.max, kHi = Int.min
        for r in readings {
            let k = ScalingAnalysis.floorDivide(r.tau, folding.windowWidth)
            kLo = Swift.min(kLo, k); kHi = Swift.max(kHi, k)
        }
        let coarseCount = kLo <= kHi ? kHi - kLo + 1 : 0
        let every = folding.everyGroupSizes
        let sizedFixed = every ? 4 : 2  // the pre and post windows' sizes always
        var fixed = [GroupFold](repeating: GroupFold(), count: 4), fixedSizes = [SizeTally](repeating: SizeTally(), count: sizedFixed)
        var coarse = [GroupFold](repeating: GroupFold(), count: coarseCount),
            coarseSizes = [SizeTally](repeating: SizeTally(), count: every ? coarseCount : 0)
        var fineFolds = [GroupFold](repeating: GroupFold(), count: fine.count),
            fineSizes = [SizeTally](repeating: SizeTally(), count: every ? fine.count : 0)
        for r in readings {
            all.add(r.size)
            let tau = r.tau
            let side = tau < 0 ? ScalingAnalysis.preAllGroup : ScalingAnalysis.postAllGroup
            fixed[side].add(size: r.size, extent: r.extent, parameterCount: n)
            if side < sizedFixed { fixedSizes[side].add(r.size) }
            let window =
                tau < 0
                ? (tau >= -folding.preWindow ? ScalingAnalysis.preWindowGroup : nil)
                : (tau < folding.postWindow ? ScalingAnalysis.postWindowGroup : nil)
            if let g = window {
                fixed[g].add(size: r.size, extent: r.extent, parameterCount: n)
                fixedSizes[g].add(r.size)
            }
            let k = ScalingAnalysis.floorDivide(tau, folding.windowWidth) - kLo
            coarse[k].add(size: r.size, extent: r.extent, parameterCount: n)
            if every { coarseSizes[k].add(r.size) }
            if let f = fine.window(tau) {
                fineFolds[f].add(size: r.size, extent: r.extent, parameterCount: n)
                if every { fineSizes[f].add(r.size) }
            }
        }
        var entries: [DigestEntry] = []
        // Exactly the non-empty groups: a kept digest carries no spare capacity.
        entries.reserveCapacity([fixed, coarse, fineFolds].reduce(0) { n, folds in folds.reduce(n) { $0 + ($1.count > 0 ? 1 : 0) } })
        for g in 0..<4 where fixed[g].count > 0 {
            entries.append(DigestEntry(group: .fixed(g), fold: fixed[g], sizes: g < sizedFixed ? fixedSizes[g].histogram : nil))
        }
        for k in 0..<coarseCount where coarse[k].count > 0 {
            entries.append(DigestEntry(group: .coarse(kLo + k), fold: coarse[k], sizes: every ? coarseSizes[k].histogram : nil))
        }
        for f in 0..<fine.count where fineFolds[f].count > 0 {
            entries.append(DigestEntry(group: .fine(f), fold: fineFolds[f], sizes: every ? fineSizes[f].histogram : nil))
        }
        return (all.histogram, entries)
    }
}
