import GrokTasks

/// What a worker did in this coordinator run: the figures behind probation and quarantine
/// (BOINC's per-host error rates, HTCondor's black-hole detection), shown by `status`,
/// `/status.json` and `/metrics`.
public struct WorkerHealth: Sendable, Equatable {
    /// Valid results delivered.
    public var results = 0
    /// FAILURE messages charged to a task.
    public var failures = 0
    /// Results refused as invalid (each charged to its task like a FAILURE).
    public var invalidResults = 0
    /// Tasks failed or answered invalidly since the last valid result, oldest first; a task
    /// that fails for good everywhere is taken out (the task's fault, not the host's).
    public var streak: [SweepTask] = []
    public var quarantined = false
    /// Why it was quarantined (nil: it is not).
    public var quarantineReason: String?

    public init() {}

    /// Failed its latest task: served after healthy workers, one lease at a time.
    public var onProbation: Bool { !streak.isEmpty && !quarantined }

    /// Share of its answers that were failures or invalid results (nil before any answer).
    public var failureRate: Double? {
        let answers = results + failures + invalidResults
        return answers == 0 ? nil : Double(failures + invalidResults) / Double(answers)
    }
}
