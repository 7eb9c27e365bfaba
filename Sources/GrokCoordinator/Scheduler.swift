/// The coordinator's bookkeeping of tasks, workers and leases — a pure state machine.
///
/// Time comes in as seconds on a monotonic clock, so every rule below (Paranoid Pirate liveness,
/// lease expiry, bounded attempts) is tested without sockets or sleeping.
///
/// An *attempt* of a task ends in a result, a failure reported by the worker, the loss of the
/// worker (silent for `liveness` heartbeat intervals, or gone from the socket), or the expiry of
/// the lease. After `maxAttempts` attempts without a result the task is failed for this
/// coordinator run, with the last error, instead of being retried forever.
public struct Scheduler: Sendable {
    public struct Limits: Sendable, Equatable {
        public var heartbeatInterval: Double
        public var liveness: Int
        public var leaseTimeout: Double
        public var maxAttempts: Int

        public init(heartbeatInterval: Double, liveness: Int, leaseTimeout: Double, maxAttempts: Int) {
            self.heartbeatInterval = heartbeatInterval
            self.liveness = liveness
            self.leaseTimeout = leaseTimeout
            self.maxAttempts = maxAttempts
        }

        /// How long a silent worker is still presumed alive.
        public var silenceAllowed: Double { heartbeatInterval * Double(liveness) }
    }

    public enum TaskStatus: Sendable, Equatable { case pending, leased, done, failed }

    /// A lease handed to a worker.
    public struct Lease: Sendable, Equatable {
        public var id: Int
        public var task: String
        public var worker: String
        public var deadline: Double
    }

    struct TaskState: Sendable {
        var status: TaskStatus = .pending
        var attempts = 0
        var lastError: String?
        var current: Lease?
        /// Every worker this task was ever leased to in this run: their results stay valid.
        var leasedTo: Set<String> = []
    }

    struct WorkerState: Sendable {
        var slots: Int
        var host: String
        var expiry: Double
        var leases: Set<String> = []
    }

    public let limits: Limits
    /// Task keys in the order they are handed out.
    public let order: [String]
    private var tasks: [String: TaskState]
    /// Position of each task in `order`, to list sets of tasks in hand-out order.
    private let position: [String: Int]
    private var statusCounts: [TaskStatus: Int] = [:]
    /// Leased tasks, so expiry never scans the whole sweep.
    private var leased: Set<String> = []
    /// Failed tasks in the order they failed.
    private var failedInOrder: [String] = []
    private var workers: [String: WorkerState] = [:]
    /// Workers in order of arrival, for a fair and reproducible hand-out order.
    private var workerOrder: [String] = []
    private var nextLeaseID = 1
    /// Index into `order` from which to look for pending tasks.
    private var pendingCursor = 0

