import Foundation
import GrokConfig
import GrokProtocol
import GrokTasks
import Logging
import Synchronization
import ZeroMQ

/// The sweep's coordinator: leases tasks to workers over a ZeroMQ ROUTER socket, keeps
/// Paranoid-Pirate heartbeats both ways, commits every accepted result to the journal before
/// acknowledging it, and hands the finished sweep to the report writer it was given.
///
/// It only schedules and persists: the science runs in the workers, the decisions are
/// ``CoordinatorCore``'s, and the report is written by ``CoordinatorOptions/writeReport``.
/// One thread owns the socket; `run` blocks on it.
public final class Coordinator: Sendable {
    public struct Outcome: Sendable {
        public var reportURL: URL?
        /// The merged report, as written (nil until the sweep finished, and for no-op sweeps).
        public var report: JSONValue?
        public var done: Int
        public var failed: [TaskFailure]
        public var duplicates: Int
        public var determinismFaults: Int
        public var refusals: Int
        /// Results refused as invalid (REFUSE `invalid`).
        public var invalidResults: Int
        /// Workers quarantined for computing another configuration hash.
        public var quarantined: [String]
        /// Seconds from the first lease to the last task finished (no report, no start-up).
        public var taskPhaseSeconds: Double?
        /// CPU seconds of the coordinator's thread over the task phase (getrusage RUSAGE_THREAD:
        /// decode, validation, checksums, commits, scheduling; ZeroMQ's I/O thread excluded).
        public var taskPhaseCPUSeconds: Double?
        /// Results received during the task phase (accepted or not): the CPU figure's divisor.
        public var resultsReceived: Int = 0
        /// The coordinator thread's CPU milliseconds per result received over the task phase.
        public var cpuMillisecondsPerResult: Double? {
            taskPhaseCPUSeconds.map { $0 * 1000 / Double(max(1, resultsReceived)) }
        }
        /// Seconds spent writing the report after the last task (the analysis and renderings).
        public var reportSeconds: Double?
        /// Slot-seconds during which a live worker had a free slot while tasks were pending,
        /// over all slot-seconds of the task phase: the share of the workers' capacity the
        /// coordinator left idle (0 when it never made a worker wait).
        public var starvedSlotFraction: Double?
        /// Where the coordinator thread's CPU went over the task phase (nil without one).
        public var cost: CoordinatorCost? = nil
    }

    let options: CoordinatorOptions
    let logger: Logger
    private let stopRequested = Atomic<Bool>(false)
    private let boundEndpoint = Mutex<String?>(nil)

    public init(options: CoordinatorOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Asks `run` to return soon (from any thread, e.g. a signal handler's watcher).
    public func stop() { stopRequested.store(true, ordering: .sequentiallyConsistent) }

    /// The endpoint actually bound (with the port filled in for "tcp://host:*"), once bound.
    public var endpoint: String? { boundEndpoint.withLock { $0 } }

    /// Runs the sweep to its end. `ready` is called once the socket is bound (with the
    /// endpoint); `progress` after every change.
    public func run(
        context: ZMQContext,
        ready: @Sendable (String) -> Void = { _ in },
        progress: @Sendable (CoordinatorProgress) -> Void = { _ in }
    ) throws -> Outcome {
        var loop = try CoordinatorLoop(options: options, context: context, logger: logger)
        let endpoint = try loop.bind()
        boundEndpoint.withLock { $0 = endpoint }
        ready(endpoint)
        return try loop.run(stopRequested: stopRequested, progress: progress)
    }
}
