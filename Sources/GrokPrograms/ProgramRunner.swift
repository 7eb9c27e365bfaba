import Foundation
import GrokConfig
import GrokNumerics
import GrokRunner
import GrokTasks
import GrokTraining
import GrokUserRuns

/// Runs a user's program for one task and turns what it recorded into the same ``TaskResult``
/// a built-in task gives: the program trains and records its snapshots with the Python package
/// into a scratch folder; this reads them and probes them with ``TaskRunner/probe``.
///
/// Everything a program can get wrong — a non-zero exit, a hang past its time limit, no run,
/// two runs, steps other than the grid's, a field of the wrong size, a missing loss — is a
/// thrown error naming the problem with the end of the program's stderr: the worker sends it as
/// a FAILURE, never crashes.
public struct ProgramRunner: ProgramExecutor {
    /// What the worker was told about its devices: the value of `{device}` for a program that
    /// requires a GPU (nil: none here).
    public var gpuDevice: String?
    /// Keep each run's scratch folder (for debugging a program); removed by default.
    public var keepScratch = false

    public init(gpuDevice: String? = nil, keepScratch: Bool = false) {
        self.gpuDevice = gpuDevice
        self.keepScratch = keepScratch
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public func run(_ program: ProgramSpec, task: SweepTask, config: SweepConfig) throws -> TaskResult {
        try ProgramScripts.verify(program)
        if program.requiresGPU && gpuDevice == nil {
            throw Failure(description: "the program \"\(program.name)\" requires a GPU and this worker reported none")
        }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("grokscale-program-\(task.key)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        let out = scratch.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { if !keepScratch { try? FileManager.default.removeItem(at: scratch) } }

        let argv = program.argv(
            values: Self.placeholderValues(program, task: task, config: config, out: out, device: program.requiresGPU ? gpuDevice! : "cpu"))
        var environment = ProcessInfo.processInfo.environment
        for entry in program.environment {
            let eq = entry.firstIndex(of: "=")!
            environment[String(entry[..<eq])] = String(entry[entry.index(after: eq)...])
        }
        environment["GROKSCALE_TASK"] = task.key
        let process = ProgramProcess(argv: argv, environment: environment, folder: scratch, timeoutSeconds: Double(program.timeoutSeconds))
        let outcome: ProgramProcess.Outcome
        do { outcome = try process.run() } catch {
            throw Failure(description: "cannot start \(argv.first ?? "") (\(error.localizedDescription)); is it installed and on PATH on this host?")
        }
        let stderr = outcome.outputTail.isEmpty ? "" : "; its output ends:\n\(outcome.outputTail)"
        if outcome.timedOut {
            throw Failure(
                description:
                    "the program ran past its time limit of \(program.timeoutSeconds) s and was killed (raise programs.\(program.name).timeout_seconds if it is only slow)\(stderr)"
            )
        }
        if outcome.signalled {
            throw Failure(description: "the program was killed by signal \(outcome.status)\(stderr)")
        }
        if outcome.status != 0 {
            throw Failure(description: "the program exited with status \(outcome.status) after \(String(format: "%.1f", outcome.seconds)) s\(stderr)")
        }
        do {
            return try Self.result(of: out, program: program, task: task, config: config)
        } catch {
            throw Failure(description: "\(error)\(stderr)")
        }
    }

    /// What each placeholder becomes for this task.
    static func placeholderValues(_ program: ProgramSpec, task: SweepTask, config: SweepConfig, out: URL, device: String) -> [String: String] {
        [
            "width": String(task.width), "seed": String(programSeed(task: task, config: config)), "seed_index": String(task.seedIndex),
            "out": out.path, "script": program.script, "epochs": String(config.training.epochs),
            "snapshot_interval": String(config.training.snapshotInterval), "learning_rate": "\(config.training.learningRate)",
            "optimizer": task.group.optimizer.rawValue, "regularizer": task.group.regularizer.rawValue,
            "weight_decay": TaskGroup.format(task.group.weightDecay), "device": device,
        ]
    }

    /// The program's seed: a 31-bit integer from the sweep's seed, the group's axis values and
    /// the seed index — not the width, so a seed's data split can be the same at every width.
    public static func programSeed(task: SweepTask, config: SweepConfig) -> Int {
        var stream = RandomStream(baseSeed: config.seed, labels: ["program-seed"] + task.group.streamLabels + [.int(task.seedIndex)])
        return Int(stream.next() & 0x7fff_ffff)
    }

    /// Reads the one run the program recorded into `out` and probes it.
    static func result(of out: URL, program: ProgramSpec, task: SweepTask, config: SweepConfig) throws -> TaskResult {
        let manifestURL = try Self.manifestURL(in: out)
        let manifest = try RunManifest.read(manifestURL)
        let expected = config.snapshotEpochs
        let steps = manifest.snapshots.map(\.step)
        guard steps == expected else {
            throw Failure(
                description:
                    "the program recorded steps \(Self.list(steps)) but the grid's snapshots are \(Self.list(expected)) (training.epochs = \(config.training.epochs), snapshot_interval = \(config.training.snapshotInterval)): record every {snapshot_interval}-th step from 0 through {epochs}"
            )
        }
        guard (2...ExpectedResult.maxProgramParameterCount).contains(manifest.N) else {
            throw Failure(description: "the run's N = \(manifest.N); a field needs between 2 and \(ExpectedResult.maxProgramParameterCount) entries")
        }
        var loss: [Double] = [], accuracy: [Double] = [], gini: [Double] = [], fields: [[Double]] = []
        let base = manifestURL.deletingLastPathComponent()
        for s in manifest.snapshots {
            guard let l = s.loss, let a = s.accuracy else {
                throw Failure(
                    description:
                        "step \(s.step) has no \(s.loss == nil ? "loss" : "accuracy"): pass loss= and accuracy= (the test accuracy) to every recorded snapshot"
                )
            }
            guard PhysicalRanges.program.isLoss(l) else {
                throw Failure(
                    description: "step \(s.step): loss \(l) is not a finite number in [0, \(PhysicalRanges.defaultMaxLoss)] (a diverged run?)")
            }
            guard PhysicalRanges.program.isTrainingAccuracy(a) else { throw Failure(description: "step \(s.step): accuracy \(a) is outside [0, 1]") }
            let field = try RunFolder.readField(base.appendingPathComponent(s.file), parameterCount: manifest.N, runID: manifest.runID, step: s.step)
            if let i = field.firstIndex(where: { !$0.isFinite }) {
                throw Failure(description: "step \(s.step): gradient entry \(i) is \(field[i]); a program's run must have finite gradients")
            }
            loss.append(l)
            accuracy.append(a)
            // The program's weights are not recorded: its Gini is that of |gradient|.
            gini.append(XORTraining.gini(field.map(\.magnitude)))
            fields.append(field)
        }
        if let onset = manifest.onset, !(0...config.training.epochs).contains(onset) {
            throw Failure(description: "the run's onset step \(onset) is outside [0, \(config.training.epochs)]")
        }
        let topologies = try TaskRunner.probe(task: task, parameterCount: manifest.N, gradients: fields, config: config)
        return TaskResult(
            task: task, parameterCount: manifest.N, onsetEpoch: manifest.onset, snapshotEpochs: steps,
            loss: loss, accuracy: accuracy, gini: gini, topologies: topologies)
    }

    /// The program records one run: `out/manifest.json` or `out/<run>/manifest.json`.
    static func manifestURL(in out: URL) throws -> URL {
        let direct = out.appendingPathComponent("manifest.json")
        if FileManager.default.fileExists(atPath: direct.path) { return direct }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).sorted()
        let found = names.map { out.appendingPathComponent($0).appendingPathComponent("manifest.json") }.filter {
            FileManager.default.fileExists(atPath: $0.path)
        }
        guard !found.isEmpty else {
            throw Failure(
                description: "the program exited 0 but recorded no run into {out}: record with grokscale.Recorder(folder=<the {out} argument>, …)")
        }
        guard found.count == 1 else {
            throw Failure(
                description:
                    "the program recorded \(found.count) runs (\(found.map { $0.deletingLastPathComponent().lastPathComponent }.joined(separator: ", "))); a grid task records exactly one"
            )
        }
        return found[0]
    }

    static func list(_ steps: [Int]) -> String {
        steps.count <= 6
            ? "\(steps)"
            : "[\(steps.prefix(3).map(String.init).joined(separator: ", ")), …, \(steps.suffix(2).map(String.init).joined(separator: ", "))] (\(steps.count))"
    }
}
