import GrokTasks

/// Workers joining, proving alive, leaving, being quarantined; leases ending without a result.
extension Scheduler {
    /// A worker announced itself (READY). A known worker re-announcing keeps its leases.
    /// `principal`: who vouches for its results (its CURVE key, else its host).
    public mutating func register(worker: String, host: String, principal: String? = nil, slots: Int, gpus: Int = 0, now: Double) {
        if workers[worker] == nil {
            var state = WorkerState(
                slots: max(1, slots), host: host, principal: principal ?? host, expiry: now + limits.silenceAllowed, lastHeard: now)
            // A worker that left and came back under its name keeps its record (and its quarantine).
            if let record = departed.removeValue(forKey: worker) { state.health = record }
            state.gpus = max(0, gpus)
            workers[worker] = state
            workerOrder.append(worker)
        } else {
            workers[worker]!.slots = max(1, slots)
            workers[worker]!.gpus = max(0, gpus)
            touch(worker: worker, now: now)
        }
    }

    /// Any message from a known worker proves it alive.
    public mutating func touch(worker: String, now: Double) {
        guard workers[worker] != nil else { return }
        workers[worker]!.expiry = now + limits.silenceAllowed
        workers[worker]!.lastHeard = now
    }

    /// The worker left or can no longer be reached: its leases end. Started ones (see the type's
    /// rules) count as losses; after `maxLosses` a task is failed. Returns the tasks released.
    @discardableResult
    public mutating func remove(worker: String, reason: String) -> [SweepTask] {
        guard let state = workers.removeValue(forKey: worker) else { return [] }
        workerOrder.removeAll { $0 == worker }
        departed[worker] = state.health
        let held = state.leases.compactMap { tasks[$0]?.leases[worker] }.sorted { $0.id < $1.id }
        let started = Set(held.prefix(state.slots).filter { state.lastHeard > $0.issued }.map(\.task))
        for lease in held {
            endLease(lease.task, worker: worker, loss: started.contains(lease.task) ? "worker \(worker) \(reason) while running it" : nil)
        }
        return held.map(\.task)
    }

    /// The worker may take no more tasks: it cannot compute this sweep (another build), or it
    /// fails everything (a black hole). Its leases go back uncharged, and the attempts it charged
    /// to tasks still open are withdrawn: what a quarantined host says about a task is no
    /// evidence. It stays known, so its messages are still answered. Returns the tasks released.
    public mutating func quarantine(worker: String, reason: String) -> [SweepTask] {
        guard let state = workers[worker], !state.health.quarantined else { return [] }
        workers[worker]!.health.quarantined = true
        workers[worker]!.health.quarantineReason = reason
        for task in state.leases { endLease(task, worker: worker, loss: nil) }
        for (task, t) in tasks where (t.status == .pending || t.status == .leased) && t.charges.contains(where: { $0.worker == worker }) {
            tasks[task]!.charges.removeAll { $0.worker == worker }
        }
        return state.leases.sorted()
    }

    /// Live workers that may still be leased tasks.
    var ableWorkers: [String] { workerOrder.filter { !workers[$0]!.health.quarantined } }

    /// The worker hands tasks back unfinished (DISCONNECT): leased again at once, uncharged.
    public mutating func handBack(worker: String, tasks handed: [SweepTask]) {
        for task in handed where tasks[task]?.leases[worker] != nil { endLease(task, worker: worker, loss: nil) }
    }

    /// A TASK never reached the worker: the lease is void.
    public mutating func unlease(task: SweepTask, worker: String) {
        endLease(task, worker: worker, loss: nil)
    }

    mutating func endLease(_ task: SweepTask, worker: String, loss: String?) {
        guard tasks[task]?.leases.removeValue(forKey: worker) != nil else { return }
        workers[worker]?.leases.remove(task)
        if let loss {
            tasks[task]!.losses += 1
            tasks[task]!.lastError = loss
            if tasks[task]!.losses >= limits.maxLosses, tasks[task]!.status != .done {
                tasks[task]!.lastError = "\(loss) (\(tasks[task]!.losses) workers lost while running it; network.max_losses = \(limits.maxLosses))"
                failNow(task)
                return
            }
        }
        refresh(task)
    }

    /// The task fails for good: its leases end, and no worker's streak holds it any more (a
    /// task that fails everywhere says nothing about the hosts that tried it).
    mutating func failNow(_ task: SweepTask) {
        for worker in tasks[task]!.leases.keys { workers[worker]?.leases.remove(task) }
        tasks[task]!.leases = [:]
        open.remove(task)
        setStatus(task, .failed)
        for worker in workerOrder where workers[worker]!.health.streak.contains(task) {
            workers[worker]!.health.streak.removeAll { $0 == task }
        }
    }

    /// Workers silent too long are removed; leases past their deadline end (a loss, uncharged
    /// as an attempt; the holder's result stays welcome). Returns who and what.
    public mutating func expire(now: Double) -> (deadWorkers: [String], expiredLeases: [SweepTask]) {
        let dead = workerOrder.filter { workers[$0]!.expiry < now }
        for worker in dead { remove(worker: worker, reason: "went silent") }
        var expired: [SweepTask] = []
        for task in open.sorted(by: { position[$0]! < position[$1]! }) {
            for lease in currentLeases(of: task) where lease.deadline < now {
                endLease(
                    task, worker: lease.worker, loss: "lease \(lease.id) on \(lease.worker) expired after \(Int(lease.deadline - lease.issued)) s")
                expired.append(task)
            }
        }
        return (dead, expired)
    }
}
