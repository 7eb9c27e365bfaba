import Foundation
import GrokConfig
import GrokNumerics
import GrokTraining

/// `grokscale bench`'s cost of the early-warning indicators (docs/indicators.md): milliseconds
/// per snapshot for the θ and spectral indicators and for the LLC, on modadd p = 47, h = 64,
/// against one training epoch measured in the same run.
enum BenchIndicators {
    static func figures(repeats: Int) -> [(String, JSONValue)] {
        let task = ModularAdditionTask(modulus: 47, trainingFraction: 0.3)
        let epochs = 40, interval = 10
        let snapshots = Double(epochs / interval + 1)
        let clock = ContinuousClock()
        func best(_ indicators: IndicatorSettings?) -> Double {
            var fastest = Double.infinity
            for r in 0..<repeats {
                let setup = TrainingSetup(
                    epochs: epochs, learningRate: 1e-2, snapshotInterval: interval, optimizer: .adamw, regularizer: .decoupled, weightDecay: 1,
                    indicators: indicators)
                let streams = TaskStreams(
                    initialization: RandomStream(seed: UInt64(r)), data: RandomStream(seed: 1), order: RandomStream(seed: 2),
                    indicators: RandomStream(seed: 3))
                fastest = min(fastest, clock.measure { _ = task.run(width: 64, setup: setup, streams: streams) }.seconds)
            }
            return fastest
        }
        let plain = best(nil)
        let spectral = best(IndicatorSettings(llcSteps: 0))
        let llc = best(IndicatorSettings(llcSteps: 16))
        let epoch = plain / Double(epochs + 1)
        let perSnapshot = (spectral - plain) / snapshots
        let llcPerSnapshot = (llc - spectral) / snapshots
        return [
            ("indicators_ms_per_snapshot_modadd_h64", .double(BenchCommand.round(perSnapshot * 1e3, 2))),
            ("indicators_llc16_ms_per_snapshot_modadd_h64", .double(BenchCommand.round(llcPerSnapshot * 1e3, 2))),
            ("indicators_epochs_per_snapshot_modadd_h64", .double(BenchCommand.round(perSnapshot / epoch, 1))),
            ("indicators_llc16_epochs_per_snapshot_modadd_h64", .double(BenchCommand.round(llcPerSnapshot / epoch, 1))),
        ]
    }
}
