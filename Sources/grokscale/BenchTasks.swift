import Foundation
import GrokConfig
import GrokNumerics
import GrokTraining

/// `grokscale bench`'s training-task figures: µs per epoch of every task at two widths, the
/// dense GFLOP/s that makes and its share of one core's measured FMA peak, and the same loops
/// in NumPy (bench/numpy_tasks.py) and in single-thread PyTorch (bench/torch_tasks.py) when
/// python3 has them, timed in the same run.
enum BenchTasks {
    static let widths = [32, 128]

    /// Multiply–adds of one example through the task's dense layer (modadd's W1 is a gather of
    /// two columns, not a product; the hinge MLP's output layer is O(h) and left out), and the
    /// task's training and test set sizes; nil for a task without a dense layer here.
    /// `skipped`: multiply–adds per training example of a backward product the model does not
    /// compute (the deep classifier takes no gradient of its input layer's inputs).
    static func denseSize(_ task: any TrainingTask, width h: Int) -> (layer: Int, training: Int, test: Int, skipped: Int)? {
        switch task {
        case let t as ModularAdditionTask: (t.modulus * h, t.splitTrainingCount, t.itemCount - t.splitTrainingCount, 0)
        case let t as SparseParityTask: (t.bits * h, t.trainingCount, t.testCount, 0)
        case let t as CellularRuleTask: (t.cells * h, t.splitTrainingCount, t.itemCount - t.splitTrainingCount, 0)
        // Every layer of the bias-free deep classifier is dense: its parameters are its multiply–adds.
        case let t as IsingTask: (t.parameterCount(width: h), t.perLevel * 32, t.testPerLevel * 32, IsingLattices.sites * h)
        default: nil
        }
    }

    /// The FMA peak of one core (float64 and float32), and each task's dense GFLOP/s as a share
    /// of the peak of its precision.
    static func peakFigures(repeats: Int, epochs: Int, taskFigures: [(String, JSONValue)]) -> [(String, JSONValue)] {
        // The portable build (x86-64 baseline) has no FMA instructions: its `addingProduct` is a
        // libm call per lane, which measures nothing about the machine.
        guard BuildInfo.kernelCPU != "x86-64" else {
            return [
                ("kernels_cpu_target", .string(BuildInfo.kernelCPU)),
                (
                    "fma_peak",
                    .string(
                        "skipped: the kernels are built for the x86-64 baseline, without FMA instructions (the portable build); measure on a native build"
                    )
                ),
            ]
        }
        // At least ten tries (each about 10 ms): the peak is the share's denominator, and one slow
        // try on a shared machine must not inflate every share.
        let tries = max(repeats, 10)
        let peak = FMAPeak.gflops(single: false, repeats: tries), peak32 = FMAPeak.gflops(single: true, repeats: tries)
        var out: [(String, JSONValue)] = [
            ("kernels_cpu_target", .string(BuildInfo.kernelCPU)),
            ("fma_peak_gflops_float64", .double(BenchCommand.round(peak, 2))),
            ("fma_peak_gflops_float32", .double(BenchCommand.round(peak32, 2))),
        ]
        let times = numbers(taskFigures)
        for (name, task, setup) in cases() {
            for (label, peak) in [(name, peak), ("\(name)_float32", peak32)] {
                for h in widths {
                    guard let size = denseSize(task, width: h), let us = times["task_\(label)_us_per_epoch_h\(h)"] else { continue }
                    // `us` is the run's time over its epochs + 1 evaluations (swiftFigures).
                    let flops = BenchFlops.perRun(
                        layerMultiplyAdds: size.layer, training: size.training, test: size.test, epochs: epochs, minibatch: setup.isMinibatch,
                        skippedBackward: size.skipped)
                    let gflops = flops / (us * Double(epochs + 1) * 1e3)
                    out.append(("task_\(label)_dense_gflops_h\(h)", .double(BenchCommand.round(gflops, 2))))
                    out.append(("task_\(label)_share_of_fma_peak_h\(h)", .double(BenchCommand.round(gflops / peak, 3))))
                }
            }
        }
        return out
    }

