/// How a task is trained, apart from the task itself: the schedule, the optimizer, the
/// regularizer and the onset criterion. Shared by every `TrainingTask`.
public struct TrainingSetup: Sendable, Hashable {
    public var epochs: Int
    public var learningRate: Double
    public var snapshotInterval: Int
    public var optimizer: OptimizerKind
    public var settings: OptimizerSettings
    public var regularizer: Regularizer
    public var weightDecay: Double
    /// Minibatch size for `sgd`, `adam`, `adamw`; 0 means full batch.
    public var batchSize: Int
    /// t_g is the first epoch with test accuracy ≥ this (train accuracy for t_train).
    public var onsetAccuracy: Double
    /// The initial weights' standard deviation, for tasks whose init is not fixed by their source
    /// (XOR, linear); the others document their own.
    public var initStd: Double
    /// The indicators recorded at each snapshot (nil: none, the default).
    public var indicators: IndicatorSettings?
    /// The arithmetic of the dense layers (``Precision``); tasks without a float32 path refuse
    /// float32 in `validate`.
    public var precision: Precision
    /// Dropout probability of the hidden units while training (tasks that declare the axis).
    public var dropout: Double
    /// The softmax inverse temperature β (tasks with a softmax output).
    public var softmaxBeta: Double
    /// The init scale; nil means the task's documented default.
    public var initScale: Double?

    public init(
        epochs: Int, learningRate: Double, snapshotInterval: Int, optimizer: OptimizerKind = .gd,
        settings: OptimizerSettings = OptimizerSettings(), regularizer: Regularizer = .none, weightDecay: Double = 0,
        batchSize: Int = 0, onsetAccuracy: Double = 0.99, initStd: Double = 0.1, indicators: IndicatorSettings? = nil,
        precision: Precision = .float64, dropout: Double = 0, softmaxBeta: Double = 1, initScale: Double? = nil
    ) {
        self.dropout = dropout
        self.softmaxBeta = softmaxBeta
        self.initScale = initScale
        self.precision = precision
        self.indicators = indicators
        self.initStd = initStd
        self.epochs = epochs
        self.learningRate = learningRate
        self.snapshotInterval = snapshotInterval
        self.optimizer = optimizer
        self.settings = settings
        self.regularizer = regularizer
        self.weightDecay = weightDecay
        self.batchSize = batchSize
        self.onsetAccuracy = onsetAccuracy
    }

    public var snapshotEpochs: [Int] { Array(stride(from: 0, through: epochs, by: snapshotInterval)) }

    /// Whether an epoch is one pass of minibatches (else one full-batch step).
    public var isMinibatch: Bool { optimizer.usesMinibatches && batchSize > 0 }

    /// For a task whose arithmetic is float64 only (XOR keeps its legacy bytes; the linear
    /// control is O(d) per example): a readable refusal of float32.
    public func requireFloat64(task: String) throws(TaskError) {
        guard precision == .float64 else {
            throw TaskError(
                "\(task): training.precision = \"\(precision.rawValue)\" is not available for this task (it computes in float64 only); use \"float64\", or float32 with modadd, parity or rule"
            )
        }
    }
}
