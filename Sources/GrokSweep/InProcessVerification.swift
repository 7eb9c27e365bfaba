import GrokConfig
import GrokReportModel
import GrokRunner
import GrokTasks
import Synchronization

extension InProcessSweep {
    /// The in-process run honours network.replication and network.spot_check the only way one
    /// process can: it computes each such task again (replication − 1 times, or once for a spot
    /// check) and compares the bytes, so that its provenance states the same verification as a
    /// distributed run's, and states it truthfully. A disagreement fails the task.
    public static func verify(_ outcome: Outcome, config: SweepConfig, threads: Int) -> (outcome: Outcome, verification: Provenance.Verification?) {
        let jobs = outcome.results.indices.filter { VerificationPolicy.required(outcome.results[$0].task, config: config) > 1 }
        let agreed = Mutex([Bool](repeating: true, count: outcome.results.count))
        forEachIndex(jobs.count, threads: threads) { j in
            if !agreesWithItself(outcome.results[jobs[j]], config: config) { agreed.withLock { $0[jobs[j]] = false } }
        }
        let ok = agreed.withLock { $0 }
        var results: [TaskResult] = []
        var failures = outcome.failures
        for (i, r) in outcome.results.enumerated() {
            guard ok[i] else {
                failures.append(determinismFault(r.task))
                continue
            }
            results.append(r)
        }
        return (
            Outcome(results: results, failures: failures.sorted { $0.task < $1.task }),
            verification(of: results.map(\.task), config: config)
        )
    }

    /// Whether `original` comes out byte-identical every time it is computed again
    /// (VerificationPolicy.required − 1 times; each recomputation is run).
    static func agreesWithItself(_ original: TaskResult, config: SweepConfig) -> Bool {
        var same = true
        for _ in 0..<(VerificationPolicy.required(original.task, config: config) - 1) {
            guard let again = try? TaskRunner.run(original.task, config: config) else { same = false; continue }
            if !ResultAgreement.agree(original, again, config: config) { same = false }
        }
        return same
    }

    /// The failure of a task whose recomputation disagreed with it.
    static func determinismFault(_ task: SweepTask) -> TaskFailure {
        TaskFailure(task: task, error: "determinism fault: recomputing it in this process gave different bytes", attempts: 1)
    }

    /// The provenance's verification counts over the reported tasks.
    static func verification(of reported: [SweepTask], config: SweepConfig) -> Provenance.Verification? {
        var replicated = 0, spot = 0
        for task in reported {
            if VerificationPolicy.isSpotChecked(task, config: config) { spot += 1 } else if config.network.replication > 1 { replicated += 1 }
        }
        return Provenance.Verification(config: config, replicated: replicated, spotChecked: spot)
    }
}
