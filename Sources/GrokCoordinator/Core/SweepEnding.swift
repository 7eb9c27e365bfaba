import GrokProtocol

/// When a finished coordinator may leave. After the last task it answers DONE for a grace
/// period, so that every worker hears it; it leaves early once every worker said goodbye —
/// unless a worker may still come back (it resumed an earlier run, whose workers may be
/// reconnecting after the restart, or it lost workers on the way): a worker left reconnecting
/// would otherwise run on against a closed port.
public struct SweepEnding: Sendable, Equatable {
    /// When every task was done or failed (nil: not yet).
    public var finishedAt: Double? = nil
    /// Workers lost (silent or unreachable) before the sweep finished, in this run.
    public var workersLost = 0
    /// This coordinator resumed an earlier run of the same folder (known once its run is journaled).
    public var resumed: Bool
    /// The configured grace (`CoordinatorOptions.doneGraceSeconds`).
    public let graceSeconds: Double
    /// A worker's liveness period (heartbeat interval × liveness).
    public let silenceAllowed: Double
    /// How long to wait after the last word before leaving anyway.
    public static let goodbyeSettle = 0.05

    public var workersMayReturn: Bool { workersLost > 0 || resumed }

    /// The grace, and when workers may return, at least one reconnect back-off
    /// (``WorkerReconnect/maxBackoff``) after a liveness period, so that a worker in back-off
    /// reconnects and hears DONE.
    public var doneGrace: Double {
        guard workersMayReturn else { return graceSeconds }
        return max(graceSeconds, silenceAllowed + WorkerReconnect.maxBackoff + 2)
    }

    /// Whether the loop should end at `now`, with `liveWorkers` still connected.
    public func shouldStop(now: Double, liveWorkers: Int) -> Bool {
        guard let f = finishedAt else { return false }
        return now - f >= doneGrace || liveWorkers == 0 && !workersMayReturn && now - f >= Self.goodbyeSettle
    }
}

/// The share of the workers' capacity the coordinator left idle: slot-seconds during which a
/// live worker had a free slot while tasks were pending, over all slot-seconds of the task phase.
public struct IdleAccounting: Sendable, Equatable {
    public private(set) var slotSeconds = 0.0
    public private(set) var starvedSlotSeconds = 0.0
    private var lastTurn: Double? = nil

    /// Adds the time since the last turn, by each live worker's slots (after this turn's leases).
    public mutating func account(now: Double, scheduler: Scheduler, counting: Bool) {
        defer { lastTurn = now }
        guard counting, let last = lastTurn else { return }
        let dt = now - last
        let waiting = scheduler.count(.pending) > 0
        for worker in scheduler.liveWorkers {
            let slots = scheduler.slots(of: worker)
            slotSeconds += dt * Double(slots)
            if waiting { starvedSlotSeconds += dt * Double(max(0, slots - scheduler.leases(of: worker).count)) }
        }
    }

    public var starvedFraction: Double? { slotSeconds > 0 ? starvedSlotSeconds / slotSeconds : nil }
}
