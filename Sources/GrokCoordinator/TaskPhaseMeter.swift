/// The coordinator's own cost over the task phase (first lease to last task), for `bench` and
/// the log: thread CPU split by where it went (``CoordinatorCost``). Kept apart from the
/// scheduling decisions; reading thread clocks is all it does.
struct TaskPhaseMeter {
    private(set) var cost = CoordinatorCost()
    private var cpuAtStart: (user: Double, system: Double)? = nil
    /// CPU seconds of the thread over the task phase (set when it ends).
    private(set) var taskPhaseCPU: Double? = nil
    /// True from the first lease to the end of the task phase.
    var measuring: Bool { cpuAtStart != nil && taskPhaseCPU == nil }

    /// The task phase starts with the first lease.
    mutating func start() {
        guard cpuAtStart == nil else { return }
        cpuAtStart = ThreadCPU.split()
    }

    /// A precise thread-CPU reading, or 0 outside the task phase (costs nothing then).
    func clock() -> Double { measuring ? ThreadCPU.preciseSeconds() : 0 }

    mutating func wokeUp() { if measuring { cost.wakeUps += 1 } }

    /// `count` messages handled, from the clock reading `since`, `committed` seconds of which
    /// were group commits done in between.
    mutating func handled(_ count: Int, since: Double, committed: Double) {
        guard measuring else { return }
        cost.messages += count
        cost.messageCPU += ThreadCPU.preciseSeconds() - since - committed
    }

    /// A group commit of `results` results took the CPU since `since`; returns those seconds.
    mutating func committed(_ results: Int, since: Double) -> Double {
        guard measuring else { return 0 }
        if results > 0 {
            cost.commits += 1
            cost.largestCommit = max(cost.largestCommit, results)
        }
        let spent = ThreadCPU.preciseSeconds() - since
        cost.commitCPU += spent
        return spent
    }

    /// Ends the task phase; returns the user and system CPU seconds it took (nil without one).
    mutating func finish() -> (user: Double, system: Double)? {
        guard let start = cpuAtStart, measuring else { return nil }
        let end = ThreadCPU.split()
        let (user, system) = (end.user - start.user, end.system - start.system)
        taskPhaseCPU = user + system
        (cost.userCPU, cost.systemCPU) = (user, system)
        return (user, system)
    }
}
