import GrokConfig
import GrokReportModel
import GrokRunner
import GrokTasks
import Synchronization

extension InProcessSweep {
    /// A streamed in-process sweep: each result was folded into the report input as it
    /// arrived; what is kept of it besides is its binary record (TaskResult+Binary.swift, ~5 KB
    /// against the decoded result's cascades), so the per-cascade file can still be written in
    /// canonical order at the end.
    public struct Streamed: Sendable {
        public var input: ReportInput
        /// The reported results' binary records, in canonical task order.
        public var records: [[UInt8]]
        public var failures: [TaskFailure]
        public var verification: Provenance.Verification?
    }

    /// ``run(config:threads:progress:)`` then ``verify(_:config:threads:)``, streamed: the same
    /// tasks fail, the same results are reported and the provenance states the same
    /// verification. A task that needs no recomputation is folded as soon as it finishes; one
    /// that does (network.replication, network.spot_check) once it has agreed with itself.
    public static func runStreamed(
        config: SweepConfig, threads: Int,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) -> Streamed {
        // Widest first: the longest tasks start early, so threads finish together.
        let tasks = config.tasks.sorted { ($0.width, -$0.seedIndex) > ($1.width, -$1.seedIndex) }
        let slots = Slots<Result<[UInt8], TaskRunnerError>>(count: tasks.count)
        let empty = ReportInput(config: config)
        let input = Mutex(empty)
        let finished = Atomic<Int>(0)
        forEachIndex(tasks.count, threads: threads) { i in
            let outcome = Result { try TaskRunner.run(tasks[i], config: config) }.mapError { TaskRunnerError(message: "\($0)") }
            if case .success(let r) = outcome, VerificationPolicy.required(r.task, config: config) <= 1 {
                // Folded on this thread, added under the lock; each task runs once: never a duplicate.
                let folded = empty.contribution(of: r)
                input.withLock { try? $0.add(folded) }
            }
            slots[i] = outcome.map(TaskResult.binaryRecord)
            let done = finished.wrappingAdd(1, ordering: .relaxed).newValue
            progress?(done, tasks.count)
        }
        // Recompute what must be verified; a disagreement fails the task.
        let jobs: [Int] = tasks.indices.filter { i in
            if case .success = slots[i]! { return VerificationPolicy.required(tasks[i], config: config) > 1 }
            return false
        }
        let agreed = Mutex([Bool](repeating: true, count: tasks.count))
        forEachIndex(jobs.count, threads: threads) { j in
            // A record this process wrote always decodes.
            guard case .success(let bytes) = slots[jobs[j]]!, let original = try? TaskResult.decodeBinary(bytes),
                agreesWithItself(original, config: config)
            else {
                agreed.withLock { $0[jobs[j]] = false }
                return
            }
            let folded = empty.contribution(of: original)
            input.withLock { try? $0.add(folded) }
        }
        let ok = agreed.withLock { $0 }
        var records: [(SweepTask, [UInt8])] = []
        var failures: [TaskFailure] = []
        for (i, task) in tasks.enumerated() {
            switch slots[i]! {
            case .failure(let e):
                failures.append(TaskFailure(task: task, error: e.message, attempts: 1))
            case .success(let bytes):
                guard ok[i] else {
                    failures.append(determinismFault(task))
                    continue
                }
                records.append((task, bytes))
            }
        }
        return Streamed(
            input: input.withLock { $0 }, records: records.sorted { $0.0 < $1.0 }.map(\.1),
            failures: failures.sorted { $0.task < $1.task },
            verification: verification(of: records.map(\.0), config: config))
    }
}
