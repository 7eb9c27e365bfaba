/// Where the coordinator thread's CPU went over the task phase (first lease to last result):
/// what `grokscale bench` reports beside the CPU per result, so that a regression shows which
/// part grew. Thread CPU clock (CLOCK_THREAD_CPUTIME_ID), read once per poll wake-up and once
/// per group commit, never per message.
public struct CoordinatorCost: Sendable, Equatable {
    /// Times `zmq_poll` returned (a message, or a timer).
    public var wakeUps = 0
    /// Messages received from workers (RESULT, HEARTBEAT, READY …).
    public var messages = 0
    /// Group commits that wrote at least one result, and the largest of them (results).
    public var commits = 0
    public var largestCommit = 0
    /// CPU seconds receiving and handling messages (decode, validation, scheduling), commits
    /// excluded.
    public var messageCPU = 0.0
    /// CPU seconds in group commits: checksums, SQLite, the fsync, the ACKs sent after it.
    public var commitCPU = 0.0
    /// User and system CPU seconds of the thread over the task phase (getrusage).
    public var userCPU = 0.0
    public var systemCPU = 0.0

    public init() {}

    /// Everything else: the poll itself, timers, leasing, TASK and HEARTBEAT sends, progress.
    public var otherCPU: Double { max(0, userCPU + systemCPU - messageCPU - commitCPU) }
}
