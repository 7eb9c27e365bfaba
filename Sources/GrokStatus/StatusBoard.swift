import Foundation
import GrokCoordinator
import Synchronization

/// The one place the coordinator's progress meets the status server. The coordinator calls
/// ``publish(_:)`` from its loop (a copy into a mutex, nothing else); a background refresher adds
/// what the journal knows (running leases, failures, quarantines, the partial D(τ) plot) by
/// reading it read-only; the HTTP thread takes a copy with ``snapshot()``. No side waits on the
/// other for longer than a struct copy.
public final class StatusBoard: Sendable {
    private struct State {
        var snapshot = StatusSnapshot()
        /// When this coordinator's first task finished, and how many were finished then: the
        /// rate counts from there, not from the coordinator's start (build, workers joining).
        var firstResult: (at: ContinuousClock.Instant, finished: Int)?
        var startFinished: Int?
    }
    private let state = Mutex(State())
    private let started = ContinuousClock.now

    public init(configurationHash: String, tasksTotal: Int) {
        state.withLock {
            $0.snapshot.configurationHash = configurationHash
            $0.snapshot.tasksTotal = tasksTotal
        }
    }

    /// From the coordinator's progress callback: cheap and non-blocking in practice.
    public func publish(_ p: CoordinatorProgress) {
        let now = ContinuousClock.now
        let elapsedTotal = (now - started).seconds
        state.withLock { s in
            let finished = p.done + p.failed
            if s.startFinished == nil { s.startFinished = finished }
            if s.firstResult == nil, finished > s.startFinished! { s.firstResult = (now, finished) }
            s.snapshot.tasksTotal = p.total
            s.snapshot.done = p.done
            s.snapshot.failed = p.failed
            s.snapshot.leased = p.leased
            s.snapshot.liveWorkers = p.liveWorkers
            s.snapshot.duplicates = p.duplicates
            s.snapshot.elapsedSeconds = elapsedTotal
            s.snapshot.finished = finished >= p.total
            s.snapshot.running = p.holders.flatMap { h in h.tasks.map { StatusSnapshot.Running(task: $0, worker: h.worker, host: h.host) } }
            if let first = s.firstResult, finished > first.finished {
                let elapsed = (now - first.at).seconds
                if elapsed > 0 {
                    let rate = Double(finished - first.finished) / elapsed
                    s.snapshot.tasksPerSecond = rate
                    s.snapshot.etaSeconds = Double(max(0, p.total - finished)) / rate
                }
            }
            if s.snapshot.finished { s.snapshot.etaSeconds = 0 }
        }
    }

    /// From the journal refresher.
    public func update(_ body: (inout StatusSnapshot) -> Void) {
        state.withLock { body(&$0.snapshot) }
    }

    public func snapshot() -> StatusSnapshot {
        var copy = state.withLock { $0.snapshot }
        copy.elapsedSeconds = (ContinuousClock.now - started).seconds
        return copy
    }
}
