import GrokTasks
import GrokTraining

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
    /// The run's indicator series (`indicators.enabled`), else nil.
    public var indicators: [IndicatorSeries]?
    /// The branching sums of the primary topology's cascades (`probe.branching`), else nil.
    public var branching: BranchingCounts?

    /// Σ(size − A₁) and Σ size over a field's cascades (``BranchingRatio``): per gradient
    /// snapshot, and over every control field.
    public struct BranchingCounts: Sendable, Hashable {
        public var offspring: [Int]
        public var parents: [Int]
        public var controlOffspring: Int
        public var controlParents: Int
    }

    /// `topologies`: the sweep's (probe errors on other topologies are not counted, as before);
    /// `primaryTopology`: whose cascades give the branching sums (the first topology when nil).
    public init(_ r: TaskResult, topologies: [String], primaryTopology: String? = nil) {
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
        indicators = r.indicators
        let primary = r.topologies.first { $0.topology == (primaryTopology ?? topologies.first) }
        branching = primary.flatMap(RunRecord.branchingCounts)
    }

    /// Nil unless the probe recorded first waves (some cascade carries one) and every cascade
    /// with topplings carries its own.
    static func branchingCounts(_ t: TopologyCascades) -> BranchingCounts? {
        let fields = t.gradient + t.control
        guard fields.contains(where: { $0.cascades.contains { $0.firstWave != nil } }) else { return nil }
        var sums: [(offspring: Int, parents: Int)] = []
        for f in fields {
            var offspring = 0, parents = 0
            for c in f.cascades where c.size > 0 {
                guard let a = c.firstWave else { return nil }
                offspring += c.size - a
                parents += c.size
            }
            sums.append((offspring, parents))
        }
        let control = sums[t.gradient.count...]
        return BranchingCounts(
            offspring: sums[..<t.gradient.count].map(\.offspring), parents: sums[..<t.gradient.count].map(\.parents),
            controlOffspring: control.reduce(0) { $0 + $1.offspring }, controlParents: control.reduce(0) { $0 + $1.parents })
    }

}
