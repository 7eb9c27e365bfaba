import GrokTasks

/// What comes back from a lease: results (valid or not), failures, agreement, completion.
extension Scheduler {
    /// What to do with a result that arrived from `worker` for `task`.
    public enum ResultDisposition: Sendable, Equatable {
        /// Validate it, then commit or hold it for agreement.
        case candidate
        /// The task is already done: compare with the committed result.
        case duplicate
        /// Not acceptable: the task was never leased to this worker.
        case refuse(String)
    }

    /// What an attempt charged to a task led to.
    public struct ChargeOutcome: Sendable, Equatable {
        /// The task is now failed for good.
        public var taskFailed = false
        /// The worker was quarantined by this charge: why, and the leases it gave back.
        public var quarantined: (reason: String, released: [SweepTask])? = nil

        public static func == (a: ChargeOutcome, b: ChargeOutcome) -> Bool {
            a.taskFailed == b.taskFailed && a.quarantined?.reason == b.quarantined?.reason && a.quarantined?.released == b.quarantined?.released
        }
    }

    public func disposition(ofResultFrom worker: String, task: SweepTask) -> ResultDisposition {
        guard let t = tasks[task] else { return .refuse("task \(task.key) is not part of this sweep") }
        guard t.leasedTo.contains(worker) else { return .refuse("task \(task.key) was never leased to \(worker)") }
        return t.status == .done ? .duplicate : .candidate
    }

    /// A valid result from `worker` arrived: its lease ends, the task is never leased to it
    /// again, its principal becomes a contributor, the task's time is measured, and the worker's
    /// failure streak ends.
    public mutating func resultReceived(task: SweepTask, worker: String, now: Double) {
        guard tasks[task] != nil else { return }
        if let lease = tasks[task]!.leases[worker] { policy.measure(task, seconds: now - lease.issued) }
        tasks[task]!.excluded.insert(worker)
        if let principal = workers[worker]?.principal { tasks[task]!.contributors.insert(principal) }
        if workers[worker] != nil {
            workers[worker]!.health.results += 1
            workers[worker]!.health.streak = []
        }
        endLease(task, worker: worker, loss: nil)
    }

    /// An invalid result from `worker` (`problem` says why): an explicit bad answer, charged
    /// like a FAILURE, so that a build that computes garbage everywhere fails the task instead of
    /// stalling it, and a host that does so for every task is quarantined.
    @discardableResult
    public mutating func invalidResultReceived(task: SweepTask, worker: String, problem: String, now: Double = 0) -> ChargeOutcome {
        charge(task, worker: worker, error: "invalid result from \(worker): \(problem)", invalid: true, now: now)
    }

    /// The worker reports the task failed. Only a worker holding a lease of it counts.
    @discardableResult
    public mutating func fail(task: SweepTask, worker: String, error: String, now: Double = 0) -> ChargeOutcome {
        charge(task, worker: worker, error: error, invalid: false, now: now)
    }

    private mutating func charge(_ task: SweepTask, worker: String, error: String, invalid: Bool, now: Double) -> ChargeOutcome {
        guard let t = tasks[task], t.leases[worker] != nil, t.status == .leased || t.status == .pending, let w = workers[worker] else {
            return ChargeOutcome()
        }
        var outcome = ChargeOutcome()
        tasks[task]!.charges.append(Charge(worker: worker, principal: w.principal))
        tasks[task]!.lastError = error
        if invalid { workers[worker]!.health.invalidResults += 1 } else { workers[worker]!.health.failures += 1 }
        if !workers[worker]!.health.streak.contains(task) { workers[worker]!.health.streak.append(task) }
        if hasFailedForGood(task) {
            failNow(task)
            outcome.taskFailed = true
        } else {
            endLease(task, worker: worker, loss: nil)
        }
        tasks[task]!.lastChargeAt = now
        outcome.quarantined = reviewHealth(of: worker)
        return outcome
    }

    /// A quarantine decided by ``reviewHealth()``.
    public struct Quarantine: Sendable, Equatable {
        public var worker: String
        public var reason: String
        public var released: [SweepTask]
    }

    /// Quarantines every worker with `quarantineAfter` failures in a row while another worker is
    /// able to compute (called each turn: a black hole that was alone is quarantined as soon as
    /// an honest worker joins).
    public mutating func reviewHealth() -> [Quarantine] {
        workerOrder.compactMap { worker in reviewHealth(of: worker).map { Quarantine(worker: worker, reason: $0.reason, released: $0.released) } }
    }

    private mutating func reviewHealth(of worker: String) -> (reason: String, released: [SweepTask])? {
        guard let health = workers[worker]?.health, !health.quarantined, health.streak.count >= limits.quarantineAfter,
            ableWorkers.contains(where: { $0 != worker })
        else { return nil }
        let reason =
            "it failed \(health.streak.count) tasks in a row with no valid result between them (network.quarantine_after = \(limits.quarantineAfter))"
        return (reason, quarantine(worker: worker, reason: reason))
    }

    /// Failed on `maxAttempts` distinct principals; or `maxAttempts` times in all when no able
    /// worker of another principal is there to try it.
    func hasFailedForGood(_ task: SweepTask) -> Bool {
        let t = tasks[task]!
        let principals = Set(t.charges.map(\.principal))
        if principals.count >= limits.maxAttempts { return true }
        guard t.attempts >= limits.maxAttempts else { return false }
        return !ableWorkers.contains { !principals.contains(workers[$0]!.principal) }
    }

    /// The largest group of agreeing results now held for the task.
    public mutating func recordSupport(task: SweepTask, support: Int) {
        guard tasks[task] != nil else { return }
        tasks[task]!.support = support
        refresh(task)
    }

    /// Support expected from outside the workers (the coordinator recomputes it); 0 ends it.
    public mutating func reserve(task: SweepTask, _ count: Int) {
        guard tasks[task] != nil else { return }
        tasks[task]!.reserved = count
        refresh(task)
    }

    /// A result of the coordinator's own (spot check): one more contributor.
    public mutating func addLocalContributor(task: SweepTask, principal: String) {
        tasks[task]?.contributors.insert(principal)
    }

    public func contributorCount(of task: SweepTask) -> Int { tasks[task]?.contributors.count ?? 0 }

    /// The task's result is committed to the journal: it is done, whoever else holds it.
    public mutating func markDone(task: SweepTask) {
        guard let t = tasks[task] else { return }
        for worker in t.leases.keys { workers[worker]?.leases.remove(task) }
        tasks[task]!.leases = [:]
        open.remove(task)
        setStatus(task, .done)
    }

    /// The task cannot be committed (e.g. no agreement among its results): failed for good.
    public mutating func giveUp(task: SweepTask, error: String) {
        guard let t = tasks[task], t.status == .pending || t.status == .leased else { return }
        tasks[task]!.lastError = error
        failNow(task)
    }
}
