import GrokTasks

/// The coordinator's timed decisions, without sockets, journal or clock: given the time, what
/// to do this turn. The socket loop (``CoordinatorLoop``) feeds it the time and performs the
/// effects in the order returned; tests drive it with controlled time.
///
/// Owns the ``Scheduler`` (leases, expiry, retries, quarantine), the ``CommitQueue`` (group
/// commits and the ACKs they hold back), when each worker last heard from us (heartbeats), the
/// ``SweepEnding`` (DONE grace) and the ``IdleAccounting``.
public struct CoordinatorCore {
    public var scheduler: Scheduler
    public var commits = CommitQueue()
    public var ending: SweepEnding
    public var idle = IdleAccounting()
    /// When each worker was last sent anything (a heartbeat is due an interval after it).
    public private(set) var lastSent: [String: Double] = [:]
    /// When the first lease went out (nil: none yet): the task phase starts there.
    public private(set) var firstLeaseAt: Double? = nil
    private var nextExpiryScan = 0.0
    private var reportedFailures = 0
    public var heartbeatInterval: Double { scheduler.limits.heartbeatInterval }
    /// Seconds between scans for silent workers and expired leases: their deadlines are
    /// seconds long, so they are scanned on a timer, not per message.
    public static let expiryScanPeriod = 0.05

    public init(scheduler: Scheduler, resumed: Bool, doneGraceSeconds: Double) {
        self.scheduler = scheduler
        ending = SweepEnding(resumed: resumed, graceSeconds: doneGraceSeconds, silenceAllowed: scheduler.limits.silenceAllowed)
    }

    /// What a turn asks the loop to do, in order.
    public enum Effect: Equatable {
        /// A worker went silent while the sweep ran: forget it, log and journal the loss
        /// (its leases are pending again).
        case workerLost(String)
        /// A worker went silent after the sweep ended: it simply left.
        case workerLeft(String)
        /// A lease ran out; the task is pending again.
        case leaseExpired(SweepTask)
        /// A worker is quarantined: tell it, log and journal why.
        case quarantine(Scheduler.Quarantine)
        /// The commit queue is due: commit it in one transaction, then send its ACKs.
        case commit
        /// A task failed for good (all attempts used): journal it.
        case failedForGood(task: SweepTask, error: String, attempts: Int)
        /// Send TASK for this lease.
        case lease(Scheduler.Lease)
        /// Send HEARTBEAT to this worker.
        case heartbeat(String)
        /// Every task is done or failed: DONE to every live worker, then the report.
        case finish
        /// The DONE grace is over: leave the loop.
        case stop
    }

    /// The decisions of one turn at time `now` (seconds since the coordinator started).
    /// `journaled`: leases get audit rows in the commit queue (not in a no-op benchmark).
    public mutating func tick(now t: Double, journaled: Bool = true) -> [Effect] {
        var effects: [Effect] = []
        if t >= nextExpiryScan {
            nextExpiryScan = t + Self.expiryScanPeriod
            let (dead, expired) = scheduler.expire(now: t)
            for worker in dead {
                lastSent[worker] = nil
                if ending.finishedAt != nil {
                    effects.append(.workerLeft(worker))
                    continue
                }
                if scheduler.health(of: worker)?.quarantined != true { ending.workersLost += 1 }  // a quarantined worker is not coming back
                effects.append(.workerLost(worker))
            }
            effects += expired.map(Effect.leaseExpired)
        }
        // A black hole that was alone is quarantined once another worker can compute.
        effects += scheduler.reviewHealth().map(Effect.quarantine)
        let leases = scheduler.assign(now: t)
        if journaled {
            commits.add(leases: leases.map { ($0.id, $0.task.key, $0.worker, scheduler.host(of: $0.worker) ?? "?") }, now: t)
        }
        idle.account(now: t, scheduler: scheduler, counting: firstLeaseAt != nil && ending.finishedAt == nil)
        // The report is written from the journal: everything is committed before it.
        if commits.isDue(now: t, force: scheduler.isFinished) { effects.append(.commit) }
        for f in scheduler.failures.dropFirst(reportedFailures) {
            reportedFailures += 1
            effects.append(.failedForGood(task: f.task, error: f.error, attempts: f.attempts))
        }
        if !leases.isEmpty, firstLeaseAt == nil { firstLeaseAt = t }
        effects += leases.map(Effect.lease)
        // After the sweep, workers are leaving: DONE was their last word from us.
        if ending.finishedAt == nil {
            let leased = Set(leases.map(\.worker))
            for worker in scheduler.liveWorkers where !leased.contains(worker) && t - (lastSent[worker] ?? 0) >= heartbeatInterval {
                effects.append(.heartbeat(worker))
            }
            if scheduler.isFinished {
                ending.finishedAt = t
                effects.append(.finish)
            }
        }
        if ending.shouldStop(now: t, liveWorkers: scheduler.liveWorkers.count) { effects.append(.stop) }
        return effects
    }

    /// Records that `worker` was sent a message at `now`.
    public mutating func sent(to worker: String, at now: Double) { lastSent[worker] = now }

    /// Forgets a worker's send time (it left, or was forgotten).
    public mutating func forget(_ worker: String) { lastSent[worker] = nil }

    /// Seconds until the next timed decision is due (the loop's poll timeout).
    public func nextDecisionIn(now: Double) -> Double {
        min(heartbeatInterval / 2, 0.25, commits.dueIn(now: now) ?? .infinity)
    }
}
