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
        var gradient = [Double](repeating: 0, count: n)
        var indices = Array(0..<model.trainingCount)
        var recording = RunRecording(model, setup: setup, streams: streams)
        for epoch in 0...setup.epochs {
            let isSnapshot = epoch % setup.snapshotInterval == 0
            let fullStep = !setup.isMinibatch && epoch < setup.epochs
            let needGradient = isSnapshot || (fullStep && !noisy)
            let evaluation = gradient.withUnsafeMutableBufferPointer { g in
                model.evaluate(theta, batch: nil, gradient: needGradient ? g.baseAddress! : nil)
            }
            recording.observe(&model, epoch: epoch, theta: theta, evaluation: evaluation, gradient: gradient, isSnapshot: isSnapshot)
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
        return recording.run(setup: setup)
    }
}
