import GrokNumerics

/// Trains a `TaskModel` with any optimizer and regularizer and records what the probe reads.
public enum SupervisedTraining {
    /// For e = 0…epochs: evaluate the full training set at θ (loss, training accuracy, and the
    /// data-loss gradient when e is a snapshot or the step is full batch) and the test set;
    /// record t_train / t_g the first time training / test accuracy reaches `onsetAccuracy`
    /// (checked at every epoch); at a snapshot record the full-training-set gradient, loss,
    /// both accuracies and Gini(|θ|); then, if e < epochs, one epoch of updates: one full-batch
    /// step, or (minibatch) a shuffle of the training indices from `streams.order` and one step
    /// per consecutive batch of `batchSize` (the last may be shorter). So the minibatch
    /// snapshot is a separate full pass, never a minibatch gradient. A model with training noise
    /// (dropout) takes each step's gradient from `trainingGradient`, its noise from `streams.noise`,
    /// and its snapshots from the noiseless `evaluate`.
    public static func run<Model: TaskModel>(_ model: inout Model, setup: TrainingSetup, streams: TaskStreams) -> TrainingRun {
        var initStream = streams.initialization
        var order = streams.order
        var noise = streams.noise
        let noisy = model.hasTrainingNoise
        var theta = model.initialParameters(stream: &initStream)
        let n = model.parameterCount
        precondition(theta.count == n, "initial parameters: \(theta.count) for N = \(n)")
        var optimizer = Optimizer(
            kind: setup.optimizer, settings: setup.settings, regularizer: setup.regularizer,
            weightDecay: setup.weightDecay, parameterCount: n)
        let snapshotEpochs = setup.snapshotEpochs
        var gradients: [[Double]] = [], loss: [Double] = [], accuracy: [Double] = [], test: [Double] = [], gini: [Double] = []
        var gradient = [Double](repeating: 0, count: n)
        var indices = Array(0..<model.trainingCount)
        let trainCount = Double(model.trainingCount), testCount = model.testCount
        let hasSplit = testCount > 0
        let level = setup.onsetAccuracy
        var tTrain: Int?, tG: Int?
        var recorder = setup.indicators.map { IndicatorRecorder(settings: $0, stream: streams.indicators) }
        for epoch in 0...setup.epochs {
            let isSnapshot = epoch % setup.snapshotInterval == 0
            let fullStep = !setup.isMinibatch && epoch < setup.epochs
            let needGradient = isSnapshot || (fullStep && !noisy)
            let evaluation = gradient.withUnsafeMutableBufferPointer { g in
                model.evaluate(theta, batch: nil, gradient: needGradient ? g.baseAddress! : nil)
            }
            let trainAccuracy = Double(evaluation.correct) / trainCount
            let testAccuracy = hasSplit ? Double(model.testCorrect(theta)) / Double(testCount) : trainAccuracy
            if tTrain == nil && trainAccuracy >= level { tTrain = epoch }
            if tG == nil && testAccuracy >= level { tG = epoch }
            if isSnapshot {
                loss.append(evaluation.loss)
                accuracy.append(trainAccuracy)
                test.append(testAccuracy)
                gini.append(XORTraining.gini(theta.map(\.magnitude)))
                gradients.append(gradient)
                // After the snapshot's gradient is copied: the recorder's passes reuse the model's buffers.
                recorder?.record(&model, theta: theta, loss: evaluation.loss)
            }
            guard epoch < setup.epochs else { break }
            if fullStep {
                if noisy {
                    gradient.withUnsafeMutableBufferPointer { g in model.trainingGradient(theta, batch: nil, gradient: g.baseAddress!, noise: &noise)
                    }
                }
                optimizer.step(&theta, gradient: &gradient, learningRate: setup.learningRate)
            } else {
                order.shuffle(&indices)
                var start = 0
                while start < indices.count {
                    let end = Swift.min(start + setup.batchSize, indices.count)
                    gradient.withUnsafeMutableBufferPointer { g in
                        if noisy {
                            model.trainingGradient(theta, batch: indices[start..<end], gradient: g.baseAddress!, noise: &noise)
                        } else {
                            _ = model.evaluate(theta, batch: indices[start..<end], gradient: g.baseAddress!)
                        }
                    }
                    optimizer.step(&theta, gradient: &gradient, learningRate: setup.learningRate)
                    start = end
                }
            }
        }
        return TrainingRun(
            snapshotEpochs: snapshotEpochs, gradients: gradients, loss: loss, accuracy: accuracy, gini: gini,
            onsetEpoch: tG, testAccuracy: hasSplit ? test : nil, trainOnsetEpoch: hasSplit ? tTrain : nil,
            indicators: recorder?.series())
    }
}
