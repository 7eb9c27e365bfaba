import GrokTasks

/// Handing out leases: pending tasks in order, healthy workers first; backups for the tail.
extension Scheduler {
    func capacity(_ w: WorkerState) -> Int {
        policy.capacity(slots: w.slots, quarantined: w.health.quarantined, onProbation: w.health.onProbation)
    }

    /// Whether `worker` may take `t`. A worker that failed the task gets it again only while no
    /// live worker that has not failed it could take it (a one-host sweep retries in place).
    func eligible(_ worker: String, _ w: WorkerState, for t: TaskState, now: Double) -> Bool {
        if t.leases[worker] != nil || t.excluded.contains(worker) { return false }
        if t.needsGPU && w.gpus == 0 { return false }
        if t.required > 1 || t.reserved > 0 {
            if t.contributors.contains(w.principal) { return false }
            if t.leases.keys.contains(where: { workers[$0]?.principal == w.principal }) { return false }
        }
        guard !t.charges.isEmpty else { return true }
        let failingWorkers = Set(t.charges.map(\.worker))
        if failingWorkers.contains(worker) {
            if now < t.lastChargeAt + limits.retryDelay { return false }
            return !ableWorkers.contains { !failingWorkers.contains($0) && !t.excluded.contains($0) && mayHost($0, t) }
        }
        // Another host first: a failure on this worker's host may be the host's.
        let failingPrincipals = Set(t.charges.map(\.principal))
        if failingPrincipals.contains(w.principal) {
            return !ableWorkers.contains { !failingPrincipals.contains(workers[$0]!.principal) && !t.excluded.contains($0) && mayHost($0, t) }
        }
        return true
    }

    /// Whether a worker has what the task needs (a GPU for a program that requires one).
    func mayHost(_ worker: String, _ t: TaskState) -> Bool {
        !t.needsGPU || (workers[worker]?.gpus ?? 0) > 0
    }

    /// Workers in the order they are served: healthy ones first, those on probation after, so
    /// that a host failing everything in milliseconds does not win the race for work.
    var servingOrder: [String] {
        let healthy = workerOrder.filter { !workers[$0]!.health.onProbation }
        return healthy + workerOrder.filter { workers[$0]!.health.onProbation }
    }

    /// Leases pending tasks to workers with room, in hand-out order, workers in turn; then backup
    /// leases of tasks in progress to workers with a free slot.
    public mutating func assign(now: Double) -> [Lease] {
        var granted: [Lease] = []
        var progress = true
        let serving = servingOrder
        while progress {
            progress = false
            for worker in serving {
                guard let w = workers[worker], w.leases.count < capacity(w), let task = nextPending(for: worker, w, now: now) else { continue }
                granted.append(lease(task, to: worker, now: now))
                progress = true
            }
        }
        // Backups only once nothing is pending: they are for the tail and for hoarders.
        if count(.pending) == 0 && count(.leased) > 0 && !open.isEmpty {
            for worker in serving {
                guard let w = workers[worker],
                    policy.mayTakeBackup(slots: w.slots, quarantined: w.health.quarantined, onProbation: w.health.onProbation, held: w.leases.count)
                else { continue }
                // The oldest task in progress with a single active lease that is overdue: held
                // longer than the slowest measured task of its group (or none was measured yet),
                // so that an honest sweep's tail is not computed twice for nothing.
                let candidates = open.filter { task in
                    guard let t = tasks[task], t.status == .leased, t.leases.count == 1, let lease = t.leases.values.first else { return false }
                    if !policy.isOverdue(task, heldFor: now - lease.issued) { return false }
                    return eligible(worker, w, for: t, now: now)
                }
                guard let task = candidates.min(by: { tasks[$0]!.leases.values.first!.id < tasks[$1]!.leases.values.first!.id }) else { continue }
                granted.append(lease(task, to: worker, now: now))
            }
        }
        return granted
    }

    mutating func lease(_ task: SweepTask, to worker: String, now: Double) -> Lease {
        let lease = Lease(id: nextLeaseID, task: task, worker: worker, deadline: now + leaseDuration(of: task), issued: now)
        nextLeaseID += 1
        tasks[task]!.leases[worker] = lease
        tasks[task]!.leasedTo.insert(worker)
        workers[worker]!.leases.insert(task)
        refresh(task)
        return lease
    }

    mutating func nextPending(for worker: String, _ w: WorkerState, now: Double) -> SweepTask? {
        while pendingCursor < order.count, tasks[order[pendingCursor]]!.status != .pending { pendingCursor += 1 }
        var i = pendingCursor
        while i < order.count {
            let t = tasks[order[i]]!
            if t.status == .pending && eligible(worker, w, for: t, now: now) { return order[i] }
            i += 1
        }
        return nil
    }
}
