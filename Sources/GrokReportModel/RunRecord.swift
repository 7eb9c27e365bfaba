import GrokTasks

/// What the report keeps of one run once its cascades are folded: everything the run rows,
/// runs.csv, the training plots, the timing and group tables and the Gini transient read, and
/// no cascade (a few hundred bytes against the ~5 KB binary record of a default-grid result).
public struct RunRecord: Sendable, Hashable {
    public var task: SweepTask
    public var parameterCount: Int
    public var onsetEpoch: Int?
    public var trainOnsetEpoch: Int?
    public var snapshotEpochs: [Int]
    public var loss: [Double]
    public var accuracy: [Double]
    public var gini: [Double]
    public var testAccuracy: [Double]?
    /// Fields the probe refused on the sweep's topologies (gradient and control), what
    /// `summary.probe_errors` counts.
    public var probeErrors: Int
    /// Rows of this run in the per-cascade table (one per cascade, one per refused field).
    public var cascadeRows: Int

    /// `topologies`: the sweep's (probe errors on other topologies are not counted, as before).
    public init(_ r: TaskResult, topologies: [String]) {
        task = r.task
        parameterCount = r.parameterCount
        onsetEpoch = r.onsetEpoch
        trainOnsetEpoch = r.trainOnsetEpoch
        snapshotEpochs = r.snapshotEpochs
        loss = r.loss
        accuracy = r.accuracy
        gini = r.gini
        testAccuracy = r.testAccuracy
        var errors = 0
        for name in topologies {
            guard let t = r.topologies.first(where: { $0.topology == name }) else { continue }
            errors += t.gradient.count { $0.error != nil } + t.control.count { $0.error != nil }
        }
        probeErrors = errors
        var rows = 0
        for t in r.topologies {
            for f in t.gradient { rows += f.error == nil ? f.cascades.count : 1 }
            for f in t.control { rows += f.error == nil ? f.cascades.count : 1 }
        }
        cascadeRows = rows
    }
}
