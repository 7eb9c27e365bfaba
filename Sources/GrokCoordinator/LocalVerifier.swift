import Foundation
import GrokConfig
import GrokRunner
import GrokTasks
import Synchronization

/// Spot checks: the coordinator recomputes chosen tasks itself, one at a time on a background
/// thread (the socket loop never blocks on science), with the same ``TaskRunner`` as workers.
/// The loop collects finished recomputations with ``finished()`` on each turn.
final class LocalVerifier: Sendable {
    /// The principal of the coordinator's own results.
    static let principal = "coordinator"

    private let config: SweepConfig
    private let queue = Mutex<(waiting: [SweepTask], done: [Recomputed], running: Bool)>(([], [], false))

    /// One finished recomputation: its canonical bytes and value, or the error.
    struct Recomputed: Sendable {
        var task: SweepTask
        var bytes: Data?
        var result: TaskResult?
        var error: String?
    }

    init(config: SweepConfig) { self.config = config }

    /// Queues `task` for recomputation.
    func submit(_ task: SweepTask) {
        let start = queue.withLock { state -> Bool in
            state.waiting.append(task)
            if state.running { return false }
            state.running = true
            return true
        }
        if start { startThread() }
    }

    /// Recomputations finished since the last call: canonical result bytes, or the error.
    func finished() -> [Recomputed] {
        queue.withLock { state in
            defer { state.done = [] }
            return state.done
        }
    }

    private func startThread() {
        let config = self.config
        let thread = Thread { [self] in
            while let task = queue.withLock({ state -> SweepTask? in
                if state.waiting.isEmpty { state.running = false; return nil }
                return state.waiting.removeFirst()
            }) {
                let outcome: Recomputed
                do {
                    let result = try TaskRunner.run(task, config: config)
                    outcome = Recomputed(task: task, bytes: TaskResult.canonicalBytes(result), result: result, error: nil)
                } catch {
                    outcome = Recomputed(task: task, bytes: nil, result: nil, error: "\(error)")
                }
                queue.withLock { $0.done.append(outcome) }
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
