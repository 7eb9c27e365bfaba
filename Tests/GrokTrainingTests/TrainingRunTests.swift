import GrokNumerics
import GrokTraining
import Testing

@Suite("XOR training runs: snapshots, grokking, determinism")
struct TrainingRunTests {
    static func stream(_ h: Int, _ seed: Int) -> RandomStream {
        RandomStream(baseSeed: 0, labels: ["run", .int(h), .int(seed), "init"])
    }

    @Test("the default run has 51 snapshots at 0, 100, …, 5000, each gradient of length 4h + 1")
    func snapshotShape() {
        let run = XORTraining.run(TrainingConfig(hiddenWidth: 20), initStream: Self.stream(20, 0))
        #expect(run.snapshotEpochs == Array(stride(from: 0, through: 5000, by: 100)))
        #expect(run.gradients.count == 51 && run.loss.count == 51 && run.accuracy.count == 51 && run.gini.count == 51)
        #expect(run.gradients.allSatisfy { $0.count == 81 })
        #expect(run.accuracy.allSatisfy { [0, 0.25, 0.5, 0.75, 1].contains($0) })
        #expect(run.gini.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test("the default config groks at h = 20, 100, 500: onset found, loss falls, accuracy reaches 1, wider is earlier")
    func defaultConfigGroks() {
        var meanOnset: [Int: Double] = [:]
        for h in [20, 100, 500] {
            var onsets: [Int] = []
            for seed in 0..<3 {
                let run = XORTraining.run(TrainingConfig(hiddenWidth: h), initStream: Self.stream(h, seed))
                guard let onset = run.onsetEpoch else {
                    Issue.record("h = \(h) seed \(seed) did not grok")
                    continue
                }
                onsets.append(onset)
                #expect(run.loss.last! < 0.1 * run.loss.first!, "h = \(h) seed \(seed)")
                #expect(run.accuracy.last == 1)
                // Snapshots before the onset cannot be fully correct.
                for (e, a) in zip(run.snapshotEpochs, run.accuracy) where e < onset { #expect(a < 1) }
            }
            meanOnset[h] = Double(onsets.reduce(0, +)) / Double(max(onsets.count, 1))
        }
        #expect(meanOnset[20]! > meanOnset[100]! && meanOnset[100]! > meanOnset[500]!)
        // docs/method.md §1: roughly epoch 2000 at h = 20 and 450 at h = 500.
        #expect((1000...3500).contains(Int(meanOnset[20]!)))
        #expect((200...900).contains(Int(meanOnset[500]!)))
    }

    @Test("the onset is the first epoch with all 4 points correct, checked at every epoch")
    func onsetIsFirstFullyCorrectEpoch() throws {
        let config = TrainingConfig(hiddenWidth: 20, epochs: 3000, snapshotInterval: 1)
        let run = XORTraining.run(config, initStream: Self.stream(20, 1))
        let onset = try #require(run.onsetEpoch)
        #expect(run.accuracy[onset] == 1)
        #expect(run.accuracy[..<onset].allSatisfy { $0 < 1 })
        // The same stream with coarse snapshots finds the same onset.
        let coarse = XORTraining.run(
            TrainingConfig(hiddenWidth: 20, epochs: 3000, snapshotInterval: 1000),
            initStream: Self.stream(20, 1))
        #expect(coarse.onsetEpoch == onset)
        #expect(coarse.gradients == [run.gradients[0], run.gradients[1000], run.gradients[2000], run.gradients[3000]])
    }

    @Test("a run that never gets all 4 points right reports no onset")
    func ungrokked() {
        let run = XORTraining.run(TrainingConfig(hiddenWidth: 20, epochs: 50), initStream: Self.stream(20, 0))
        #expect(run.onsetEpoch == nil)
        #expect(run.snapshotEpochs == [0])
    }

    @Test(
        "the same config and stream give an identical run; another seed gives a different one",
        arguments: [Activation.tanh, .relu])
    func determinism(activation: Activation) {
        let config = TrainingConfig(hiddenWidth: 30, epochs: 800, activation: activation)
        let a = XORTraining.run(config, initStream: Self.stream(30, 0))
        let b = XORTraining.run(config, initStream: Self.stream(30, 0))
        let c = XORTraining.run(config, initStream: Self.stream(30, 1))
        #expect(a == b)
        #expect(a.gradients != c.gradients)
        #expect(a.loss != c.loss)
    }

    @Test("a width that is not a multiple of 4 trains like the others (padding is invisible)", arguments: [1, 2, 3, 5, 21])
    func oddWidths(h: Int) {
        let config = TrainingConfig(hiddenWidth: h, epochs: 200, learningRate: 0.5, initStd: 0.5, snapshotInterval: 10)
        var s = Self.stream(h, 0)
        var theta = XORModel.initialParameters(hiddenWidth: h, initStd: 0.5, stream: &s)
        let run = XORTraining.run(config, initStream: Self.stream(h, 0))
        let model = XORModel(hiddenWidth: h)
        for e in 0...200 {
            let g = model.gradient(parameters: theta)
            if e % 10 == 0 { #expect(run.gradients[e / 10] == g) }
            for i in theta.indices { theta[i] -= 0.5 * g[i] }
        }
    }
}
