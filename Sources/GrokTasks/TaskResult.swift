import GrokProbe
import GrokTraining

/// Everything one task computed; the sweep's report is a function of these values alone.
public struct TaskResult: Sendable, Hashable, Codable {
    public var task: SweepTask
    public var parameterCount: Int
    /// t_g: the first epoch with all four XOR points correct, or (tasks with a split) with test
    /// accuracy ≥ the onset level; nil for an ungrokked run.
    public var onsetEpoch: Int?
    public var snapshotEpochs: [Int]
    public var loss: [Double]
    public var accuracy: [Double]
    public var gini: [Double]
    /// One entry per topology of the sweep, in the sweep's order.
    public var topologies: [TopologyCascades]
    /// Per snapshot: test accuracy (tasks with a split; nil for XOR, and then not encoded).
    public var testAccuracy: [Double]? = nil
    /// t_train: first epoch with training accuracy ≥ the onset level (tasks with a split).
    public var trainOnsetEpoch: Int? = nil
    /// Per indicator (``IndicatorName``), its value at every snapshot; nil unless the sweep
    /// records indicators (`indicators.enabled`), and then not encoded, so older bytes hold.
    public var indicators: [IndicatorSeries]? = nil

    public init(
        task: SweepTask, parameterCount: Int, onsetEpoch: Int?, snapshotEpochs: [Int], loss: [Double], accuracy: [Double], gini: [Double],
        topologies: [TopologyCascades],
        testAccuracy: [Double]? = nil, trainOnsetEpoch: Int? = nil, indicators: [IndicatorSeries]? = nil
    ) {
        self.indicators = indicators
        self.testAccuracy = testAccuracy
        self.trainOnsetEpoch = trainOnsetEpoch
        self.task = task
        self.parameterCount = parameterCount
        self.onsetEpoch = onsetEpoch
        self.snapshotEpochs = snapshotEpochs
        self.loss = loss
        self.accuracy = accuracy
        self.gini = gini
        self.topologies = topologies
    }
}

/// The cascades of one run on one topology.
public struct TopologyCascades: Sendable, Hashable, Codable {
    public var topology: String
    /// Per gradient snapshot (same order as ``TaskResult/snapshotEpochs``).
    public var gradient: [FieldCascades]
    /// Per Gaussian control field (empty when the control is off).
    public var control: [FieldCascades]

    public init(topology: String, gradient: [FieldCascades], control: [FieldCascades]) {
        self.topology = topology
        self.gradient = gradient
        self.control = control
    }
}

/// What the probe made of one field: its cascades (one in global mode), or why it could not
/// probe it (a degenerate field, e.g. a threshold of 0). A failed field is reported, not dropped.
public struct FieldCascades: Sendable, Hashable, Codable {
    public var cascades: [Cascade]
    public var error: String?

    public init(cascades: [Cascade], error: String? = nil) {
        self.cascades = cascades
        self.error = error
    }
}

/// A task that could not be completed, with the error of its last attempt.
public struct TaskFailure: Sendable, Hashable, Codable {
    public var task: SweepTask
    public var error: String
    public var attempts: Int

    public init(task: SweepTask, error: String, attempts: Int) {
        self.task = task
        self.error = error
        self.attempts = attempts
    }
}
