import GrokConfig
import GrokTasks
import Synchronization

/// Runs a ``ProgramSpec`` for one task: starts the user's program, reads what it recorded and
/// probes it (``TaskRunner/probe(task:parameterCount:gradients:config:)``).
public protocol ProgramExecutor: Sendable {
    func run(_ program: ProgramSpec, task: SweepTask, config: SweepConfig) throws -> TaskResult
}

/// The process-wide program executor, installed once at start-up by the executable (as
/// swift-log's `LoggingSystem.bootstrap` installs a log handler). Running a program means
/// processes, files and clocks, which the configuration and the science cores must not link;
/// this seam keeps them out while every caller of ``TaskRunner/run(_:config:)`` — the
/// in-process sweep, workers, the coordinator's spot checks — runs program tasks alike.
public enum ProgramExecution {
    private static let executor = Mutex<(any ProgramExecutor)?>(nil)

    public static func bootstrap(_ e: any ProgramExecutor) {
        executor.withLock { $0 = e }
    }

    public static var installed: (any ProgramExecutor)? { executor.withLock { $0 } }
}
