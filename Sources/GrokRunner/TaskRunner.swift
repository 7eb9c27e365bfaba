import GrokConfig
import GrokGraphs
import GrokNumerics
import GrokProbe
import GrokTasks
import GrokTraining

/// Runs one task with the science cores. Pure for a built-in task: the result depends only on
/// (configuration, task), never on which process, host or thread runs it — the in-process run
/// and every distributed worker call exactly this. A program task is handed to the
/// ``ProgramExecution`` the process installed; its probing is this type's, so it is as
/// deterministic as the program itself.
public enum TaskRunner {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(_ task: SweepTask, config: SweepConfig) throws -> TaskResult {
        let group = task.group
        if let program = config.program(named: group.task) {
            guard let executor = ProgramExecution.installed else {
                throw Failure(
                    description:
                        "\(task.key) runs the program \"\(program.name)\", and this process cannot run programs (no ProgramExecution installed)")
            }
            return try executor.run(program, task: task, config: config)
        }
        let trained = try train(task, config: config)
        return try trained.result(config: config)
    }

    /// One built-in task's training, before any probing: what ``run(_:config:)`` probes, and
    /// what a probe scan probes under several settings without training again. Training reads
    /// no probe setting, so the same run serves every one.
    public struct TrainedRun: Sendable {
        public var task: SweepTask
        public var parameterCount: Int
        public var run: TrainingRun

        /// The task's result with the probe settings of `config`: byte for byte what
        /// ``TaskRunner/run(_:config:)`` gives for that configuration.
        public func result(config: SweepConfig) throws -> TaskResult {
            let topologies = try TaskRunner.probe(task: task, parameterCount: parameterCount, gradients: run.gradients, config: config)
            return TaskResult(
                task: task, parameterCount: parameterCount, onsetEpoch: run.onsetEpoch, snapshotEpochs: run.snapshotEpochs,
                loss: run.loss, accuracy: run.accuracy, gini: run.gini, topologies: topologies,
                testAccuracy: run.testAccuracy, trainOnsetEpoch: run.trainOnsetEpoch, indicators: run.indicators)
        }
    }

    /// Trains a built-in task (a program task throws: its training is its own process's).
    public static func train(_ task: SweepTask, config: SweepConfig) throws -> TrainedRun {
        let group = task.group
        guard let trainer = config.trainingTask(named: group.task) else {
            throw Failure(description: "unknown training task \"\(group.task)\"; tasks are \(TaskCatalog.names.joined(separator: ", "))")
        }
        let setup = config.trainingSetup(group)
        do {
            try trainer.validate(width: task.width, setup: setup)
        } catch {
            throw Failure(description: "training configuration for h = \(task.width): \(error)")
        }
        // The legacy group keeps the pre-seam stream addresses; others prefix their axis values.
        let axes = group.streamLabels
        let point: [StreamLabel] = [.int(task.width), .int(task.seedIndex)]
        let streams = TaskStreams(
            initialization: RandomStream(baseSeed: config.seed, labels: ["run"] + axes + point + ["init"]),
            data: RandomStream(baseSeed: config.seed, labels: ["data"] + axes + [.int(task.seedIndex)]),
            order: RandomStream(baseSeed: config.seed, labels: ["order"] + axes + point),
            indicators: RandomStream(baseSeed: config.seed, labels: ["indicators"] + axes + point),
            noise: RandomStream(baseSeed: config.seed, labels: ["noise"] + axes + point))
        let run = trainer.run(width: task.width, setup: setup, streams: streams)
        // The ranges the coordinator enforces, applied here too: a run that leaves them (diverged)
        // fails alike in process and on every worker, so both kinds of sweep report the same.
        if let problem = trainer.physicalRanges(width: task.width).problem(loss: run.loss, accuracy: run.accuracy, testAccuracy: run.testAccuracy) {
            throw Failure(description: "the run left the task's physical ranges: \(problem)")
        }
        return TrainedRun(task: task, parameterCount: trainer.parameterCount(width: task.width), run: run)
    }

    /// Every gradient field of one run, and its Gaussian control, on every topology of the
    /// sweep. The graph, permutation and control streams are addressed by the task's axis
    /// values, width, seed and topology alone, so a built-in task and a program probe alike.
    public static func probe(task: SweepTask, parameterCount n: Int, gradients: [[Double]], config: SweepConfig) throws -> [TopologyCascades] {
        let axes = task.group.streamLabels
        let probeConfig = config.probeConfig
        var topologies: [TopologyCascades] = []
        for name in config.topologies {
            guard let spec = config.graphSpec(name) else {
                throw Failure(description: "unknown topology \"\(name)\"")
            }
            let labels: [StreamLabel] = axes + [.int(task.width), .int(task.seedIndex), .name(name)]
            var graphStream = RandomStream(baseSeed: config.seed, labels: ["graph"] + labels)
            let graph: Graph
            do {
                graph = try GraphGenerator.generate(spec, nodeCount: n, stream: &graphStream)
            } catch {
                throw Failure(description: "cannot build the \(name) graph with N = \(n): \(error)")
            }
            var permutation: [Int]? = nil
            if config.probe.permute {
                var permutationStream = RandomStream(baseSeed: config.seed, labels: ["permutation"] + labels)
                permutation = permutationStream.permutation(count: n)
            }
            var probe = try AvalancheProbe(graph: graph, permutation: permutation)
            let gradient = gradients.map { field in probeField(&probe, field, probeConfig) }
            var control: [FieldCascades] = []
            if config.probe.control {
                var controlStream = RandomStream(baseSeed: config.seed, labels: ["control"] + labels)
                for _ in 0..<config.controlFieldsPerRun {
                    let field = GaussianControl.field(count: n, stream: &controlStream)
                    control.append(probeField(&probe, field, probeConfig))
                }
            }
            topologies.append(TopologyCascades(topology: name, gradient: gradient, control: control))
        }
        return topologies
    }

    private static func probeField(_ probe: inout AvalancheProbe, _ field: [Double], _ config: ProbeConfig) -> FieldCascades {
        do {
            return FieldCascades(cascades: try probe.probe(field: field, config: config))
        } catch {
            return FieldCascades(cascades: [], error: "\(error)")
        }
    }
}
