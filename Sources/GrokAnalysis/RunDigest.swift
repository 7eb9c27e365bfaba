/// One run folded into the sufficient statistics of an analysis, so that its cascades can be
/// dropped as soon as it arrives: per group (fixed window, absolute τ window, crossing window)
/// the eight seed-table sums, the size histograms the medians and the collapse read, and the
/// run's histogram of every size (the power-law fits and the CCDF). Analysing digests gives
/// the same bits as analysing the runs (``ScalingAnalysis/gradient(digests:options:)``).
///
/// Where a run has few cascades per group (the default grid: 51 snapshots over ~45 groups),
/// the sums take more room than the readings, so the digest keeps the readings packed instead
/// (τ, size, extent as 32-bit integers; 12 bytes a cascade) and folds them, with the same
/// code and in the same order, when analysed. Each run keeps the smaller of the two, except
/// that an ungrokked gradient run always keeps its readings: ``aligned(atOnset:)`` folds them
/// again at an onset chosen once every run is in (its width's median t_g).
public struct RunDigest: Sendable, Hashable {
    public let parameterCount: Int
    /// Settable: the early warning renumbers resampled seeds so duplicates stay distinct runs.
    public var seedIndex: Int
    public let onsetEpoch: Int?
    /// The analysis and options it was folded for.
    let folding: DigestFolding
    let storage: Storage

    enum Storage: Sendable, Hashable {
        /// Every size, and the run's non-empty groups in ascending group order.
        case folded(sizes: SizeHistogram, entries: [DigestEntry])
        /// The readings in cascade order, folded when analysed.
        case packed([PackedReading])
        /// The same for an ungrokked gradient run whose readings do not fit 32 bits (kept to be alignable).
        case wide([Reading])
    }

    /// The bytes the digest holds (inline fields, array storage at its capacity and the array
    /// headers), for memory accounting and the bench; a cascade takes 32 bytes.
    public var approximateBytes: Int {
        switch storage {
        case .folded(let sizes, let entries): return MemoryLayout<RunDigest>.size + RunDigest.foldedBytes(sizes: sizes, entries: entries)
        case .packed(let readings): return MemoryLayout<RunDigest>.size + RunDigest.packedBytes(count: readings.capacity)
        case .wide(let readings): return MemoryLayout<RunDigest>.size + DigestEntry.arrayHeader + readings.capacity * MemoryLayout<Reading>.stride
        }
    }

    static func foldedBytes(sizes: SizeHistogram, entries: [DigestEntry]) -> Int {
        DigestEntry.bytes(of: sizes) + entries.capacity * MemoryLayout<DigestEntry>.stride + DigestEntry.arrayHeader
            + entries.reduce(0) { $0 + ($1.sizes.map(DigestEntry.bytes) ?? 0) }
    }

    static func packedBytes(count: Int) -> Int { DigestEntry.arrayHeader + count * MemoryLayout<PackedReading>.stride }

    /// Every size and the non-empty groups, folded now if the digest holds readings.
    func expanded() -> (sizes: SizeHistogram, entries: [DigestEntry]) {
        switch storage {
        case .folded(let sizes, let entries): return (sizes, entries)
        case .packed(let readings):
            let unpacked = readings.lazy.map { Reading(tau: Int($0.tau), size: Int($0.size), extent: Int($0.extent)) }
            return RunDigest.fold(unpacked, folding: folding, grokked: onsetEpoch != nil, parameterCount: parameterCount)
        case .wide(let readings):
            return RunDigest.fold(readings, folding: folding, grokked: onsetEpoch != nil, parameterCount: parameterCount)
        }
    }
}

/// What the fold reads of a cascade: τ = epoch − onset (gradient; unused by the control),
/// size and extent (the duration enters no statistic; it is only validated).
struct Reading: Sendable, Hashable {
    var tau: Int
    var size: Int
    var extent: Int
}

/// A ``Reading`` in 12 bytes, for runs whose readings fit 32-bit integers.
struct PackedReading: Sendable, Hashable {
    let tau: Int32
    let size: Int32
    let extent: Int32

    init?(_ r: Reading) {
        guard let tau = Int32(exactly: r.tau), let size = Int32(exactly: r.size), let extent = Int32(exactly: r.extent) else { return nil }
        self.tau = tau; self.size = size; self.extent = extent
    }
}

/// A group of a digest. Coarse τ windows are kept by their absolute index k (τ ∈ [kW, (k+1)W)),
/// so the global tiling, which depends on every run, is applied only when digests are analysed.
enum DigestGroup: Sendable, Hashable, Comparable {
    /// A seed-table group fixed by the options: 0 pre window, 1 post window, 2 every τ < 0,
    /// 3 every τ ≥ 0 (gradient); 0 every cascade (control).
    case fixed(Int)
    /// The coarse D(τ) window of absolute index k.
    case coarse(Int)
    /// The crossing window of index k in the tiling of [−preWindow, postWindow).
    case fine(Int)
}

/// One non-empty group's sums and, where a median or the collapse reads it, its sizes.
struct DigestEntry: Sendable, Hashable {
    let group: DigestGroup
    let fold: GroupFold
    /// nil where no analysis under the folded options reads this group's sizes.
    let sizes: SizeHistogram?

    static let arrayHeader = 32
    static func bytes(of h: SizeHistogram) -> Int {
        2 * arrayHeader + (h.values.capacity + h.counts.capacity) * MemoryLayout<Int>.stride
    }
}

/// What a digest was folded for: the analysis, and the options that shape its groups.
/// Options not listed here (statistics other than the median, bootstrap, collapse bins,
/// thresholds, seeds) are applied at analysis time, so any value of them is accepted.
struct DigestFolding: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable { case gradient, control }
    let kind: Kind
    let windowWidth: Int
    let preWindow: Int
    let postWindow: Int
    let crossingWindow: Int
    /// Every group's sizes are kept (the headline statistic is the median); otherwise only the
    /// fixed windows' (the robustness medians and the collapse read those).
    let everyGroupSizes: Bool

    init(gradient options: ScalingOptions) {
        kind = .gradient
        windowWidth = options.windowWidth
        preWindow = options.preWindow
        postWindow = options.postWindow
        crossingWindow = options.crossingWindow
        everyGroupSizes = options.statistic == .median
    }

    /// The control pools every cascade in one group: no option shapes it.
    static let control = DigestFolding(kind: .control)

    private init(kind: Kind) {
        self.kind = kind
        windowWidth = 0; preWindow = 0; postWindow = 0; crossingWindow = 0; everyGroupSizes = true
    }

    /// Throws unless a digest folded this way can enter the `kind` analysis under `options`.
    func admit(_ kind: Kind, options: ScalingOptions, parameterCount n: Int, seedIndex s: Int) throws {
        guard kind == self.kind else {
            throw AnalysisError.digestKind(parameterCount: n, seedIndex: s, folded: self.kind.rawValue, requested: kind.rawValue)
        }
        guard kind == .gradient else { return }
        let pairs: [(String, Int, Int)] = [
            ("windowWidth", windowWidth, options.windowWidth), ("preWindow", preWindow, options.preWindow),
            ("postWindow", postWindow, options.postWindow), ("crossingWindow", crossingWindow, options.crossingWindow),
        ]
        for (name, folded, requested) in pairs where folded != requested {
            throw AnalysisError.digestOptions(parameterCount: n, seedIndex: s, option: name, folded: "\(folded)", requested: "\(requested)")
        }
        if options.statistic == .median && !everyGroupSizes {
            throw AnalysisError.digestOptions(parameterCount: n, seedIndex: s, option: "statistic", folded: "not median", requested: "median")
        }
    }
}
