import Foundation
import GrokProtocol
import GrokTasks

/// The group-commit rule: accepted results (and the turn's leases) wait in this queue and are
/// written in one transaction — one fsync — at most ``window`` after the first of them, or at
/// once when ``batch`` results wait, or when forced (the sweep is over, the loop ends). Their
/// ACKs leave only with the batch that committed them. Results arrive one by one while tasks
/// last tens of milliseconds, so committing each at once cost a transaction and an fsync per
/// result (~0.7 ms of CPU); the window costs a worker nothing, because its next task was leased
/// (prefetched) before the ACK. A value: no journal, no socket, no clock.
public struct CommitQueue {
    /// How long an accepted result may wait for its commit (and its ACK). Each commit costs a
    /// fixed ~0.8 ms of CPU (transaction, WAL frames, fsync); at 0.1 s it was a third of the
    /// coordinator's CPU per result with one local worker (~6 results a commit). A longer wait
    /// delays only the ACK: a lost coordinator loses at most this much accepted, unacknowledged
    /// work, which the workers resend.
    public static let window = 0.25
    /// Results that make a commit due at once.
    public static let batch = 256

    /// A lease's audit row (id, task key, worker, host).
    public typealias LeaseRow = (id: Int, task: String, worker: String, host: String)
    public typealias Ack = (worker: String, ack: AckBody)

    /// What one transaction writes, and the ACKs that may leave once it is on disk.
    public struct Batch {
        public var results: [Journal.Commit]
        public var leases: [LeaseRow]
        public var acks: [Ack]
        public var isEmpty: Bool { results.isEmpty && leases.isEmpty }
    }

    public private(set) var results: [Journal.Commit] = []
    private var leases: [LeaseRow] = []
    private var acks: [Ack] = []
    private var bytes: [SweepTask: Data] = [:]
    /// When the oldest queued item was queued (nil: nothing queued).
    public private(set) var since: Double? = nil

    public init() {}

    /// Queues a result's bytes and the ACKs owed for it.
    public mutating func add(_ commit: Journal.Commit, acknowledging owed: [Ack], now: Double) {
        if since == nil { since = now }
        results.append(commit)
        bytes[commit.task] = commit.result
        acks += owed
    }

    /// Queues leases' audit rows (not needed to resume, so they ride along with results).
    public mutating func add(leases rows: [LeaseRow], now: Double) {
        guard !rows.isEmpty else { return }
        if since == nil { since = now }
        leases += rows
    }

    /// The bytes queued for `task`, not yet committed.
    public func queuedBytes(of task: SweepTask) -> Data? { bytes[task] }

    /// Seconds until the queue is due (nil: nothing queued).
    public func dueIn(now: Double) -> Double? { since.map { max(0, $0 + Self.window - now) } }

    /// Whether enough results wait to commit at once, even inside a burst of messages.
    public var isFull: Bool { results.count >= Self.batch }

    /// Whether the queue should be committed now.
    public func isDue(now: Double, force: Bool = false) -> Bool {
        guard let due = dueIn(now: now) else { return false }
        return force || due <= 0 || isFull
    }

    /// Everything queued, for one transaction; the queue starts over empty.
    public mutating func take() -> Batch {
        defer { self = CommitQueue() }
        return Batch(results: results, leases: leases, acks: acks)
    }
}
