import GrokNumerics

/// XOR (docs/method.md §1) through the task seam. With full-batch GD and no penalty it runs the
/// legacy kernel (`XORTraining.run`) on the legacy stream, so its bytes are those from before
/// the seam; any other optimizer or regularizer trains `XORModel` with `SupervisedTraining`
/// (the 4 points are always one batch). No split: t_g is the first epoch with all 4 correct.
public struct XORTask: TrainingTask {
    public var activation: Activation
    public init(activation: Activation = .tanh) { self.activation = activation }

    public var name: String { "xor" }
    public var hasSplit: Bool { false }
    public var summary: String { "XOR on the 4 points of {0,1}², 2 → h → 1 \(activation.rawValue) MLP, sigmoid + BCE, no split" }
    public func parameterCount(width: Int) -> Int { 4 * width + 1 }
    /// The four XOR points are the training set; there is no test set.
    public func physicalRanges(width: Int) -> PhysicalRanges { PhysicalRanges(trainingCount: 4, testCount: nil) }

    public func validate(width: Int, setup: TrainingSetup) throws(TaskError) {
        try setup.requireFloat64(task: "xor")
        do { try legacyConfig(width: width, setup: setup).validate() } catch { throw TaskError("xor: \(error)") }
    }

    func legacyConfig(width: Int, setup: TrainingSetup) -> TrainingConfig {
        TrainingConfig(
            hiddenWidth: width, epochs: setup.epochs, learningRate: setup.learningRate, initStd: setup.initStd,
            snapshotInterval: setup.snapshotInterval, activation: activation)
    }

    public func run(width: Int, setup: TrainingSetup, streams: TaskStreams) -> TrainingRun {
        let plain = setup.optimizer == .gd && (setup.regularizer == .none || setup.weightDecay == 0)
        if plain {
            // Indicators read θ at the legacy kernel's snapshots; the kernel's arithmetic is untouched.
            let recorder = setup.indicators.map { IndicatorRecorder(settings: $0, stream: streams.indicators) }
            let inspected = XORTaskModel(model: XORModel(hiddenWidth: width, activation: activation), initStd: setup.initStd)
            return XORTraining.run(
                legacyConfig(width: width, setup: setup), initStream: streams.initialization, indicators: recorder.map { ($0, inspected) })
        }
        var model = XORTaskModel(model: XORModel(hiddenWidth: width, activation: activation), initStd: setup.initStd)
        return SupervisedTraining.run(&model, setup: setup, streams: streams)
    }
}

/// `XORModel` as a `TaskModel` (no test set; every batch is the 4 points).
struct XORTaskModel: TaskModel {
    let model: XORModel
    let initStd: Double
    var parameterCount: Int { model.parameterCount }
    var trainingCount: Int { 4 }
    var testCount: Int { 0 }

    func initialParameters(stream: inout RandomStream) -> [Double] {
        XORModel.initialParameters(hiddenWidth: model.hiddenWidth, initStd: initStd, stream: &stream)
    }

    func evaluate(_ theta: [Double], batch: ArraySlice<Int>?, gradient: UnsafeMutablePointer<Double>?) -> (loss: Double, correct: Int) {
        let p = model.probabilities(parameters: theta)
        let correct = XORModel.correctCount(SIMD4(p[0], p[1], p[2], p[3]))
        if let gradient {
            for (i, gi) in model.gradient(parameters: theta).enumerated() { gradient[i] = gi }
        }
        return (model.loss(parameters: theta), correct)
    }

    func testCorrect(_ theta: [Double]) -> Int { 0 }
}
