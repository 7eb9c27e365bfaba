import Foundation
import GrokProtocol
import GrokTasks

/// Group commits (the rule is ``CommitQueue``'s): results and leases are queued there and
/// written here in one transaction; ACKs leave only once it is on disk.
extension CoordinatorLoop {
    /// Queues a task's agreed bytes for the next group commit and marks the task done; the
    /// candidate's worker (and those in `others`) hear ACK only once it is on disk.
    mutating func commit(
        _ task: SweepTask, _ c: CandidateStore.Candidate, verified: String, alsoAcknowledging others: [CandidateStore.Candidate] = []
    ) throws {
        let acks = ([c] + others).filter { $0.principal != LocalVerifier.principal }.map { (worker: $0.worker, lease: $0.lease) }
        try commit(task, bytes: c.bytes, worker: c.worker, principal: c.principal, lease: c.lease, verified: verified, acknowledging: acks)
    }

    /// The same for a result held as its bytes only; `acknowledging`: who hears ACK, by lease.
    mutating func commit(
        _ task: SweepTask, bytes: Data, worker: String, principal: String, lease: Int, verified: String,
        acknowledging acks: [(worker: String, lease: Int)]
    ) throws {
        guard journal != nil else { return }
        let host = principal == LocalVerifier.principal ? "coordinator" : scheduler.host(of: worker) ?? "?"
        core.commits.add(
            Journal.Commit(task: task, result: bytes, worker: worker, host: host, lease: lease, verified: verified),
            acknowledging: acks.map { ($0.worker, AckBody(lease: $0.lease, task: task.key, status: .accepted)) }, now: now)
        scheduler.markDone(task: task)
    }

    /// Commits every queued result and lease in one transaction, then acknowledges the results.
    /// A failure (disk full) throws before any of them is acknowledged: their workers resend
    /// them after a resume. Returns the thread CPU seconds it took (0 outside the task phase).
    @discardableResult
    mutating func flushCommits() throws -> Double {
        let batch = core.commits.take()
        guard let journal, !batch.isEmpty else { return 0 }
        let cpu = meter.clock()
        let started = ContinuousClock.now
        try journal.commit(batch.results, leases: batch.leases)
        logger.debug(
            "committed \(batch.results.count) result(s), \(batch.results.reduce(0) { $0 + $1.result.count }) bytes, in one transaction of \((ContinuousClock.now - started).seconds * 1000) ms"
        )
        for (worker, ack) in batch.acks { send(.ack(ack), to: worker) }
        return meter.committed(batch.results.count, since: cpu)
    }
}
