/// Everything that defines one XOR training run apart from its random stream (docs/method.md §1).
///
/// Defaults: 5000 epochs, learning rate 0.1, weights N(0, 0.1²) with zero biases, a snapshot
/// every 100 epochs (51 snapshots at 0, 100, …, 5000), tanh hidden units.
public struct TrainingConfig: Sendable, Hashable, Codable {
    /// h, the number of hidden units; the network has N = 4h + 1 parameters.
    public var hiddenWidth: Int
    /// Number of gradient-descent updates; epochs 0…epochs are evaluated (the last one is not updated).
    public var epochs: Int
    /// Step size of full-batch gradient descent θ ← θ − lr·g (no momentum, no weight decay).
    public var learningRate: Double
    /// Standard deviation of the initial weights (W1 and w2); biases start at 0.
    public var initStd: Double
    /// Snapshots are taken at every epoch that is a multiple of this, from 0 up to `epochs`.
    public var snapshotInterval: Int
    /// The hidden layer's nonlinearity.
    public var activation: Activation

    public init(
        hiddenWidth: Int, epochs: Int = 5000, learningRate: Double = 0.1, initStd: Double = 0.1,
        snapshotInterval: Int = 100, activation: Activation = .tanh
    ) {
        self.hiddenWidth = hiddenWidth
        self.epochs = epochs
        self.learningRate = learningRate
        self.initStd = initStd
        self.snapshotInterval = snapshotInterval
        self.activation = activation
    }

    /// N = 4h + 1: W1 (2h), b1 (h), w2 (h), b2 (1).
    public var parameterCount: Int { 4 * hiddenWidth + 1 }

    /// The snapshot epochs 0, interval, 2·interval, … up to and including `epochs` when it is a multiple.
    public var snapshotEpochs: [Int] { Array(stride(from: 0, through: epochs, by: snapshotInterval)) }

    /// Throws a `TrainingConfigError` naming the first invalid field, checked in declaration order.
    public func validate() throws(TrainingConfigError) {
        guard hiddenWidth >= 1 else { throw .hiddenWidth(hiddenWidth) }
        guard epochs >= 0 else { throw .epochs(epochs) }
        guard learningRate.isFinite && learningRate > 0 else { throw .learningRate(learningRate) }
        guard initStd.isFinite && initStd > 0 else { throw .initStd(initStd) }
        guard snapshotInterval >= 1 else { throw .snapshotInterval(snapshotInterval) }
    }
}
