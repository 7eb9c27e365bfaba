import GrokNumerics

/// A differentiable model bound to its data set: what `SupervisedTraining` needs of a task.
///
/// Implementations are value computations over θ (no hidden state besides scratch buffers, no
/// clock, no randomness): the same θ gives the same bits on every CPU.
public protocol TaskModel {
    /// N, the number of trainable parameters, in the model's canonical order.
    var parameterCount: Int { get }
    /// Number of training examples.
    var trainingCount: Int { get }
    /// Number of test examples (0 for a task without a split).
    var testCount: Int { get }

    /// The initial parameters drawn from `stream` (the drawing order is the model's contract).
    func initialParameters(stream: inout RandomStream) -> [Double]

    /// The mean data loss over the training examples `batch` (all of them when nil), the number
    /// of them classified correctly, and, when `gradient` is non-nil, the gradient of that mean
    /// loss with respect to θ written into it (overwritten, length N).
    mutating func evaluate(_ theta: [Double], batch: ArraySlice<Int>?, gradient: UnsafeMutablePointer<Double>?) -> (loss: Double, correct: Int)

    /// How many test examples θ classifies correctly.
    mutating func testCorrect(_ theta: [Double]) -> Int

    /// Per training example, the class scores and hidden features at θ, for the indicators
    /// (``IndicatorRecorder``); nil (the default) for a model that does not expose them.
    mutating func inspect(_ theta: [Double]) -> ModelInspection?

    /// Whether a training step's gradient differs from `evaluate`'s (dropout). Then
    /// `SupervisedTraining` takes each step's gradient from `trainingGradient` and every snapshot,
    /// loss and accuracy from `evaluate`, which never drops units. False by default.
    var hasTrainingNoise: Bool { get }

    /// A training step's gradient over `batch` (all examples when nil), its noise (dropout masks)
    /// drawn from `noise`. The default is `evaluate`'s gradient.
    mutating func trainingGradient(_ theta: [Double], batch: ArraySlice<Int>?, gradient: UnsafeMutablePointer<Double>, noise: inout RandomStream)
}

extension TaskModel {
    public mutating func inspect(_ theta: [Double]) -> ModelInspection? { nil }
    public var hasTrainingNoise: Bool { false }
    public mutating func trainingGradient(
        _ theta: [Double], batch: ArraySlice<Int>?, gradient: UnsafeMutablePointer<Double>, noise: inout RandomStream
    ) {
        _ = evaluate(theta, batch: batch, gradient: gradient)
    }
}