    /// The setups the NumPy script mirrors: modadd p = 47, f = 0.3, AdamW λ = 1 full batch;
    /// parity (30, 3), M = 1000 and rule 30 on 12 cells, SGD batch 32 with ℓ2 0.01; linear GD.
    /// Beside them (PyTorch only) the `ising` preset's model: 640 lattices, depth 4, Adam with
    /// coupled ℓ2 0.005, full batch.
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
            ("ising", IsingTask(perLevel: 20, testPerLevel: 20, depth: 4), setup(.adam, .l2, 0.005, lr: 5e-3, batch: 0)),
        ]
    }

    /// Best of `repeats` runs of `epochs` epochs, per epoch (the model and its data set are built
    /// inside the timing, once per run: negligible except for linear, whose Gaussian inputs cost
    /// about as much as its epochs), in
    /// float64 and, for the tasks with a float32 path, in float32 (`task_<name>_float32_…`).
    static func swiftFigures(epochs: Int, repeats: Int) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        let clock = ContinuousClock()
        for (name, task, base) in cases() {
            for precision in Precision.allCases {
                var setup = base
                setup.epochs = epochs
                setup.precision = precision
                guard (try? task.validate(width: widths[0], setup: setup)) != nil else { continue }
                let label = precision == .float64 ? name : "\(name)_float32"
                for h in widths {
                    var best = Double.infinity
                    for r in 0..<repeats {
                        let streams = TaskStreams(
                            initialization: RandomStream(seed: UInt64(r)), data: RandomStream(seed: 1), order: RandomStream(seed: 2))
                        let elapsed = timed(task, width: h, setup: setup, streams: streams, clock: clock)
                        best = min(best, elapsed.seconds / Double(epochs + 1))
                    }
                    out.append(("task_\(label)_us_per_epoch_h\(h)", .double(BenchCommand.round(best * 1e6, 1))))
                }
            }
        }
        return out
    }

    /// One run's time. ising's lattices are built outside it: its Metropolis generator costs as
    /// much as many epochs and is not the training kernel being measured.
    static func timed(_ task: any TrainingTask, width h: Int, setup: TrainingSetup, streams: TaskStreams, clock: ContinuousClock) -> Duration {
        guard let ising = task as? IsingTask else { return clock.measure { _ = task.run(width: h, setup: setup, streams: streams) } }
        var data = streams.data
        var model = ising.makeModel(width: h, setup: setup, data: &data)
        return clock.measure { _ = SupervisedTraining.run(&model, setup: setup, streams: streams) }
    }

    /// Every figure that is a number, by key.
    static func numbers(_ figures: [(String, JSONValue)]) -> [String: Double] {
        var out: [String: Double] = [:]
        for (key, value) in figures { if case .double(let v) = value { out[key] = v } }
        return out
    }

    /// The NumPy figures, or why there are none (no python3, no numpy, no script).
    static func numpyFigures(script: String, epochs: Int, repeats: Int) -> [(String, JSONValue)] {
        let object: [String: Any]
        switch runScript(script, label: "numpy_tasks", what: "python3 with numpy", epochs: epochs, repeats: repeats) {
        case .failure(let reason): return [(reason.label, .string(reason.message))]
        case .success(let o): object = o
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

    /// PyTorch on one thread (float64 as grokscale, and float32), and grokscale's speed-up over
    /// it (PyTorch's time / grokscale's, float64 both), or why there are none.
    static func torchFigures(script: String, epochs: Int, repeats: Int, taskFigures: [(String, JSONValue)]) -> [(String, JSONValue)] {
        let object: [String: Any]
        switch runScript(script, label: "torch_tasks", what: "python3 with torch", epochs: epochs, repeats: repeats) {
        case .failure(let reason): return [(reason.label, .string(reason.message))]
        case .success(let o): object = o
        }
        let ours = numbers(taskFigures)
        var out: [(String, JSONValue)] = []
        if let version = object["torch_version"] as? String { out.append(("torch_version", .string(version))) }
        if let threads = object["torch_threads"] as? Int { out.append(("torch_threads", .int(threads))) }
        for name in ["modadd", "parity", "rule", "ising"] {
            for h in widths {
                if let v = object["\(name)_h\(h)"] as? Double {
                    out.append(("torch_task_\(name)_us_per_epoch_h\(h)", .double(v)))
                    if let mine = ours["task_\(name)_us_per_epoch_h\(h)"], mine > 0 {
                        out.append(("speedup_over_torch_\(name)_h\(h)", .double(BenchCommand.round(v / mine, 2))))
                    }
                }
                if let v = object["\(name)_h\(h)_float32"] as? Double { out.append(("torch_task_\(name)_us_per_epoch_h\(h)_float32", .double(v))) }
            }
        }
        return out
    }

    /// Runs `python3 script --widths … --epochs … --repeats …` and parses its JSON object; on
    /// any failure, a `<label>: "skipped: why"` figure.
    static func runScript(_ script: String, label: String, what: String, epochs: Int, repeats: Int) -> Result<[String: Any], SkipReason> {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(SkipReason(label, "skipped: \(script) not found (run bench from the repository root or pass the script's option)"))
        }
        let arguments = [
            "python3", script, "--widths", widths.map(String.init).joined(separator: ","), "--epochs", String(epochs), "--repeats", String(repeats),
        ]
        let outcome: BenchProcess.Outcome
        switch BenchProcess.run("/usr/bin/env", arguments) {
        case .failure(let error): return .failure(SkipReason(label, "skipped: cannot start python3: \(error)"))
        case .success(let o): outcome = o
        }
        guard outcome.status == 0, let object = try? JSONSerialization.jsonObject(with: outcome.output) as? [String: Any] else {
            return .failure(SkipReason(label, "skipped: \(what) failed: \(outcome.errors.split(separator: "\n").last ?? "")"))
        }
        return .success(object)
    }
}

/// Why a comparison has no figures: one `label: "skipped: …"` entry in the bench's JSON.
struct SkipReason: Error {
    let label: String, message: String
    init(_ label: String, _ message: String) { (self.label, self.message) = (label, message) }
}
