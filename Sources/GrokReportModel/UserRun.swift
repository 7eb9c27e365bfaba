import GrokTasks

/// One training run of a user's own model, probed: what `grokscale fit` reads from a run
/// folder and what `grokscale serve` accumulates in ensemble mode. Runs of one size are the
/// seeds of that size.
public struct UserRun: Sendable, Hashable {
    public var runID: String
    /// The size label the report shows as "width" (the manifest's `size`, or N).
    public var size: Int
    /// N, the number of entries of every gradient field of the run.
    public var parameterCount: Int
    /// The step at which the run's onset was detected; nil when unknown or not reached.
    public var onsetStep: Int?
    /// Snapshot steps, ascending and distinct; `topologies[t].gradient[i]` belongs to `steps[i]`.
    public var steps: [Int]
    /// Per step (same order as `steps`); NaN where the run did not say.
    public var loss: [Double]
    public var accuracy: [Double]
    /// One entry per topology of the analysis, in its order.
    public var topologies: [TopologyCascades]
    /// What the run called its loss and accuracy (e.g. "MSE", "test accuracy"), when it said.
    public var lossName: String?
    public var accuracyName: String?

    public init(
        runID: String, size: Int, parameterCount: Int, onsetStep: Int?, steps: [Int], loss: [Double], accuracy: [Double],
        topologies: [TopologyCascades], lossName: String? = nil, accuracyName: String? = nil
    ) {
        self.lossName = lossName
        self.accuracyName = accuracyName
        self.runID = runID
        self.size = size
        self.parameterCount = parameterCount
        self.onsetStep = onsetStep
        self.steps = steps
        self.loss = loss
        self.accuracy = accuracy
        self.topologies = topologies
    }
}

/// Why a set of user runs cannot be analysed together.
public struct UserRunsError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