    /// `order`: all tasks of the sweep, in hand-out order; `done`: those already committed.
    public init(order: [String], done: Set<String>, limits: Limits) {
        self.order = order
        self.limits = limits
        var tasks: [String: TaskState] = [:]
        var counts: [TaskStatus: Int] = [.pending: 0, .leased: 0, .done: 0, .failed: 0]
        for key in order {
            var state = TaskState()
            if done.contains(key) { state.status = .done }
            tasks[key] = state
            counts[state.status, default: 0] += 1
        }
        self.tasks = tasks
        self.statusCounts = counts
        self.position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Every status change goes through here, so the counts and the leased set stay exact.
    private mutating func setStatus(_ key: String, _ status: TaskStatus) {
        let old = tasks[key]!.status
        guard old != status else { return }
        statusCounts[old]! -= 1
        statusCounts[status, default: 0] += 1
        tasks[key]!.status = status
        if status == .leased { leased.insert(key) } else { leased.remove(key) }
        if status == .failed { failedInOrder.append(key) }
        if status == .pending { pendingCursor = min(pendingCursor, position[key]!) }
    }

    // MARK: queries

    public func status(of task: String) -> TaskStatus? { tasks[task]?.status }
    public func attempts(of task: String) -> Int { tasks[task]?.attempts ?? 0 }
    public func lastError(of task: String) -> String? { tasks[task]?.lastError }
    public var isFinished: Bool { statusCounts[.done]! + statusCounts[.failed]! == order.count }
    public var liveWorkers: [String] { workerOrder }
    public func host(of worker: String) -> String? { workers[worker]?.host }
    public func leases(of worker: String) -> Set<String> { workers[worker]?.leases ?? [] }
    public func isKnown(_ worker: String) -> Bool { workers[worker] != nil }

    public func count(_ status: TaskStatus) -> Int { statusCounts[status] ?? 0 }

    /// The task's current lease, if it is leased.
    public func currentLease(of task: String) -> Lease? { tasks[task]?.current }

    /// Failed tasks in the order they failed, with their last error and attempts.
    public var failures: [(task: String, error: String, attempts: Int)] {
        failedInOrder.map { key in (key, tasks[key]!.lastError ?? "unknown error", tasks[key]!.attempts) }
    }

    /// How many tasks have failed so far (``failures`` lists them in that order).
    public var failureCount: Int { failedInOrder.count }

    // MARK: workers

    /// A worker announced itself (READY). A known worker re-announcing keeps its leases.
    public mutating func register(worker: String, host: String, slots: Int, now: Double) {
        if workers[worker] == nil {
            workers[worker] = WorkerState(slots: max(1, slots), host: host, expiry: now + limits.silenceAllowed)
            workerOrder.append(worker)
        } else {
            workers[worker]!.slots = max(1, slots)
            workers[worker]!.expiry = now + limits.silenceAllowed
        }
    }

    /// Any message from a known worker proves it alive.
    public mutating func touch(worker: String, now: Double) {
        workers[worker]?.expiry = now + limits.silenceAllowed
    }

    /// The worker left or can no longer be reached: its tasks go back to pending (each such
    /// interrupted lease counts as an attempt). Returns the tasks released.
    @discardableResult
    public mutating func remove(worker: String, reason: String) -> [String] {
        guard let state = workers.removeValue(forKey: worker) else { return [] }
        workerOrder.removeAll { $0 == worker }
        let released = state.leases.sorted { position[$0]! < position[$1]! }
        for key in released { endAttempt(key, error: "worker \(worker) \(reason) while running it") }
        return released
    }

    /// The worker hands tasks back unfinished (DISCONNECT); they are leased again at once and
    /// the attempt is not counted against them.
    public mutating func handBack(worker: String, tasks keys: [String]) {
        for key in keys {
            guard let t = tasks[key], t.status == .leased, t.current?.worker == worker else { continue }
            tasks[key]!.current = nil
            setStatus(key, .pending)
            workers[worker]?.leases.remove(key)
        }
    }

    // MARK: leases

    /// Tasks leased to a worker beyond its slots, which it queues: the next task is already
    /// there when one finishes, so a worker never idles while the coordinator commits.
    public static let prefetch = 1

    /// Leases pending tasks to workers with room (slots + ``prefetch``), in hand-out order,
    /// workers in turn.
    public mutating func assign(now: Double) -> [Lease] {
        var granted: [Lease] = []
        var progress = true
        while progress {
            progress = false
            for worker in workerOrder {
                guard let w = workers[worker], w.leases.count < w.slots + Scheduler.prefetch, let key = nextPending() else { continue }
                let lease = Lease(id: nextLeaseID, task: key, worker: worker, deadline: now + limits.leaseTimeout)
                nextLeaseID += 1
                setStatus(key, .leased)
                tasks[key]!.current = lease
                tasks[key]!.leasedTo.insert(worker)
                workers[worker]!.leases.insert(key)
                granted.append(lease)
                progress = true
            }
        }
        return granted
    }

    private mutating func nextPending() -> String? {
        while pendingCursor < order.count {
            if tasks[order[pendingCursor]]!.status == .pending { return order[pendingCursor] }
            pendingCursor += 1
        }
        return nil
    }

    /// What to do with a result that arrived from `worker` for `task`.
    public enum ResultDisposition: Sendable, Equatable {
        /// Commit it (first result of the task).
        case commit
        /// The task is already done: compare with the committed result.
        case duplicate
        /// Not acceptable: the task was never leased to this worker, or is unknown.
        case refuse(String)
    }

    public func disposition(ofResultFrom worker: String, task: String) -> ResultDisposition {
        guard let t = tasks[task] else { return .refuse("task \(task) is not part of this sweep") }
        guard t.leasedTo.contains(worker) else { return .refuse("task \(task) was never leased to \(worker)") }
        return t.status == .done ? .duplicate : .commit
    }

    /// The task's result is committed to the journal: it is done, whoever else holds it.
    public mutating func markDone(task: String) {
        guard let t = tasks[task] else { return }
        if let holder = t.current?.worker { workers[holder]?.leases.remove(task) }
        tasks[task]!.current = nil
        setStatus(task, .done)
    }

    /// The worker reports the task failed. Only the current lease holder's failure counts.
    /// Returns true when the task is now failed for good.
    @discardableResult
    public mutating func fail(task: String, worker: String, error: String) -> Bool {
        guard let t = tasks[task], t.status == .leased, t.current?.worker == worker else { return false }
        return endAttempt(task, error: error)
    }

    /// Ends the current attempt of a leased task without a result.
    @discardableResult
    private mutating func endAttempt(_ key: String, error: String) -> Bool {
        guard let t = tasks[key], t.status == .leased else { return false }
        if let holder = t.current?.worker { workers[holder]?.leases.remove(key) }
        let attempts = t.attempts + 1
        tasks[key]!.attempts = attempts
        tasks[key]!.lastError = error
        tasks[key]!.current = nil
        setStatus(key, attempts >= limits.maxAttempts ? .failed : .pending)
        return attempts >= limits.maxAttempts
    }

    /// Workers silent too long are removed; leases past their deadline end. Returns who and what.
    public mutating func expire(now: Double) -> (deadWorkers: [String], expiredLeases: [String]) {
        let dead = workerOrder.filter { workers[$0]!.expiry < now }
        for worker in dead { remove(worker: worker, reason: "went silent") }
        var expired: [String] = []
        for key in leased.sorted(by: { position[$0]! < position[$1]! }) {
            guard let lease = tasks[key]?.current, lease.deadline < now else { continue }
            endAttempt(key, error: "lease \(lease.id) on \(lease.worker) expired after \(limits.leaseTimeout) s")
            expired.append(key)
        }
        return (dead, expired)
    }
}
