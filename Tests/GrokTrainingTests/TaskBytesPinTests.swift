import GrokNumerics
import GrokTraining
import Testing

/// Every task's training run, bit for bit, as the kernels computed it before they were
/// register-blocked (issue 21): the dense kernels may change how fast, never what. Each case
/// hashes every recorded bit (gradients, losses, accuracies, Gini, onsets) with FNV-1a; widths
/// and sizes are chosen off the kernels' tile sizes so every tail path runs.
@Suite("Task runs are byte-identical to the pre-blocking kernels")
struct TaskBytesPinTests {
    static func digest(_ run: TrainingRun) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) {
                hash = (hash ^ ((word >> UInt64(shift)) & 0xff)) &* 0x100_0000_01b3
            }
        }
        for g in run.gradients { for v in g { mix(v.bitPattern) } }
        for v in run.loss + run.accuracy + run.gini + (run.testAccuracy ?? []) { mix(v.bitPattern) }
        mix(UInt64(bitPattern: Int64(run.onsetEpoch ?? -1)))
        mix(UInt64(bitPattern: Int64(run.trainOnsetEpoch ?? -1)))
        return hash
    }

    static func run(_ task: any TrainingTask, width: Int, setup: TrainingSetup) -> TrainingRun {
        let streams = TaskStreams(initialization: RandomStream(seed: 11), data: RandomStream(seed: 12), order: RandomStream(seed: 13))
        return task.run(width: width, setup: setup, streams: streams)
    }

    static func setup(_ o: OptimizerKind, _ r: Regularizer, _ wd: Double, lr: Double, batch: Int, epochs: Int = 12) -> TrainingSetup {
        TrainingSetup(
            epochs: epochs, learningRate: lr, snapshotInterval: 3, optimizer: o, settings: OptimizerSettings(momentum: 0.5),
            regularizer: r, weightDecay: wd, batchSize: batch)
    }

    static let cases: [(name: String, task: any TrainingTask, width: Int, setup: TrainingSetup, digest: UInt64)] = [
        (
            "modadd p=13 h=27 full batch", ModularAdditionTask(modulus: 13, trainingFraction: 0.45), 27,
            setup(.adamw, .decoupled, 1, lr: 1e-2, batch: 0), 0xf38a_be72_0499_a6d4
        ),
        (
            "modadd p=7 h=9 minibatch 5", ModularAdditionTask(modulus: 7, trainingFraction: 0.6), 9, setup(.sgd, .l2, 0.01, lr: 0.5, batch: 5),
            0x07e0_9c5a_1a36_bd45
        ),
        (
            "modadd p=11 h=64", ModularAdditionTask(modulus: 11, trainingFraction: 0.5), 64, setup(.adam, .l1, 1e-3, lr: 1e-2, batch: 0),
            0x4c1c_567e_48e1_3e4c
        ),
        (
            "parity 30/3 h=37 batch 32", SparseParityTask(bits: 30, relevant: 3, trainingCount: 203, testCount: 101), 37,
            setup(.sgd, .l2, 0.01, lr: 0.1, batch: 32), 0x6984_3378_edbb_27c3
        ),
        (
            "parity 11/2 h=8 full batch", SparseParityTask(bits: 11, relevant: 2, trainingCount: 90, testCount: 30), 8,
            setup(.gd, .none, 0, lr: 0.3, batch: 0), 0x9228_7c90_e7be_3b9e
        ),
        (
            "rule 110 on 9 cells h=21", CellularRuleTask(rule: 110, cells: 9, trainingFraction: 0.3), 21, setup(.sgd, .l2, 0.01, lr: 0.1, batch: 7),
            0x92cd_356d_e35e_ba71
        ),
        ("linear d=29", LinearTeacherTask(ratio: 0.7, testCount: 50), 29, setup(.gd, .none, 0, lr: 0.1, batch: 0), 0xeb5c_2ec2_1caa_4da0),
    ]

    @Test("each task's run hashes to its pinned digest", arguments: 0..<cases.count)
    func pinned(_ index: Int) {
        let c = Self.cases[index]
        let got = Self.digest(Self.run(c.task, width: c.width, setup: c.setup))
        #expect(got == c.digest, "\(c.name): digest 0x\(String(got, radix: 16)), pinned 0x\(String(c.digest, radix: 16))")
    }
}
