/// What every training loop records of a run (``SupervisedTraining``, ``LangevinTraining``): at
/// every epoch, the first epoch training and test accuracy reach the onset level (t_train, t_g);
/// at a snapshot, the data-loss gradient, the loss, both accuracies, Gini(|θ|) and the
/// indicators; at the end, the ``TrainingRun``. One place, so the two loops cannot drift apart in
/// what a snapshot means.
struct RunRecording {
    private let level: Double, hasSplit: Bool, trainCount: Double, testCount: Int
    private var gradients: [[Double]] = [], loss: [Double] = [], accuracy: [Double] = [], test: [Double] = [], gini: [Double] = []
    private var tTrain: Int?, tG: Int?
    private var recorder: IndicatorRecorder?

    init<Model: TaskModel>(_ model: Model, setup: TrainingSetup, streams: TaskStreams) {
        level = setup.onsetAccuracy
        trainCount = Double(model.trainingCount)
        testCount = model.testCount
        hasSplit = testCount > 0
        recorder = setup.indicators.map { IndicatorRecorder(settings: $0, stream: streams.indicators) }
    }

    /// Epoch `epoch` at θ, whose full-training-set evaluation is `evaluation` (and, at a snapshot,
    /// whose data-loss gradient is `gradient`). Evaluates the test set here, before the indicators.
    mutating func observe<Model: TaskModel>(
        _ model: inout Model, epoch: Int, theta: [Double], evaluation: (loss: Double, correct: Int), gradient: [Double], isSnapshot: Bool
    ) {
        let trainAccuracy = Double(evaluation.correct) / trainCount
        let testAccuracy = hasSplit ? Double(model.testCorrect(theta)) / Double(testCount) : trainAccuracy
        if tTrain == nil && trainAccuracy >= level { tTrain = epoch }
        if tG == nil && testAccuracy >= level { tG = epoch }
        guard isSnapshot else { return }
        loss.append(evaluation.loss)
        accuracy.append(trainAccuracy)
        test.append(testAccuracy)
        gini.append(XORTraining.gini(theta.map(\.magnitude)))
        gradients.append(gradient)
        // After the snapshot's gradient is copied: the recorder's passes reuse the model's buffers.
        recorder?.record(&model, theta: theta, loss: evaluation.loss)
    }

    func run(setup: TrainingSetup) -> TrainingRun {
        TrainingRun(
            snapshotEpochs: setup.snapshotEpochs, gradients: gradients, loss: loss, accuracy: accuracy, gini: gini, onsetEpoch: tG,
            testAccuracy: hasSplit ? test : nil, trainOnsetEpoch: hasSplit ? tTrain : nil, indicators: recorder?.series())
    }
}
