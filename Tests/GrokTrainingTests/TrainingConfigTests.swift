import GrokNumerics
import GrokTraining
import Testing

@Suite("TrainingConfig: defaults, sizes and validation")
struct TrainingConfigTests {
    @Test("the defaults are docs/method.md §1's: 5000 epochs, lr 0.1, init 0.1, snapshots every 100, tanh")
    func defaults() {
        let config = TrainingConfig(hiddenWidth: 20)
        #expect(config.epochs == 5000)
        #expect(config.learningRate == 0.1)
        #expect(config.initStd == 0.1)
        #expect(config.snapshotInterval == 100)
        #expect(config.activation == .tanh)
        #expect(throws: Never.self) { try config.validate() }
    }

    @Test("the parameter count is 4h + 1", arguments: [1, 20, 75, 500])
    func parameterCount(h: Int) {
        #expect(TrainingConfig(hiddenWidth: h).parameterCount == 4 * h + 1)
        #expect(XORModel(hiddenWidth: h).parameterCount == 4 * h + 1)
    }

    @Test("snapshot epochs start at 0 and include the last epoch only when it is a multiple of the interval")
    func snapshotEpochs() {
        #expect(TrainingConfig(hiddenWidth: 2, epochs: 5000).snapshotEpochs.count == 51)
        #expect(TrainingConfig(hiddenWidth: 2, epochs: 250).snapshotEpochs == [0, 100, 200])
        #expect(TrainingConfig(hiddenWidth: 2, epochs: 0).snapshotEpochs == [0])
        #expect(TrainingConfig(hiddenWidth: 2, epochs: 3, snapshotInterval: 1).snapshotEpochs == [0, 1, 2, 3])
    }

    @Test(
        "each invalid field is rejected with an error that names it",
        arguments: [
            (TrainingConfig(hiddenWidth: 0), "hiddenWidth"),
            (TrainingConfig(hiddenWidth: -3), "hiddenWidth"),
            (TrainingConfig(hiddenWidth: 4, epochs: -1), "epochs"),
            (TrainingConfig(hiddenWidth: 4, learningRate: 0), "learningRate"),
            (TrainingConfig(hiddenWidth: 4, learningRate: -0.1), "learningRate"),
            (TrainingConfig(hiddenWidth: 4, learningRate: .nan), "learningRate"),
            (TrainingConfig(hiddenWidth: 4, learningRate: .infinity), "learningRate"),
            (TrainingConfig(hiddenWidth: 4, initStd: 0), "initStd"),
            (TrainingConfig(hiddenWidth: 4, initStd: .nan), "initStd"),
            (TrainingConfig(hiddenWidth: 4, snapshotInterval: 0), "snapshotInterval"),
        ])
    func invalidConfig(config: TrainingConfig, field: String) {
        do {
            try config.validate()
            Issue.record("validate() accepted an invalid \(field)")
        } catch {
            #expect(error.field == field)
            #expect(error.description.hasPrefix(field))
        }
    }

    @Test("checkedRun throws the validation error for an invalid config and equals run for a valid one")
    func checkedRun() throws {
        let stream = RandomStream(seed: 4)
        #expect(throws: TrainingConfigError.epochs(-2)) {
            try XORTraining.checkedRun(TrainingConfig(hiddenWidth: 3, epochs: -2), initStream: stream)
        }
        let valid = TrainingConfig(hiddenWidth: 3, epochs: 20, snapshotInterval: 5)
        #expect(try XORTraining.checkedRun(valid, initStream: stream) == XORTraining.run(valid, initStream: stream))
    }

    @Test("configs compare by value and activations parse from their raw names")
    func hashableAndEquatable() {
        let a = TrainingConfig(hiddenWidth: 50, activation: .relu)
        var b = a
        #expect(a == b)
        b.learningRate = 0.2
        #expect(a != b)
        #expect(Activation(rawValue: "relu") == .relu && Activation.allCases == [.tanh, .relu])
    }
}
