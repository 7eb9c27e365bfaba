/// The lease rules of the ``Scheduler``, apart from its bookkeeping: how long a lease lasts,
/// how many a worker may hold, and when a task in progress is overdue enough for a backup lease.
/// Pure value; time is seconds on the coordinator's monotonic clock.
///
/// - A lease lasts `leaseTimeout` until a result of the same task group (width) was measured,
///   then 4 × the slowest measured, but at least `leaseFloor`.
/// - A worker holds at most `min(slots + prefetch, maxLeasesPerWorker)` leases (none when
///   quarantined); backup leases go only to a worker with a free slot (not a prefetch place).
/// - A task is overdue when held longer than the slowest measured task of its group, or at once
///   while none of its group was measured.
public struct LeasePolicy: Sendable {
    /// Tasks leased to a worker beyond its slots, which it queues: the next task is already
    /// there when one finishes, so a worker never idles while the coordinator commits.
    public static let prefetch = 1

    public let leaseTimeout: Double
    public let leaseFloor: Double
    public let maxLeasesPerWorker: Int
    /// Slowest measured task time per group (the key up to its first "-": the width).
    private var measured: [Substring: Double] = [:]

    public init(leaseTimeout: Double, leaseFloor: Double, maxLeasesPerWorker: Int) {
        self.leaseTimeout = leaseTimeout
        self.leaseFloor = leaseFloor
        self.maxLeasesPerWorker = maxLeasesPerWorker
    }

    /// The group whose measured times set a task's lease: "h20" of "h20-s3".
    static func group(_ key: String) -> Substring { key.split(separator: "-", maxSplits: 1).first ?? Substring(key) }

    /// A valid result of `key` arrived `seconds` after its lease was issued.
    public mutating func measure(_ key: String, seconds: Double) {
        let g = LeasePolicy.group(key)
        measured[g] = max(measured[g] ?? 0, seconds)
    }

    /// How long a lease of `key` lasts from now.
    public func duration(of key: String) -> Double {
        guard let slowest = measured[LeasePolicy.group(key)] else { return leaseTimeout }
        return max(leaseFloor, 4 * slowest)
    }

    /// Leases a worker may hold at once.
    public func capacity(slots: Int, quarantined: Bool) -> Int {
        quarantined ? 0 : min(slots + LeasePolicy.prefetch, maxLeasesPerWorker)
    }

    /// Whether a worker holding `held` leases may take a backup lease.
    public func mayTakeBackup(slots: Int, quarantined: Bool, held: Int) -> Bool {
        !quarantined && held < min(slots, capacity(slots: slots, quarantined: quarantined))
    }

    /// Whether a task of `key` leased `heldFor` seconds ago may be backed up.
    public func isOverdue(_ key: String, heldFor: Double) -> Bool {
        guard let slowest = measured[LeasePolicy.group(key)] else { return true }
        return heldFor > slowest
    }
}
