import Dispatch
import GrokConfig
import GrokRunner
import GrokTasks
import Synchronization

/// Runs a whole sweep in this process on `threads` threads. Results land in per-task slots and
/// the report sorts them, so the thread count and completion order never change a number.
public enum InProcessSweep {
    public struct Outcome: Sendable {
        public var results: [TaskResult]
        public var failures: [TaskFailure]
    }

    public static func run(
        config: SweepConfig, threads: Int,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) -> Outcome {
        // Widest first: the longest tasks start early, so threads finish together.
        let tasks = config.tasks.sorted { ($0.width, -$0.seedIndex) > ($1.width, -$1.seedIndex) }
        let slots = Slots<Result<TaskResult, TaskRunnerError>>(count: tasks.count)
        let finished = Atomic<Int>(0)
        forEachIndex(tasks.count, threads: threads) { i in
            slots[i] = Result { try TaskRunner.run(tasks[i], config: config) }
                .mapError { TaskRunnerError(message: "\($0)") }
            let done = finished.wrappingAdd(1, ordering: .relaxed).newValue
            progress?(done, tasks.count)
        }
        var results: [TaskResult] = []
        var failures: [TaskFailure] = []
        for (i, task) in tasks.enumerated() {
            switch slots[i]! {
            case .success(let r): results.append(r)
            case .failure(let e): failures.append(TaskFailure(task: task, error: e.message, attempts: 1))
            }
        }
        return Outcome(results: results.sorted { $0.task < $1.task }, failures: failures.sorted { $0.task < $1.task })
    }

    /// `body(i)` for every i in 0..<count on up to `threads` threads, each thread taking the next
    /// index as it finishes one (long tasks first keep them busy together).
    static func forEachIndex(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                body(i)
            }
        }
    }
}

struct TaskRunnerError: Error, Sendable { var message: String }
