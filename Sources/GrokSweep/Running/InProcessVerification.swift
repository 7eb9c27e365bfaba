import Dispatch
import Synchronization

extension InProcessSweep {
    /// The in-process run honours network.replication and network.spot_check the only way one
    /// process can: it computes each such task again (replication − 1 times, or once for a spot
    /// check) and compares the bytes, so that its provenance states the same verification as a
    /// distributed run's, and states it truthfully. A disagreement fails the task.
    public static func verify(_ outcome: Outcome, config: SweepConfig, threads: Int) -> (outcome: Outcome, verification: Provenance.Verification?) {
        let jobs: [(index: Int, repeats: Int)] = outcome.results.enumerated().compactMap { i, r in
            let repeats = VerificationPolicy.required(r.task, config: config) - 1
            return repeats > 0 ? (i, repeats) : nil
        }
        let agreed = Mutex([Bool](repeating: true, count: outcome.results.count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, jobs.count))) { _ in
            while true {
                let j = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard j < jobs.count else { return }
                let original = outcome.results[jobs[j].index]
                let reference = TaskResult.canonicalJSON(original)
                for _ in 0..<jobs[j].repeats {
                    let again = (try? TaskRunner.run(original.task, config: config)).map(TaskResult.canonicalJSON)
                    if again != reference { agreed.withLock { $0[jobs[j].index] = false } }
                }
            }
        }
        let ok = agreed.withLock { $0 }
        var results: [TaskResult] = []
        var failures = outcome.failures
        var replicated = 0, spot = 0
        for (i, r) in outcome.results.enumerated() {
            guard ok[i] else {
                failures.append(TaskFailure(task: r.task, error: "determinism fault: recomputing it in this process gave different bytes", attempts: 1))
                continue
            }
            results.append(r)
            if VerificationPolicy.isSpotChecked(r.task, config: config) { spot += 1 } else if config.network.replication > 1 { replicated += 1 }
        }
        return (Outcome(results: results, failures: failures.sorted { $0.task < $1.task }),
                Provenance.Verification(config: config, replicated: replicated, spotChecked: spot))
    }
}
