import Foundation
import GrokProtocol
import GrokSweep

/// Group commits: accepted results (and the turn's leases) are queued and written in one
/// transaction — one fsync — at most ``commitWindow`` after the first of them, and each result
/// is acknowledged only once its transaction is on disk. Results arrive one by one while tasks
/// last tens of milliseconds, so committing each at once cost the coordinator a transaction and
/// an fsync per result (~0.7 ms of CPU); the window costs a worker nothing, because its next
/// task was leased (prefetched) before the ACK.
extension CoordinatorLoop {
    /// How long an accepted result may wait for its commit (and its ACK).
    static let commitWindow = 0.1
    /// Results that make a commit due at once.
    static let commitBatch = 256

    /// Queues a task's agreed bytes for the next group commit and marks the task done; the
    /// candidate's worker (and those in `others`) hear ACK only once it is on disk.
    mutating func commit(_ key: String, _ c: CandidateStore.Candidate, verified: String, alsoAcknowledging others: [CandidateStore.Candidate] = []) throws {
        guard journal != nil, let task = SweepTask(key: key) else { return }
        let host = c.principal == LocalVerifier.principal ? "coordinator" : scheduler.host(of: c.worker) ?? "?"
        if pendingSince == nil { pendingSince = now }
        pendingCommits.append(Journal.Commit(task: task, result: c.bytes, worker: c.worker, host: host, lease: c.lease, verified: verified))
        pendingBytes[key] = c.bytes
        for member in [c] + others where member.principal != LocalVerifier.principal {
            pendingAcks.append((member.worker, AckBody(lease: member.lease, task: key, status: .accepted)))
        }
        scheduler.markDone(task: key)
    }

    /// Leases granted this turn: their TASKs go out now, their journal rows (an audit record,
    /// not needed to resume) with the next group commit.
    mutating func queueLeases(_ leases: [Scheduler.Lease]) {
        guard journal != nil, !leases.isEmpty else { return }
        if pendingSince == nil { pendingSince = now }
        pendingLeases += leases.map { ($0.id, $0.task, $0.worker, scheduler.host(of: $0.worker) ?? "?") }
    }

    /// Seconds until the pending group commit is due (nil: nothing pending).
    var commitDueIn: Double? { pendingSince.map { max(0, $0 + CoordinatorLoop.commitWindow - now) } }

    /// Commits what is pending once the oldest of it waited ``commitWindow``, or many results
    /// are pending, or `force` (the sweep is over, or the loop ends).
    mutating func flushIfDue(force: Bool = false) throws {
        guard let due = commitDueIn else { return }
        guard force || due <= 0 || pendingCommits.count >= CoordinatorLoop.commitBatch else { return }
        try flushCommits()
    }

    /// Commits every queued result and lease in one transaction, then acknowledges the results.
    /// A failure (disk full) throws before any of them is acknowledged: their workers resend
    /// them after a resume.
    mutating func flushCommits() throws {
        pendingSince = nil
        guard let journal, !pendingCommits.isEmpty || !pendingLeases.isEmpty else { return }
        let started = ContinuousClock.now
        let leases = pendingLeases
        pendingLeases = []
        try journal.commit(pendingCommits, leases: leases)
        logger.debug("committed \(pendingCommits.count) result(s), \(pendingCommits.reduce(0) { $0 + $1.result.count }) bytes, in one transaction of \((ContinuousClock.now - started).seconds * 1000) ms")
        pendingCommits = []
        pendingBytes = [:]
        let acks = pendingAcks
        pendingAcks = []
        for (worker, ack) in acks { send(.ack(ack), to: worker) }
    }

}
