import GrokAnalysis

/// The analysis input of a report, per (group, topology, gradient | control): each run's
/// cascades as the fits read them (``RunCascades``), keyed by task so that any arrival order
/// gives the fits their input in canonical task order.
///
/// The one place that knows what a run contributes to the fits, so that replacing the held
/// cascades by per-run digests (GrokAnalysis's RunDigest, issue 11) stays local to this type.
/// Until then it holds the cascades (as compact 4-integer records), O(cascades) memory.
struct AnalysisRuns: Sendable {
    enum Kind: Sendable, Hashable { case gradient, control }

    struct Key: Sendable, Hashable {
        var group: TaskGroup
        var topology: String
        var kind: Kind
    }

    private var runs: [Key: [SweepTask: RunCascades]] = [:]

    /// Adds what `r` feeds: for the headline group every topology's gradient and control
    /// cascades (the summary's fits), for every group the primary topology's gradient cascades
    /// (the group sections). Inputs as Summary and GroupSummary built them from the results.
    mutating func add(_ r: TaskResult, topologies: [String], primary: String, headline: TaskGroup) {
        let group = r.task.group
        for name in group == headline ? topologies : [primary] {
            guard let cascades = r.topologies.first(where: { $0.topology == name }) else { continue }
            var records: [CascadeRecord] = []
            for (i, field) in cascades.gradient.enumerated() {
                for c in field.cascades {
                    records.append(CascadeRecord(epoch: r.snapshotEpochs[i], size: c.size, extent: c.extent, duration: c.duration))
                }
            }
            runs[Key(group: group, topology: name, kind: .gradient), default: [:]][r.task] =
                RunCascades(parameterCount: r.parameterCount, seedIndex: r.task.seedIndex, onsetEpoch: r.onsetEpoch, cascades: records)
            guard group == headline, !cascades.control.isEmpty else { continue }
            var control: [CascadeRecord] = []
            for (i, field) in cascades.control.enumerated() {
                for c in field.cascades {
                    control.append(CascadeRecord(epoch: i, size: c.size, extent: c.extent, duration: c.duration))
                }
            }
            runs[Key(group: group, topology: name, kind: .control), default: [:]][r.task] =
                RunCascades(parameterCount: r.parameterCount, seedIndex: r.task.seedIndex, onsetEpoch: nil, cascades: control)
        }
    }

    /// The runs of one key in canonical task order.
    func runs(_ key: Key) -> [RunCascades] {
        guard let byTask = runs[key] else { return [] }
        return byTask.keys.sorted().map { byTask[$0]! }
    }

    /// One run's cascades under `key`: what a group section reads for `record`'s run (a run
    /// without the topology contributes no cascade, as GroupSummary.cascadesOf did).
    func run(_ key: Key, of record: RunRecord) -> RunCascades {
        runs[key]?[record.task] ?? RunCascades(parameterCount: record.parameterCount, seedIndex: record.task.seedIndex,
                                               onsetEpoch: record.onsetEpoch, cascades: [])
    }
}
