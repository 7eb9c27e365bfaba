import GrokTasks

/// The coordinator's bookkeeping of tasks, workers and leases — a pure state machine over
/// typed ``SweepTask`` values (task keys are resolved once, at the wire; nothing here parses one).
///
/// Time comes in as seconds on a monotonic clock, so every rule below is tested without sockets
/// or sleeping. The rules (PROTOCOL.md, "Liveness", "Attempts" and "Black holes"):
/// - Only a FAILURE the worker reports, or an invalid result, is an *attempt* charged to the
///   task. A task fails for good once it failed on `maxAttempts` distinct principals (hosts, or
///   CURVE keys), or, when no live worker of another principal is there to try it, after
///   `maxAttempts` attempts in all (a one-host sweep). A worker that failed a task gets it again
///   only while no live worker that has not failed it could take it, and only `retryDelay` after
///   the latest failure (a black hole that is alone at first cannot burn a task's attempts in
///   milliseconds before an honest host joins).
/// - A worker lost (silent, unreachable) or a lease expired ends the lease *uncharged*; such
///   losses count toward the separate `maxLosses`, and only for leases the worker had started:
///   among its `slots` oldest leases and heard from after the lease was sent. Prefetched leases
///   are never charged.
/// - Worker health (``WorkerHealth``): a worker that failed its last task is on probation (one
///   lease at a time, served after healthy workers); after `quarantineAfter` failures in a row it
///   is quarantined (``reviewHealth()``) — unless it is the last live worker able to compute —
///   and its charges are
///   withdrawn from the tasks still open: a black-hole host neither fails the sweep nor wins the
///   race for work.
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
        public var task: SweepTask
        public var worker: String
        public var deadline: Double
        public var issued: Double
    }

    /// An attempt charged to a task: who failed it.
    struct Charge: Sendable, Equatable {
        var worker: String
        var principal: String
    }

    struct TaskState: Sendable {
        var status: TaskStatus = .pending
        var charges: [Charge] = []
        /// When the latest attempt was charged: a worker retries a task it failed only a
        /// ``Limits/retryDelay`` later, so that another host has time to join and take it.
        var lastChargeAt = -Double.infinity
        var losses = 0
        var lastError: String?
        /// Active leases by worker.
        var leases: [String: Lease] = [:]
        /// Every worker this task was ever leased to in this run: their results stay valid.
        var leasedTo: Set<String> = []
        /// Workers that must not get it again (they answered with a valid result).
        var excluded: Set<String> = []
        /// Principals whose result is held for this task.
        var contributors: Set<String> = []
        var required = 1
        /// The largest number of agreeing results held.
        var support = 0
        /// Support expected from outside the workers (the coordinator's own recomputation).
        var reserved = 0
        var attempts: Int { charges.count }
        /// A program task that requires a GPU: leased only to workers that reported one.
        var needsGPU = false
    }

    struct WorkerState: Sendable {
        var slots: Int
        var host: String
        var principal: String
        var expiry: Double
        var lastHeard: Double
        var leases: Set<SweepTask> = []
        var health = WorkerHealth()
        /// GPUs the worker reported in READY.
        var gpus = 0
    }

    public let limits: Limits
    /// Tasks in the order they are handed out.
    public let order: [SweepTask]
    var tasks: [SweepTask: TaskState]
    let position: [SweepTask: Int]
    var statusCounts: [TaskStatus: Int] = [:]
    /// Tasks with at least one active lease, so expiry never scans the whole sweep.
    var open: Set<SweepTask> = []
    var failedInOrder: [SweepTask] = []
    var workers: [String: WorkerState] = [:]
    var workerOrder: [String] = []
    /// Health of workers that left, so that their figures stay in the status.
    var departed: [String: WorkerHealth] = [:]
    var nextLeaseID = 1
    /// Index into `order` before which no task is pending.
    var pendingCursor = 0
    var policy: LeasePolicy

    /// `order`: all tasks of the sweep, in hand-out order; `done`: those already committed;
    /// `required`: agreeing results needed per task (default 1).
    /// `needsGPU`: tasks leased only to workers that reported a GPU.
    public init(order: [SweepTask], done: Set<SweepTask>, limits: Limits, required: [SweepTask: Int] = [:], needsGPU: Set<SweepTask> = []) {
        self.order = order
        self.limits = limits
        policy = LeasePolicy(leaseTimeout: limits.leaseTimeout, leaseFloor: limits.leaseFloor, maxLeasesPerWorker: limits.maxLeasesPerWorker)
        var tasks: [SweepTask: TaskState] = [:]
        var counts: [TaskStatus: Int] = [.pending: 0, .leased: 0, .done: 0, .failed: 0]
        for task in order {
            var state = TaskState()
            state.required = max(1, required[task] ?? 1)
            state.needsGPU = needsGPU.contains(task)
            if done.contains(task) { state.status = .done }
            tasks[task] = state
            counts[state.status, default: 0] += 1
        }
        self.tasks = tasks
        self.statusCounts = counts
        self.position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    mutating func setStatus(_ task: SweepTask, _ status: TaskStatus) {
        let old = tasks[task]!.status
        guard old != status else { return }
        statusCounts[old]! -= 1
        statusCounts[status, default: 0] += 1
        tasks[task]!.status = status
        if status == .failed { failedInOrder.append(task) }
        if status == .pending { pendingCursor = min(pendingCursor, position[task]!) }
    }

    /// Copies still wanted: required − agreeing results − reserved − active leases.
    func wants(_ t: TaskState) -> Int { t.required - t.support - t.reserved - t.leases.count }

    /// Re-derives pending/leased after any change of a task in progress.
    mutating func refresh(_ task: SweepTask) {
        guard let t = tasks[task], t.status == .pending || t.status == .leased else { return }
        if t.leases.isEmpty { open.remove(task) } else { open.insert(task) }
        setStatus(task, wants(t) > 0 ? .pending : .leased)
    }

    // MARK: queries

    public func status(of task: SweepTask) -> TaskStatus? { tasks[task]?.status }
    public func attempts(of task: SweepTask) -> Int { tasks[task]?.attempts ?? 0 }
    /// Distinct principals charged with a failure of the task.
    public func failingPrincipals(of task: SweepTask) -> Set<String> { Set(tasks[task]?.charges.map(\.principal) ?? []) }
    public func losses(of task: SweepTask) -> Int { tasks[task]?.losses ?? 0 }
    public func lastError(of task: SweepTask) -> String? { tasks[task]?.lastError }
    public func required(of task: SweepTask) -> Int { tasks[task]?.required ?? 1 }
    public var isFinished: Bool { statusCounts[.done]! + statusCounts[.failed]! == order.count }
    public var liveWorkers: [String] { workerOrder }
    public func host(of worker: String) -> String? { workers[worker]?.host }
    public func principal(of worker: String) -> String? { workers[worker]?.principal }
    public func leases(of worker: String) -> Set<SweepTask> { workers[worker]?.leases ?? [] }
    public func slots(of worker: String) -> Int { workers[worker]?.slots ?? 0 }
    public func isKnown(_ worker: String) -> Bool { workers[worker] != nil }
    public func isQuarantined(_ worker: String) -> Bool { workers[worker]?.health.quarantined ?? false }
    /// The worker's record in this run (live or departed).
    public func health(of worker: String) -> WorkerHealth? { workers[worker]?.health ?? departed[worker] }
    public func count(_ status: TaskStatus) -> Int { statusCounts[status] ?? 0 }
    /// Active leases of the task, in lease order.
    public func currentLeases(of task: SweepTask) -> [Lease] { (tasks[task]?.leases.values.map { $0 } ?? []).sorted { $0.id < $1.id } }
    /// The task's newest active lease, if any.
    public func currentLease(of task: SweepTask) -> Lease? { currentLeases(of: task).last }

    public var failures: [(task: SweepTask, error: String, attempts: Int)] {
        failedInOrder.map { task in (task, tasks[task]!.lastError ?? "unknown error", tasks[task]!.attempts) }
    }
    public var failureCount: Int { failedInOrder.count }

    /// How long a lease of `task` lasts from now.
    public func leaseDuration(of task: SweepTask) -> Double { policy.duration(of: task) }

    /// Leases a worker may hold beyond its slots (``LeasePolicy/prefetch``).
    public static let prefetch = LeasePolicy.prefetch
}
