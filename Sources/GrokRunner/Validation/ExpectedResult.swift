import GrokConfig
import GrokProbe
import GrokTasks
import GrokTraining

/// What a task's result must look like, computed from the configuration alone: the one place
/// that knows a result's shape, so new training tasks (other parameter counts) or probe modes
/// change it here and ``ResultValidator`` follows.
public struct ExpectedResult: Sendable, Equatable {
    public var key: String
    public var task: SweepTask
    /// N: parameters of the run, and nodes of every graph it is probed on.
    public var parameterCount: Int
    public var epochs: Int
    public var snapshotEpochs: [Int]
    public var topologies: [String]
    /// Control fields per topology (0 when the control is off).
    public var controlFields: Int
    /// Cascades per probed field: exactly one in global mode, 0 … N in per-seed mode.
    public var cascadesPerField: ClosedRange<Int>
    /// Largest `size` (topplings) of one cascade.
    public var maxSize: Int
    /// The task's own bounds on loss and accuracies (nil for a task the configuration does not know).
    public var ranges: PhysicalRanges?
    /// A program's N is what it recorded, known only from its result: the validator then checks
    /// it is a usable size and takes every N-dependent bound from it (``adopting(parameterCount:)``).
    public var parameterCountIsReported = false
    /// c of the probe, kept to recompute ``maxSize`` for a reported N.
    public var conservation = 0.9
    /// Whether the result carries indicator series (built-in tasks with `indicators.enabled`).
    public var indicators = false
    /// Snapshot examples of the gradient PCA dimension: its largest honest value.
    public var pcaSamples = 0
    /// Whether every cascade with topplings carries its first wave (`probe.branching`).
    public var branching = false
    /// Longest error text of a field the probe could not relax.
    public static let maxErrorLength = 2000

    public init(task: SweepTask, config: SweepConfig) {
        key = task.key
        self.task = task
        // From the task's training task (XOR: 4h + 1; other tasks their own count); -1 for a
        // task the configuration does not know, which no result matches.
        parameterCount = config.parameterCount(task: task.group.task, width: task.width) ?? -1
        epochs = config.training.epochs
        snapshotEpochs = config.snapshotEpochs
        topologies = config.topologies
        controlFields = config.probe.control ? config.controlFieldsPerRun : 0
        cascadesPerField = config.probe.mode == .global ? 1...1 : 0...max(0, parameterCount)
        maxSize = ExpectedResult.maxTopplings(nodeCount: parameterCount, conservation: config.probe.conservation)
        conservation = config.probe.conservation
        ranges = config.trainingTask(named: task.group.task)?.physicalRanges(width: task.width)
        indicators = config.indicators.enabled
        pcaSamples = config.indicators.pcaSamples
        branching = config.probe.branching
        if config.program(named: task.group.task) != nil {
            parameterCountIsReported = true
            ranges = .program
            indicators = false
        }
    }

    /// This expectation with N = `n` and every bound that depends on N.
    public func adopting(parameterCount n: Int, conservation: Double) -> ExpectedResult {
        var e = self
        e.parameterCount = n
        if e.cascadesPerField != 1...1 { e.cascadesPerField = 0...max(0, n) }
        e.maxSize = ExpectedResult.maxTopplings(nodeCount: n, conservation: conservation)
        e.conservation = conservation
        return e
    }

    /// The largest N a program may report: the node count of the largest built-in width's
    /// graph order of magnitude, far beyond what one host probes in a lease.
    public static let maxProgramParameterCount = 100_000_000

    /// The probe's own cap when c = 1 (it fails the field beyond it). With c < 1 every toppling
    /// dissipates at least 1 − c of a finite load, so there is no fixed cap; 2^40 topplings is
    /// days of one core's work per cascade, far beyond any honest result, and keeps every sum
    /// of sizes in the analysis exact in a Double.
    public static func maxTopplings(nodeCount: Int, conservation: Double) -> Int {
        conservation < 1 ? 1 << 40 : AvalancheProbe.conservativeCapPerNode * nodeCount
    }
}
