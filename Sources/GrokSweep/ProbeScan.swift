import GrokConfig
import GrokProbe
import GrokRunner
import GrokTasks
import Synchronization

/// The probe's own systematics (method §7): every run of a configuration trained once, then
/// probed under every probe setting of a scan (c, q, topology, mode) from the same gradient
/// snapshots, without training again. Each setting's results are byte for byte those of a sweep
/// run with that setting (``ProbeScan/configuration(_:for:)``), so its report is that sweep's.
public enum ProbeScan {
    public struct Setting: Sendable, Hashable {
        public var conservation: Double
        public var quantile: Double
        public var topology: String
        public var mode: ProbeMode

        public init(conservation: Double, quantile: Double, topology: String, mode: ProbeMode) {
            self.conservation = conservation
            self.quantile = quantile
            self.topology = topology
            self.mode = mode
        }

        /// A folder-safe name, e.g. "c0.9-q0.9-ba-global".
        public var label: String { "c\(conservation)-q\(quantile)-\(topology)-\(mode.rawValue)" }
    }

    public struct Outcome: Sendable {
        public var setting: Setting
        public var config: SweepConfig
        public var results: [TaskResult]
        public var failures: [TaskFailure]
    }

    /// `base` with one setting's probe: c, q, mode, the one topology (primary), first waves on
    /// (the branching ratio is half of what a scan is for).
    public static func configuration(_ base: SweepConfig, for s: Setting) -> SweepConfig {
        var c = base
        c.probe.conservation = s.conservation
        c.probe.quantile = s.quantile
        c.probe.mode = s.mode
        c.probe.branching = true
        c.topologies = [s.topology]
        c.primaryTopology = s.topology
        return c
    }

    /// Every (setting × task): each task trained once on `threads` threads, widest first.
    public static func run(
        base: SweepConfig, settings: [Setting], threads: Int, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) -> [Outcome] {
        let configs = settings.map { configuration(base, for: $0) }
        let tasks = base.tasks.sorted { ($0.width, -$0.seedIndex) > ($1.width, -$1.seedIndex) }
        let slots = Slots<[Result<TaskResult, TaskRunnerError>]>(count: tasks.count)
        let finished = Atomic<Int>(0)
        InProcessSweep.forEachIndex(tasks.count, threads: threads) { i in
            do {
                let trained = try TaskRunner.train(tasks[i], config: base)
                slots[i] = configs.map { c in Result { try trained.result(config: c) }.mapError { TaskRunnerError(message: "\($0)") } }
            } catch {
                slots[i] = configs.map { _ in .failure(TaskRunnerError(message: "\(error)")) }
            }
            progress?(finished.wrappingAdd(1, ordering: .relaxed).newValue, tasks.count)
        }
        return settings.enumerated().map { k, setting in
            var results: [TaskResult] = [], failures: [TaskFailure] = []
            for (i, task) in tasks.enumerated() {
                switch slots[i]![k] {
                case .success(let r): results.append(r)
                case .failure(let e): failures.append(TaskFailure(task: task, error: e.message, attempts: 1))
                }
            }
            return Outcome(
                setting: setting, config: configs[k], results: results.sorted { $0.task < $1.task }, failures: failures.sorted { $0.task < $1.task })
        }
    }
}
