/// The coordinator's bookkeeping of tasks, workers and leases — a pure state machine.
///
/// Time comes in as seconds on a monotonic clock, so every rule below is tested without sockets
/// or sleeping. The rules (PROTOCOL.md, "Liveness" and "Attempts"):
/// - Only a FAILURE the worker reports (or an invalid result) counts toward `maxAttempts`. A worker lost (silent,
///   unreachable) or a lease expired ends the lease *uncharged*; such losses count toward the
///   separate `maxLosses`, and only for leases the worker had started: among its `slots`
///   oldest leases and heard from after the lease was sent. Prefetched leases are never charged.
/// - A task needs `required` agreeing results from distinct principals (replication, spot
///   checks); the coordinator reports agreement with ``recordSupport(task:support:)``.
/// - How long a lease lasts and how many a worker may hold: ``LeasePolicy``. A worker with a
///   free slot and no pending task gets a backup lease of the oldest overdue task in progress
///   elsewhere, so neither a hoarder nor a silent-but-heartbeating worker can starve the sweep.
public struct Scheduler: Sendable {
    /// pending: wants another lease; leased: every wanted copy is out (or being verified).
    public enum TaskStatus: Sendable, Equatable { case pending, leased, done, failed }

    /// A lease handed to a worker.
    public struct Lease: Sendable, Equatable {
        public var id: Int
        public var task: String
        public var worker: String
        public var deadline: Double
        public var issued: Double
    }

    struct TaskState: Sendable {
        var status: TaskStatus = .pending
        var attempts = 0
        var losses = 0
        var lastError: String?
        /// Active leases by worker.
        var leases: [String: Lease] = [:]
        /// Every worker this task was ever leased to in this run: their results stay valid.
        var leasedTo: Set<String> = []
        /// Workers that must not get it again (they answered with a result, valid or not).
        var excluded: Set<String> = []
        /// Principals whose result is held for this task.
        var contributors: Set<String> = []
        var required = 1
        /// The largest number of agreeing results held.
        var support = 0
        /// Support expected from outside the workers (the coordinator's own recomputation).
        var reserved = 0
    }

    struct WorkerState: Sendable {
        var slots: Int
        var host: String
        var principal: String
        var expiry: Double
        var lastHeard: Double
        var leases: Set<String> = []
        var quarantined = false
    }

    public let limits: Limits
    /// Task keys in the order they are handed out.
    public let order: [String]
    private var tasks: [String: TaskState]
    private let position: [String: Int]
    private var statusCounts: [TaskStatus: Int] = [:]
    /// Tasks with at least one active lease, so expiry never scans the whole sweep.
    private var open: Set<String> = []
    private var failedInOrder: [String] = []
    private var workers: [String: WorkerState] = [:]
    private var workerOrder: [String] = []
    private var nextLeaseID = 1
    /// Index into `order` before which no task is pending.
    private var pendingCursor = 0
    private var policy: LeasePolicy

