/// What one training run records (docs/method.md §1). The arrays are indexed by snapshot, parallel to
/// `snapshotEpochs`.
public struct TrainingRun: Sendable, Hashable {
    /// 0, interval, 2·interval, … ≤ epochs (always includes 0; includes `epochs` if it is a multiple).
    public var snapshotEpochs: [Int]
    /// Per snapshot: the raw full-batch loss gradient g ∈ ℝᴺ at the parameters after `epoch`
    /// updates (not the update −lr·g), in the canonical parameter order of `XORModel`.
    public var gradients: [[Double]]
    /// Per snapshot: the mean binary cross-entropy over the 4 points.
    public var loss: [Double]
    /// Per snapshot: the fraction of the 4 points classified correctly (0, 0.25, 0.5, 0.75 or 1).
    public var accuracy: [Double]
    /// Per snapshot: the Gini coefficient of |θ| over all N parameters (`XORTraining.gini`).
    public var gini: [Double]
    /// t_g: the first epoch e in 0…epochs at which all 4 points are classified correctly, checked
    /// at every epoch (not only at snapshots); nil when the run never gets there (ungrokked).
    public var onsetEpoch: Int?
    /// Per snapshot: test accuracy, for tasks with a split (nil for XOR, which has none). With a
    /// split, `accuracy` is the training accuracy and `onsetEpoch` is t_g from test accuracy.
    public var testAccuracy: [Double]?
    /// t_train: the first epoch with training accuracy ≥ the onset level (tasks with a split only).
    public var trainOnsetEpoch: Int?
    /// Per indicator, its value at every snapshot (nil when the run recorded none).
    public var indicators: [IndicatorSeries]?

    public init(
        snapshotEpochs: [Int], gradients: [[Double]], loss: [Double], accuracy: [Double],
        gini: [Double], onsetEpoch: Int?, testAccuracy: [Double]? = nil, trainOnsetEpoch: Int? = nil,
        indicators: [IndicatorSeries]? = nil
    ) {
        self.indicators = indicators
        self.testAccuracy = testAccuracy
        self.trainOnsetEpoch = trainOnsetEpoch
        self.snapshotEpochs = snapshotEpochs
        self.gradients = gradients
        self.loss = loss
        self.accuracy = accuracy
        self.gini = gini
        self.onsetEpoch = onsetEpoch
    }
}
