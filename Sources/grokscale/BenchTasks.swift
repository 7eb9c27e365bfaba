import Foundation
import GrokConfig
import GrokNumerics
import GrokTraining

/// `grokscale bench`'s training-task figures: µs per epoch of every task at two
/// widths, and the same loops in NumPy (bench/numpy_tasks.py) when python3 with numpy is there.
enum BenchTasks {
    static let widths = [32, 128]

    /// The setups the NumPy script mirrors: modadd p = 47, f = 0.3, AdamW λ = 1 full batch;
    /// parity (30, 3), M = 1000 and rule 30 on 12 cells, SGD batch 32 with ℓ2 0.01; linear GD.
    static func cases() -> [(name: String, task: any TrainingTask, setup: TrainingSetup)] {
        func setup(_ o: OptimizerKind, _ r: Regularizer, _ wd: Double, lr: Double, batch: Int) -> TrainingSetup {
            TrainingSetup(
                epochs: 1, learningRate: lr, snapshotInterval: 1_000_000, optimizer: o, settings: OptimizerSettings(momentum: 0),
                regularizer: r, weightDecay: wd, batchSize: batch)
        }
        return [
            ("modadd", ModularAdditionTask(modulus: 47, trainingFraction: 0.3), setup(.adamw, .decoupled, 1, lr: 1e-2, batch: 0)),
            ("parity", SparseParityTask(bits: 30, relevant: 3, trainingCount: 1000, testCount: 2000), setup(.sgd, .l2, 0.01, lr: 0.1, batch: 32)),
            ("rule", CellularRuleTask(rule: 30, cells: 12, trainingFraction: 0.25), setup(.sgd, .l2, 0.01, lr: 0.1, batch: 32)),
            ("linear", LinearTeacherTask(ratio: 0.5, testCount: 2000), setup(.gd, .none, 0, lr: 0.1, batch: 0)),
        ]
    }

    /// Best of `repeats` runs of `epochs` epochs (the data set is built outside the timing).
    static func swiftFigures(epochs: Int, repeats: Int) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        let clock = ContinuousClock()
        for (name, task, base) in cases() {
            for h in widths {
                var setup = base
                setup.epochs = epochs
                var best = Double.infinity
                for r in 0..<repeats {
                    let streams = TaskStreams(
                        initialization: RandomStream(seed: UInt64(r)), data: RandomStream(seed: 1), order: RandomStream(seed: 2))
                    let elapsed = clock.measure { _ = task.run(width: h, setup: setup, streams: streams) }
                    best = min(best, elapsed.seconds / Double(epochs + 1))
                }
                out.append(("task_\(name)_us_per_epoch_h\(h)", .double(BenchCommand.round(best * 1e6, 1))))
            }
        }
        return out
    }

    /// The NumPy figures, or why there are none (no python3, no numpy, no script).
    static func numpyFigures(script: String, epochs: Int, repeats: Int) -> [(String, JSONValue)] {
        guard FileManager.default.fileExists(atPath: script) else {
            return [("numpy_tasks", .string("skipped: \(script) not found (run bench from the repository root or pass --numpy-script)"))]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script, "--widths", widths.map(String.init).joined(separator: ","),
            "--epochs", String(epochs), "--repeats", String(repeats),
        ]
        let pipe = Pipe(), errors = Pipe()
        process.standardOutput = pipe
        process.standardError = errors
        do { try process.run() } catch { return [("numpy_tasks", .string("skipped: cannot start python3: \(error)"))] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return [("numpy_tasks", .string("skipped: python3 with numpy failed: \(message.split(separator: "\n").last ?? "")"))]
        }
        var out: [(String, JSONValue)] = []
        if let version = object["numpy_version"] as? String { out.append(("numpy_version", .string(version))) }
        for (name, _, _) in cases() {
            for h in widths {
                if let v = object["\(name)_h\(h)"] as? Double { out.append(("numpy_task_\(name)_us_per_epoch_h\(h)", .double(v))) }
            }
        }
        return out
    }
}
