import GrokNumerics

/// One training task of the sweep (the task seam): its data and split, model, loss, accuracy,
/// parameter count as a function of width, and the run that records the gradient snapshots.
///
/// XOR is one implementation (`XORTask`, the legacy kernel, bit for bit); the others build a
/// `TaskModel` and train it with `SupervisedTraining`.
public protocol TrainingTask: Sendable {
    /// The name used in configurations, task keys and reports ("xor", "modadd", …).
    var name: String { get }
    /// Whether the task has a held-out test set (then t_g comes from test accuracy).
    var hasSplit: Bool { get }
    /// A one-line description of the setup for the report (with "inferred setup" where it is).
    var summary: String { get }
    /// N as a function of the width knob h (what the result validator checks).
    func parameterCount(width: Int) -> Int
    /// What a result of this task at `width` can honestly hold (``PhysicalRanges``).
    func physicalRanges(width: Int) -> PhysicalRanges
    /// Throws a readable error when this task cannot run at `width` with `setup`.
    func validate(width: Int, setup: TrainingSetup) throws(TaskError)
    /// One run. Precondition: `validate` does not throw.
    func run(width: Int, setup: TrainingSetup, streams: TaskStreams) -> TrainingRun
    /// The exact grokking statistics at `width`, for a task that has them in closed form (nil by
    /// default): the report prints them beside its estimates.
    func knownAnswer(width: Int, setup: TrainingSetup) -> KnownAnswer?
}

extension TrainingTask {
    public func knownAnswer(width: Int, setup: TrainingSetup) -> KnownAnswer? { nil }
}

/// Exact grokking statistics of a solvable task at one width.
public struct KnownAnswer: Sendable, Hashable {
    /// P(t_g ≤ epochs).
    public var grokkingProbability: Double
    /// The smallest k with P(t_g ≤ k) ≥ 1/2 (nil when that is beyond the epochs).
    public var medianOnset: Int?

    public init(grokkingProbability: Double, medianOnset: Int?) {
        self.grokkingProbability = grokkingProbability
        self.medianOnset = medianOnset
    }
}

/// Why a task cannot run: the message names the value and what to change.
public struct TaskError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Models that `SupervisedTraining` trains: the task only builds its model.
public protocol ModelTrainingTask: TrainingTask {
    associatedtype Model: TaskModel
    func makeModel(width: Int, setup: TrainingSetup, data: inout RandomStream) -> Model
}

extension ModelTrainingTask {
    public func run(width: Int, setup: TrainingSetup, streams: TaskStreams) -> TrainingRun {
        var data = streams.data
        var model = makeModel(width: width, setup: setup, data: &data)
        return SupervisedTraining.run(&model, setup: setup, streams: streams)
    }
}
