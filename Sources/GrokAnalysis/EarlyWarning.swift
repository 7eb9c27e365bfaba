import Dispatch
import GrokNumerics
import Synchronization

/// The early warning (companion arXiv 2604.16431): how long before the behavioural
/// onset the D(τ) bands of grokked runs and of a reference set (ungrokked runs, aligned at the
/// median t_g of the grokked runs of their width) separate for good.
public enum EarlyWarning {
    /// The lead time from two sets of bands: windows are matched by τ range; among the pre-onset
    /// windows (τ_hi ≤ 0) both sets cover with finite bands, walk back from the latest one while
    /// consecutive windows (no gap) have disjoint bands. The lead is −τ_lo of the earliest window
    /// of that run (epochs before onset); nil when the latest common pre-onset window's bands
    /// overlap (no warning) or no window is common.
    public static func leadTime(grokked: [DTauWindow], reference: [DTauWindow]) -> Int? {
        let byRange = Dictionary(reference.map { ("\($0.tauLo):\($0.tauHi)", $0) }, uniquingKeysWith: { a, _ in a })
        let common = grokked.filter { $0.tauHi <= 0 && finite($0) }.sorted { $0.tauLo < $1.tauLo }.compactMap { g -> (DTauWindow, DTauWindow)? in
            guard let r = byRange["\(g.tauLo):\(g.tauHi)"], finite(r) else { return nil }
            return (g, r)
        }
        var lead: Int?
        var next: Int?
        for (g, r) in common.reversed() {
            if let n = next, g.tauHi != n { break }  // a gap ends the run
            guard g.ci[1] < r.ci[0] || r.ci[1] < g.ci[0] else { break }
            lead = -g.tauLo
            next = g.tauLo
        }
        return lead
    }

    static func finite(_ w: DTauWindow) -> Bool { w.ci.count == 2 && w.ci[0].isFinite && w.ci[1].isFinite }

    /// The lead time on the full data and its bootstrap: resample r draws, within each width of
    /// each set, as many runs as it has, with replacement, from RandomStream(baseSeed:
    /// options.seed, labels: options.streamLabels + ["lead", r]) (grokked set first, ascending
    /// N), recomputes both sets' D(τ) bands with `ScalingAnalysis.gradient` at
    /// `innerResamples`, and the lead time; a resample without a warning counts as lead 0.
    /// Returns the full-data lead (nil: none), the percentile interval of the resampled leads
    /// and the share of resamples with a warning.
    public static func estimate(
        grokked: [RunCascades], reference: [RunCascades], options: ScalingOptions,
        resamples: Int, innerResamples: Int
    ) -> LeadTimeEstimate {
        guard let g = try? grokked.map({ try RunDigest(gradient: $0, options: options) }),
            let r = try? reference.map({ try RunDigest(gradient: $0, options: options) })
        else { return LeadTimeEstimate(value: nil, ci: [.nan, .nan], warningShare: .nan, resamples: 0, grokkedBands: [], referenceBands: []) }
        return estimate(grokked: g, reference: r, options: options, resamples: resamples, innerResamples: innerResamples)
    }

    /// The same from gradient digests (folded under `options`); resamples duplicate digests.
    public static func estimate(
        grokked: [RunDigest], reference: [RunDigest], options: ScalingOptions,
        resamples: Int, innerResamples: Int
    ) -> LeadTimeEstimate {
        @Sendable func bands(_ runs: [RunDigest], _ labels: [StreamLabel], _ count: Int) -> [DTauWindow]? {
            var o = options
            o.bootstrapResamples = count
            o.bootstrapCollapse = false
            // Only the D(τ) bands are read: the power-law goodness-of-fit bootstrap (most of an
            // analysis's cost, on its own streams) would change none of them.
            o.gofResamples = 0
            o.streamLabels = options.streamLabels + labels
            return try? ScalingAnalysis.gradient(digests: runs, options: o).dTau
        }
        guard let g = bands(grokked, ["grokked"], options.bootstrapResamples),
            let r = bands(reference, ["reference"], options.bootstrapResamples)
        else { return LeadTimeEstimate(value: nil, ci: [.nan, .nan], warningShare: .nan, resamples: 0, grokkedBands: [], referenceBands: []) }
        let full = leadTime(grokked: g, reference: r)
        let slots = Mutex([Double?](repeating: nil, count: resamples))
        DispatchQueue.concurrentPerform(iterations: resamples) { k in
            var stream = RandomStream(baseSeed: options.seed, labels: options.streamLabels + ["lead", .int(k)])
            let gs = resample(grokked, &stream), rs = resample(reference, &stream)
            guard let gb = bands(gs, ["lead", .int(k), "grokked"], innerResamples),
                let rb = bands(rs, ["lead", .int(k), "reference"], innerResamples)
            else { return }
            let value = Double(leadTime(grokked: gb, reference: rb) ?? 0)
            slots.withLock { $0[k] = value }
        }
        let values = slots.withLock { $0 }.compactMap { $0 }.sorted()
        let tail = (1 - options.confidence) / 2
        let ci = values.isEmpty ? [Double.nan, .nan] : [Quantile.linear(values, q: tail), Quantile.linear(values, q: 1 - tail)]
        let share = values.isEmpty ? .nan : Double(values.filter { $0 > 0 }.count) / Double(values.count)
        return LeadTimeEstimate(value: full, ci: ci, warningShare: share, resamples: values.count, grokkedBands: g, referenceBands: r)
    }

    /// Seeds resampled with replacement within each N (ascending), renumbered 0…k−1 so the
    /// analysis sees distinct runs.
    static func resample(_ runs: [RunDigest], _ stream: inout RandomStream) -> [RunDigest] {
        let sorted = runs.sorted { ($0.parameterCount, $0.seedIndex) < ($1.parameterCount, $1.seedIndex) }
        var out: [RunDigest] = []
        var start = 0
        while start < sorted.count {
            var end = start
            while end < sorted.count && sorted[end].parameterCount == sorted[start].parameterCount { end += 1 }
            let count = end - start
            for i in 0..<count {
                var run = sorted[start + stream.nextInt(below: count)]
                run.seedIndex = i
                out.append(run)
            }
            start = end
        }
        return out
    }
}

/// The early-warning lead time of one comparison.
public struct LeadTimeEstimate: Sendable, Hashable {
    /// Epochs before onset from which the bands stay apart (nil: they overlap just before onset).
    public var value: Int?
    /// Percentile interval of the resampled leads (0 where a resample gave no warning).
    public var ci: [Double]
    /// Share of resamples with a warning.
    public var warningShare: Double
    public var resamples: Int
    /// The two sets' full-data D(τ) bands.
    public var grokkedBands: [DTauWindow]
    public var referenceBands: [DTauWindow]
}
