import GrokTasks

/// The lease rules of the ``Scheduler``, apart from its bookkeeping: how long a lease lasts,
/// how many a worker may hold, and when a task in progress is overdue enough for a backup lease.
/// Pure value; time is seconds on the coordinator's monotonic clock.
///
/// - A lease lasts `leaseTimeout` until a result of the same ``LeaseGroup`` (task group and
///   width) was measured, then 4 × the slowest measured, but at least `leaseFloor`.
/// - A worker holds at most `min(slots + prefetch, maxLeasesPerWorker)` leases (none when
///   quarantined, one while on probation after a failure); backup leases go only to a worker
///   with a free slot (not a prefetch place).
/// - A task is overdue when held longer than the slowest measured task of its group, or at once
///   while none of its group was measured.
public struct LeasePolicy: Sendable {
    /// Tasks leased to a worker beyond its slots, which it queues: the next task is already
    /// there when one finishes, so a worker never idles while the coordinator commits.
    public static let prefetch = 1

    /// Tasks that take the same time: one task group (task × optimizer × regularizer × λ) at
    /// one width. Seeds differ only in their random streams.
    public struct LeaseGroup: Sendable, Hashable {
        public var taskGroup: TaskGroup
        public var width: Int

        public init(_ task: SweepTask) {
            taskGroup = task.group
            width = task.width
        }
    }

    public let leaseTimeout: Double
    public let leaseFloor: Double
    public let maxLeasesPerWorker: Int
    /// Slowest measured task time per group.
    private var measured: [LeaseGroup: Double] = [:]

    public init(leaseTimeout: Double, leaseFloor: Double, maxLeasesPerWorker: Int) {
        self.leaseTimeout = leaseTimeout
        self.leaseFloor = leaseFloor
        self.maxLeasesPerWorker = maxLeasesPerWorker
    }

    /// A valid result of `task` arrived `seconds` after its lease was issued.
    public mutating func measure(_ task: SweepTask, seconds: Double) {
        let g = LeaseGroup(task)
        measured[g] = max(measured[g] ?? 0, seconds)
    }

    /// The slowest measured time of the task's group, if any was measured.
    public func slowest(of task: SweepTask) -> Double? { measured[LeaseGroup(task)] }

    /// How long a lease of `task` lasts from now.
    public func duration(of task: SweepTask) -> Double {
        guard let slowest = slowest(of: task) else { return leaseTimeout }
        return max(leaseFloor, 4 * slowest)
    }

    /// Leases a worker may hold at once. A worker on probation (it failed its last task) holds
    /// one: a host that fails everything in milliseconds must not grab work in bulk.
    public func capacity(slots: Int, quarantined: Bool, onProbation: Bool = false) -> Int {
        if quarantined { return 0 }
        return onProbation ? 1 : min(slots + LeasePolicy.prefetch, maxLeasesPerWorker)
    }

    /// Whether a worker holding `held` leases may take a backup lease.
    public func mayTakeBackup(slots: Int, quarantined: Bool, onProbation: Bool = false, held: Int) -> Bool {
        !quarantined && !onProbation && held < min(slots, capacity(slots: slots, quarantined: quarantined))
    }

    /// Whether a task leased `heldFor` seconds ago may be backed up.
    public func isOverdue(_ task: SweepTask, heldFor: Double) -> Bool {
        guard let slowest = slowest(of: task) else { return true }
        return heldFor > slowest
    }
}
