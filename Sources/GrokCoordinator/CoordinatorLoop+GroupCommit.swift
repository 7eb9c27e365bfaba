import Foundation
import GrokProtocol
import GrokSweep

/// Group commits: accepted results (and the turn's leases) are queued and written in one
/// transaction — one fsync — at most ``commitWindow`` after the first of them (or once
/// ``commitBatch`` results wait, even inside one burst of messages), and each result
/// is acknowledged only once its transaction is on disk. Results arrive one by one while tasks
/// last tens of milliseconds, so committing each at once cost the coordinator a transaction and
/// an fsync per result (~0.7 ms of CPU); the window costs a worker nothing, because its next
/// task was leased (prefetched) before the ACK.
extension CoordinatorLoop {
    /// How long an accepted result may wait for its commit (and its ACK). Each commit costs a
    /// fixed ~0.8 ms of CPU (transaction, WAL frames, fsync); at 0.1 s it was a third of the
    /// coordinator's CPU per result with one local worker (~6 results a commit). A longer wait
    /// delays only the ACK: a lost coordinator loses at most this much accepted, unacknowledged
    /// work, which the workers resend.
    static let commitWindow = 0.25
    /// Results that make a commit due at once.
    static let commitBatch = 256

    /// Queues a task's agreed bytes for the next group commit and marks the task done; the
    /// candidate's worker (and those in `others`) hear ACK only once it is on disk.
    mutating func commit(_ task: SweepTask, _ c: CandidateStore.Candidate, verified: String, alsoAcknowledging others: [CandidateStore.Candidate] = []) throws {
        let acks = ([c] + others).filter { $0.principal != LocalVerifier.principal }.map { (worker: $0.worker, lease: $0.lease) }
        try commit(task, bytes: c.bytes, worker: c.worker, principal: c.principal, lease: c.lease, verified: verified, acknowledging: acks)
    }

    /// The same for a result held as its bytes only; `acknowledging`: who hears ACK, by lease.
    mutating func commit(_ task: SweepTask, bytes: Data, worker: String, principal: String, lease: Int, verified: String,
                         acknowledging acks: [(worker: String, lease: Int)]) throws {
        guard journal != nil else { return }
        let host = principal == LocalVerifier.principal ? "coordinator" : scheduler.host(of: worker) ?? "?"
        if pendingSince == nil { pendingSince = now }
        pendingCommits.append(Journal.Commit(task: task, result: bytes, worker: worker, host: host, lease: lease, verified: verified))
        pendingBytes[task] = bytes
        for ack in acks { pendingAcks.append((ack.worker, AckBody(lease: ack.lease, task: task.key, status: .accepted))) }
        scheduler.markDone(task: task)
    }

    /// Leases granted this turn: their TASKs go out now, their journal rows (an audit record,
    /// not needed to resume) with the next group commit.
    mutating func queueLeases(_ leases: [Scheduler.Lease]) {
        guard journal != nil, !leases.isEmpty else { return }
        if pendingSince == nil { pendingSince = now }
        pendingLeases += leases.map { ($0.id, $0.task.key, $0.worker, scheduler.host(of: $0.worker) ?? "?") }
    }

    /// Seconds until the pending group commit is due (nil: nothing pending).
    var commitDueIn: Double? { pendingSince.map { max(0, $0 + CoordinatorLoop.commitWindow - now) } }

    /// Commits what is pending once the oldest of it waited ``commitWindow``, or many results
    /// are pending, or `force` (the sweep is over, or the loop ends).
    mutating func flushIfDue(force: Bool = false) throws {
        guard let due = commitDueIn else { return }
        guard force || due <= 0 || pendingCommits.count >= CoordinatorLoop.commitBatch else { return }
        _ = try flushCommits()
    }

    /// Commits every queued result and lease in one transaction, then acknowledges the results.
    /// A failure (disk full) throws before any of them is acknowledged: their workers resend
    /// them after a resume. Returns the thread CPU seconds it took (0 unless `measuring`).
    @discardableResult
    mutating func flushCommits() throws -> Double {
        pendingSince = nil
        guard let journal, !pendingCommits.isEmpty || !pendingLeases.isEmpty else { return 0 }
        let cpu = measuring ? ThreadCPU.preciseSeconds() : 0
        let results = pendingCommits.count
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
        guard measuring else { return 0 }
        if results > 0 {
            cost.commits += 1
            cost.largestCommit = max(cost.largestCommit, results)
        }
        let spent = ThreadCPU.preciseSeconds() - cpu
        cost.commitCPU += spent
        return spent
    }

}
