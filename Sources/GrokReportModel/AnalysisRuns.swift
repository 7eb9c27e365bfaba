import GrokAnalysis
import GrokTasks

/// The analysis input of a report, per (group, topology, gradient | control): each run folded
/// on arrival into a ``RunDigest`` (GrokAnalysis's per-run sufficient statistics), keyed by
/// task, so memory is O(runs) and the cascades are dropped with the result.
///
/// The digests are folded with the options every fit of the report shares: a digest depends
/// only on the windows (D(τ), fixed, crossing) and on whether the statistic is the median
/// (RunDigest's DigestFolding), never on stream labels, resamples or collapse settings, which
/// Summary and GroupSummary vary per fit and which apply when digests are analysed.
///
/// Not reduced to sums on arrival: the ungrokked runs. Their group's early warning and
/// `ungrokked_aligned` / `control_aligned` fits re-align them at the median t_g of the grokked
/// runs of their width, per comparison, which is only known once every run is in; so an
/// ungrokked run's digest keeps its readings (12 bytes a cascade) and is folded again at that
/// onset at build time (RunDigest.aligned(atOnset:), ``alignedDigest(_:of:onset:)``).
struct AnalysisRuns: Sendable {
    enum Kind: Sendable, Hashable { case gradient, control }

    struct Key: Sendable, Hashable {
        var group: TaskGroup
        var topology: String
        var kind: Kind
    }

    /// The options the digests are folded with (labels are irrelevant to the fold).
    let options: ScalingOptions
    private var digests: [Key: [SweepTask: Result<RunDigest, FoldFailure>]] = [:]

    /// Why a run could not be folded (the analysis reports it as it reported the fit's error).
    struct FoldFailure: Error, CustomStringConvertible {
        var error: any Error & Sendable
        var description: String { "\(error)" }
    }

    init(options: ScalingOptions) {
        self.options = options
    }

    /// What one run feeds, folded: its digests per key.
    struct Folded: Sendable {
        var task: SweepTask
        var digests: [(Key, Result<RunDigest, FoldFailure>)]
    }

    /// Folds what `r` feeds: for the headline group every topology's gradient and control
    /// cascades (the summary's fits), for every group the primary topology's gradient cascades
    /// (the group sections). Inputs as Summary and GroupSummary built them from the results.
    /// Pure: it may run on any thread; ``insert(_:)`` adds the outcome.
    func fold(_ r: TaskResult, topologies: [String], primary: String, headline: TaskGroup) -> Folded {
        let group = r.task.group
        var out = Folded(task: r.task, digests: [])
        for name in group == headline ? topologies : [primary] {
            guard let cascades = r.topologies.first(where: { $0.topology == name }) else { continue }
            var records: [CascadeRecord] = []
            for (i, field) in cascades.gradient.enumerated() {
                for c in field.cascades {
                    records.append(CascadeRecord(epoch: r.snapshotEpochs[i], size: c.size, extent: c.extent, duration: c.duration))
                }
            }
            let run = RunCascades(parameterCount: r.parameterCount, seedIndex: r.task.seedIndex, onsetEpoch: r.onsetEpoch, cascades: records)
            out.digests.append((Key(group: group, topology: name, kind: .gradient), fold { try RunDigest(gradient: run, options: options) }))
            guard group == headline, !cascades.control.isEmpty else { continue }
            var control: [CascadeRecord] = []
            for (i, field) in cascades.control.enumerated() {
                for c in field.cascades {
                    control.append(CascadeRecord(epoch: i, size: c.size, extent: c.extent, duration: c.duration))
                }
            }
            let controlRun = RunCascades(parameterCount: r.parameterCount, seedIndex: r.task.seedIndex, onsetEpoch: nil, cascades: control)
            out.digests.append((Key(group: group, topology: name, kind: .control), fold { try RunDigest(control: controlRun, options: options) }))
        }
        return out
    }

    mutating func insert(_ folded: Folded) {
        for (key, digest) in folded.digests { digests[key, default: [:]][folded.task] = digest }
    }

    private func fold(_ body: () throws -> RunDigest) -> Result<RunDigest, FoldFailure> {
        do { return .success(try body()) } catch { return .failure(FoldFailure(error: error)) }
    }

    /// The digests of one key in canonical task order; throws the first run's fold error.
    func digests(_ key: Key) throws -> [RunDigest] {
        guard let byTask = digests[key] else { return [] }
        return try byTask.keys.sorted().map { try unwrap(byTask[$0]!) }
    }

    /// One run's digest under `key`: what a group section reads for `record`'s run (a run
    /// without the topology contributes no cascade, as GroupSummary.cascadesOf did).
    func digest(_ key: Key, of record: RunRecord) throws -> RunDigest {
        if let folded = digests[key]?[record.task] { return try unwrap(folded) }
        let empty = RunCascades(parameterCount: record.parameterCount, seedIndex: record.task.seedIndex, onsetEpoch: record.onsetEpoch, cascades: [])
        return try RunDigest(gradient: empty, options: options)
    }

    /// An ungrokked run's digest under `key` re-folded with `onset` as its t_g (the alignment).
    func alignedDigest(_ key: Key, of record: RunRecord, onset: Int) throws -> RunDigest {
        try digest(key, of: record).aligned(atOnset: onset)
    }

    private func unwrap(_ r: Result<RunDigest, FoldFailure>) throws -> RunDigest {
        switch r {
        case .success(let d): return d
        case .failure(let f): throw f.error
        }
    }

    /// Bytes the digests take (approximate; the bench reports it).
    var approximateBytes: Int {
        var bytes = 0
        for byTask in digests.values {
            for case .success(let d) in byTask.values { bytes += d.approximateBytes }
        }
        return bytes
    }
}