    /// `order`: all tasks of the sweep, in hand-out order; `done`: those already committed;
    /// `required`: agreeing results needed per task (default 1).
    public init(order: [String], done: Set<String>, limits: Limits, required: [String: Int] = [:]) {
        self.order = order
        self.limits = limits
        policy = LeasePolicy(leaseTimeout: limits.leaseTimeout, leaseFloor: limits.leaseFloor, maxLeasesPerWorker: limits.maxLeasesPerWorker)
        var tasks: [String: TaskState] = [:]
        var counts: [TaskStatus: Int] = [.pending: 0, .leased: 0, .done: 0, .failed: 0]
        for key in order {
            var state = TaskState()
            state.required = max(1, required[key] ?? 1)
            if done.contains(key) { state.status = .done }
            tasks[key] = state
            counts[state.status, default: 0] += 1
        }
        self.tasks = tasks
        self.statusCounts = counts
        self.position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    private mutating func setStatus(_ key: String, _ status: TaskStatus) {
        let old = tasks[key]!.status
        guard old != status else { return }
        statusCounts[old]! -= 1
        statusCounts[status, default: 0] += 1
        tasks[key]!.status = status
        if status == .failed { failedInOrder.append(key) }
        if status == .pending { pendingCursor = min(pendingCursor, position[key]!) }
    }

    /// Copies still wanted: required − agreeing results − reserved − active leases.
    private func wants(_ t: TaskState) -> Int { t.required - t.support - t.reserved - t.leases.count }

    /// Re-derives pending/leased after any change of a task in progress.
    private mutating func refresh(_ key: String) {
        guard let t = tasks[key], t.status == .pending || t.status == .leased else { return }
        if t.leases.isEmpty { open.remove(key) } else { open.insert(key) }
        setStatus(key, wants(t) > 0 ? .pending : .leased)
    }

    // MARK: queries

    public func status(of task: String) -> TaskStatus? { tasks[task]?.status }
    public func attempts(of task: String) -> Int { tasks[task]?.attempts ?? 0 }
    public func losses(of task: String) -> Int { tasks[task]?.losses ?? 0 }
    public func lastError(of task: String) -> String? { tasks[task]?.lastError }
    public func required(of task: String) -> Int { tasks[task]?.required ?? 1 }
    public var isFinished: Bool { statusCounts[.done]! + statusCounts[.failed]! == order.count }
    public var liveWorkers: [String] { workerOrder }
    public func host(of worker: String) -> String? { workers[worker]?.host }
    public func principal(of worker: String) -> String? { workers[worker]?.principal }
    public func leases(of worker: String) -> Set<String> { workers[worker]?.leases ?? [] }
    public func slots(of worker: String) -> Int { workers[worker]?.slots ?? 0 }
    public func isKnown(_ worker: String) -> Bool { workers[worker] != nil }
    public func isQuarantined(_ worker: String) -> Bool { workers[worker]?.quarantined ?? false }
    public func count(_ status: TaskStatus) -> Int { statusCounts[status] ?? 0 }
    /// Active leases of the task, in lease order.
    public func currentLeases(of task: String) -> [Lease] { (tasks[task]?.leases.values.map { $0 } ?? []).sorted { $0.id < $1.id } }
    /// The task's newest active lease, if any.
    public func currentLease(of task: String) -> Lease? { currentLeases(of: task).last }

    public var failures: [(task: String, error: String, attempts: Int)] {
        failedInOrder.map { key in (key, tasks[key]!.lastError ?? "unknown error", tasks[key]!.attempts) }
    }
    public var failureCount: Int { failedInOrder.count }

    // MARK: workers

    /// A worker announced itself (READY). A known worker re-announcing keeps its leases.
    /// `principal`: who vouches for its results (its CURVE key, else its host).
    public mutating func register(worker: String, host: String, principal: String? = nil, slots: Int, now: Double) {
        if workers[worker] == nil {
            workers[worker] = WorkerState(slots: max(1, slots), host: host, principal: principal ?? host, expiry: now + limits.silenceAllowed, lastHeard: now)
            workerOrder.append(worker)
        } else {
            workers[worker]!.slots = max(1, slots)
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
    public mutating func remove(worker: String, reason: String) -> [String] {
        guard let state = workers.removeValue(forKey: worker) else { return [] }
        workerOrder.removeAll { $0 == worker }
        let held = state.leases.compactMap { tasks[$0]?.leases[worker] }.sorted { $0.id < $1.id }
        let started = Set(held.prefix(state.slots).filter { state.lastHeard > $0.issued }.map(\.task))
        for lease in held {
            endLease(lease.task, worker: worker, loss: started.contains(lease.task) ? "worker \(worker) \(reason) while running it" : nil)
        }
        return held.map(\.task)
    }

    /// The worker may take no more tasks (it cannot compute this sweep, e.g. another build);
    /// its leases go back uncharged. It stays known, so its messages are still answered.
    public mutating func quarantine(worker: String) -> [String] {
        guard let state = workers[worker], !state.quarantined else { return [] }
        workers[worker]!.quarantined = true
        for key in state.leases { endLease(key, worker: worker, loss: nil) }
        return state.leases.sorted()
    }

    /// The worker hands tasks back unfinished (DISCONNECT): leased again at once, uncharged.
    public mutating func handBack(worker: String, tasks keys: [String]) {
        for key in keys where tasks[key]?.leases[worker] != nil { endLease(key, worker: worker, loss: nil) }
    }

    /// A TASK never reached the worker: the lease is void.
    public mutating func unlease(task: String, worker: String) {
        endLease(task, worker: worker, loss: nil)
    }

    private mutating func endLease(_ key: String, worker: String, loss: String?) {
        guard tasks[key]?.leases.removeValue(forKey: worker) != nil else { return }
        workers[worker]?.leases.remove(key)
        if let loss {
            tasks[key]!.losses += 1
            tasks[key]!.lastError = loss
            if tasks[key]!.losses >= limits.maxLosses, tasks[key]!.status != .done {
                tasks[key]!.lastError = "\(loss) (\(tasks[key]!.losses) workers lost while running it; network.max_losses = \(limits.maxLosses))"
                failNow(key)
                return
            }
        }
        refresh(key)
    }

    private mutating func failNow(_ key: String) {
        for worker in tasks[key]!.leases.keys { workers[worker]?.leases.remove(key) }
        tasks[key]!.leases = [:]
        open.remove(key)
        setStatus(key, .failed)
    }

    // MARK: leases

    /// Leases a worker may hold beyond its slots (``LeasePolicy/prefetch``).
    public static let prefetch = LeasePolicy.prefetch

    private func capacity(_ w: WorkerState) -> Int { policy.capacity(slots: w.slots, quarantined: w.quarantined) }

    private func eligible(_ worker: String, _ w: WorkerState, for t: TaskState) -> Bool {
        if t.leases[worker] != nil || t.excluded.contains(worker) { return false }
        if t.required > 1 || t.reserved > 0 {
            if t.contributors.contains(w.principal) { return false }
            if t.leases.keys.contains(where: { workers[$0]?.principal == w.principal }) { return false }
        }
        return true
    }

    /// How long a lease of `key` lasts from now.
    public func leaseDuration(of key: String) -> Double { policy.duration(of: key) }

    /// Leases pending tasks to workers with room, in hand-out order, workers in turn; then backup
    /// leases of tasks in progress to workers with a free slot.
    public mutating func assign(now: Double) -> [Lease] {
        var granted: [Lease] = []
        var progress = true
        while progress {
            progress = false
            for worker in workerOrder {
                guard let w = workers[worker], w.leases.count < capacity(w), let key = nextPending(for: worker, w) else { continue }
                granted.append(lease(key, to: worker, now: now))
                progress = true
            }
        }
        // Backups only once nothing is pending: they are for the tail and for hoarders.
        if count(.pending) == 0 && count(.leased) > 0 && !open.isEmpty {
            for worker in workerOrder {
                guard let w = workers[worker], policy.mayTakeBackup(slots: w.slots, quarantined: w.quarantined, held: w.leases.count) else { continue }
                // The oldest task in progress with a single active lease that is overdue: held
                // longer than the slowest measured task of its width (or none was measured yet),
                // so that an honest sweep's tail is not computed twice for nothing.
                let candidates = open.filter { key in
                    guard let t = tasks[key], t.status == .leased, t.leases.count == 1, let lease = t.leases.values.first else { return false }
                    if !policy.isOverdue(key, heldFor: now - lease.issued) { return false }
                    return eligible(worker, w, for: t)
                }
                guard let key = candidates.min(by: { tasks[$0]!.leases.values.first!.id < tasks[$1]!.leases.values.first!.id }) else { continue }
                granted.append(lease(key, to: worker, now: now))
            }
        }
        return granted
    }

    private mutating func lease(_ key: String, to worker: String, now: Double) -> Lease {
        let lease = Lease(id: nextLeaseID, task: key, worker: worker, deadline: now + leaseDuration(of: key), issued: now)
        nextLeaseID += 1
        tasks[key]!.leases[worker] = lease
        tasks[key]!.leasedTo.insert(worker)
        workers[worker]!.leases.insert(key)
        refresh(key)
        return lease
    }

    private mutating func nextPending(for worker: String, _ w: WorkerState) -> String? {
        while pendingCursor < order.count, tasks[order[pendingCursor]]!.status != .pending { pendingCursor += 1 }
        var i = pendingCursor
        while i < order.count {
            let t = tasks[order[i]]!
            if t.status == .pending && eligible(worker, w, for: t) { return order[i] }
            i += 1
        }
        return nil
    }

    /// What to do with a result that arrived from `worker` for `task`.
    public enum ResultDisposition: Sendable, Equatable {
        /// Validate it, then commit or hold it for agreement.
        case candidate
        /// The task is already done: compare with the committed result.
        case duplicate
        /// Not acceptable: the task was never leased to this worker, or is unknown.
        case refuse(String)
    }

    public func disposition(ofResultFrom worker: String, task: String) -> ResultDisposition {
        guard let t = tasks[task] else { return .refuse("task \(task) is not part of this sweep") }
        guard t.leasedTo.contains(worker) else { return .refuse("task \(task) was never leased to \(worker)") }
        return t.status == .done ? .duplicate : .candidate
    }

    /// A result from `worker` arrived: its lease ends and the task is never leased to it again.
    /// A valid one makes its principal a contributor and measures the task's time. An invalid
    /// one (`problem`) is an explicit bad answer: it counts as an attempt, like a FAILURE, so
    /// that a build that computes garbage everywhere fails the task instead of stalling it.
    public mutating func resultReceived(task: String, worker: String, valid: Bool, problem: String? = nil, now: Double) {
        guard tasks[task] != nil else { return }
        if !valid, tasks[task]!.leases[worker] != nil, tasks[task]!.status == .leased || tasks[task]!.status == .pending {
            tasks[task]!.excluded.insert(worker)
            tasks[task]!.attempts += 1
            tasks[task]!.lastError = "invalid result from \(worker): \(problem ?? "?")"
            if tasks[task]!.attempts >= limits.maxAttempts {
                failNow(task)
                return
            }
        }
        if let lease = tasks[task]!.leases[worker], valid { policy.measure(task, seconds: now - lease.issued) }
        tasks[task]!.excluded.insert(worker)
        if valid, let principal = workers[worker]?.principal { tasks[task]!.contributors.insert(principal) }
        endLease(task, worker: worker, loss: nil)
    }

    /// The largest group of agreeing results now held for the task.
    public mutating func recordSupport(task: String, support: Int) {
        guard tasks[task] != nil else { return }
        tasks[task]!.support = support
        refresh(task)
    }

    /// Support expected from outside the workers (the coordinator recomputes it); nil ends it.
    public mutating func reserve(task: String, _ count: Int) {
        guard tasks[task] != nil else { return }
        tasks[task]!.reserved = count
        refresh(task)
    }

    /// A result of the coordinator's own (spot check): one more contributor.
    public mutating func addLocalContributor(task: String, principal: String) {
        tasks[task]?.contributors.insert(principal)
    }

    public func contributorCount(of task: String) -> Int { tasks[task]?.contributors.count ?? 0 }

    /// The task's result is committed to the journal: it is done, whoever else holds it.
    public mutating func markDone(task: String) {
        guard let t = tasks[task] else { return }
        for worker in t.leases.keys { workers[worker]?.leases.remove(task) }
        tasks[task]!.leases = [:]
        open.remove(task)
        setStatus(task, .done)
    }

    /// The task cannot be committed (e.g. no agreement among its results): failed for good.
    public mutating func giveUp(task: String, error: String) {
        guard let t = tasks[task], t.status == .pending || t.status == .leased else { return }
        tasks[task]!.lastError = error
        failNow(task)
    }

    /// The worker reports the task failed. Only a worker holding a lease of it counts.
    /// Returns true when the task is now failed for good.
    @discardableResult
    public mutating func fail(task: String, worker: String, error: String) -> Bool {
        guard let t = tasks[task], t.leases[worker] != nil, t.status == .leased || t.status == .pending else { return false }
        tasks[task]!.attempts += 1
        tasks[task]!.lastError = error
        if tasks[task]!.attempts >= limits.maxAttempts {
            failNow(task)
            return true
        }
        endLease(task, worker: worker, loss: nil)
        return false
    }

    /// Workers silent too long are removed; leases past their deadline end (a loss, uncharged
    /// as an attempt; the holder's result stays welcome). Returns who and what.
    public mutating func expire(now: Double) -> (deadWorkers: [String], expiredLeases: [String]) {
        let dead = workerOrder.filter { workers[$0]!.expiry < now }
        for worker in dead { remove(worker: worker, reason: "went silent") }
        var expired: [String] = []
        for key in open.sorted(by: { position[$0]! < position[$1]! }) {
            for lease in currentLeases(of: key) where lease.deadline < now {
                endLease(key, worker: lease.worker, loss: "lease \(lease.id) on \(lease.worker) expired after \(Int(lease.deadline - lease.issued)) s")
                expired.append(key)
            }
        }
        return (dead, expired)
    }
}
