import GrokNumerics

/// Trains the XOR network by full-batch gradient descent and records the snapshots the probe reads.
public enum XORTraining {
    /// One training run (docs/method.md §1).
    ///
    /// Initialisation: `XORModel.initialParameters` on a copy of `initStream` (W1 then w2 drawn
    /// as `nextGaussian() * initStd` in canonical order, biases 0).
    ///
    /// For e = 0…epochs: a forward pass at the current θ; if all 4 points are correct and no onset
    /// is recorded yet, e is the onset; if e is a multiple of `snapshotInterval` the run records
    /// the raw gradient g, the loss, the accuracy and Gini(|θ|) at this θ; then, if e < epochs,
    /// θ ← θ − lr·g. So snapshot e describes the parameters after e updates, and the last epoch
    /// is evaluated but not updated.
    ///
    /// - Precondition: `config.validate()` does not throw (call it first to get a typed error).
    /// `indicators`: a recorder and the model it evaluates θ with, fed at every snapshot.
    public static func run(_ config: TrainingConfig, initStream: RandomStream) -> TrainingRun {
        run(config, initStream: initStream, indicators: Optional<(IndicatorRecorder, XORTaskModel)>.none)
    }

    static func run(_ config: TrainingConfig, initStream: RandomStream, indicators: (IndicatorRecorder, XORTaskModel)?) -> TrainingRun {
        do { try config.validate() } catch { preconditionFailure(error.description) }
        var stream = initStream
        let theta = XORModel.initialParameters(hiddenWidth: config.hiddenWidth, initStd: config.initStd, stream: &stream)
        let kernel = XORKernel(hiddenWidth: config.hiddenWidth, canonical: theta)
        switch config.activation {
        case .tanh: return train(kernel, config, TanhUnit.self, indicators)
        case .relu: return train(kernel, config, ReLUUnit.self, indicators)
        }
    }

    /// `run`, but an invalid configuration throws its `TrainingConfigError` instead of trapping.
    public static func checkedRun(_ config: TrainingConfig, initStream: RandomStream) throws(TrainingConfigError) -> TrainingRun {
        try config.validate()
        return run(config, initStream: initStream)
    }

    private static func train<Unit: HiddenUnit>(
        _ kernel: XORKernel, _ config: TrainingConfig, _ unit: Unit.Type, _ indicators: (IndicatorRecorder, XORTaskModel)?
    ) -> TrainingRun {
        var recorder = indicators?.0
        var inspected = indicators?.1
        let epochs = config.epochs, interval = config.snapshotInterval, lr = config.learningRate
        let snapshotEpochs = config.snapshotEpochs
        var gradients: [[Double]] = [], loss: [Double] = [], accuracy: [Double] = [], gini: [Double] = []
        gradients.reserveCapacity(snapshotEpochs.count)
        loss.reserveCapacity(snapshotEpochs.count)
        accuracy.reserveCapacity(snapshotEpochs.count)
        gini.reserveCapacity(snapshotEpochs.count)
        var onset: Int?
        for epoch in 0...epochs {
            let z = kernel.forward(unit)
            let p = XORModel.probabilities(z)
            let correct = XORModel.correctCount(p)
            if onset == nil && correct == 4 { onset = epoch }
            let isSnapshot = epoch % interval == 0
            if isSnapshot {
                loss.append(XORModel.meanLoss(z))
                accuracy.append(Double(correct) / 4)
                gini.append(XORTraining.gini(kernel.parameters().map(\.magnitude)))
                if inspected != nil { recorder?.record(&inspected!, theta: kernel.parameters(), loss: loss[loss.count - 1]) }
            }
            let d = XORModel.lossSlope(p)
            if epoch < epochs {
                kernel.backward(unit, d: d, learningRate: lr, update: true)
            } else if isSnapshot {
                kernel.backward(unit, d: d, learningRate: lr, update: false)
            }
            if isSnapshot { gradients.append(kernel.gradient()) }
        }
        return TrainingRun(
            snapshotEpochs: snapshotEpochs, gradients: gradients, loss: loss,
            accuracy: accuracy, gini: gini, onsetEpoch: onset, indicators: recorder?.series())
    }

    /// The Gini coefficient of nonnegative values: G = Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx) over the
    /// values sorted ascending (i = 1…n), both sums taken in ascending order. 0 for an empty or
    /// all-zero input; 0 when all values are equal, (n − 1)/n when one of n is nonzero.
    public static func gini(_ values: [Double]) -> Double {
        let n = values.count
        guard n > 0 else { return 0 }
        let sorted = values.sorted()
        var weighted = 0.0, total = 0.0
        for (index, x) in sorted.enumerated() {
            weighted += Double(2 * (index + 1) - n - 1) * x
            total += x
        }
        guard total > 0 else { return 0 }
        return weighted / (Double(n) * total)
    }
}
