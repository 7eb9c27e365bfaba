import Foundation
import GrokProtocol

/// How a worker connects and behaves.
public struct WorkerOptions: Sendable {
    /// The coordinator's endpoint, e.g. "tcp://head-node:5555".
    public var endpoint: String
    /// Tasks run at once (each on its own thread).
    public var slots: Int
    /// This worker's name in the coordinator's logs and journal: "host:pid:random" by default.
    public var name: String
    public var host: String
    public var heartbeatIntervalMs: Int
    public var liveness: Int
    /// Reconnect back-off: first wait and cap, seconds (Paranoid Pirate: 1 s doubling to 8 s,
    /// ``WorkerReconnect``; a finished coordinator that may have workers out stays up that long).
    public var reconnectInitial: Double
    public var reconnectMax: Double
    /// Give up (exit status 4) after this long without any coordinator; nil: never.
    public var giveUpAfter: Double?
    public var curve: CurveClient?
    /// A file holding the endpoint (`coordinator --endpoint-file`), read again before every
    /// reconnect, so a coordinator restarted elsewhere (a requeued SLURM job) is found; when it
    /// is missing or empty, `endpoint` is used.
    public var endpointFile: String?
    /// GPUs offered to programs that require one, announced in READY (`GROKSCALE_GPUS`, or the
    /// NVIDIA driver's list; empty: a CPU worker).
    public var devices: [String] = []
    /// The programs' software (``ReadyBody/environment``); empty: not announced.
    public var environment: [String: String] = [:]
    /// Fault injection for tests: report these tasks as failed instead of running them.
    public var failTasks: Set<String> = []
    /// Fault injection for tests: wait this long before computing each task.
    public var taskDelayMs: Int = 0

    public struct CurveClient: Sendable {
        public var publicKey: String
        public var secretKey: String
        public var serverKey: String
        public init(publicKey: String, secretKey: String, serverKey: String) {
            self.publicKey = publicKey
            self.secretKey = secretKey
            self.serverKey = serverKey
        }
    }

    public init(
        endpoint: String, slots: Int = 1, name: String? = nil, heartbeatIntervalMs: Int = 1000, liveness: Int = 3,
        reconnectInitial: Double = WorkerReconnect.initialBackoff, reconnectMax: Double = WorkerReconnect.maxBackoff,
        giveUpAfter: Double? = WorkerReconnect.defaultGiveUpAfter, curve: CurveClient? = nil
    ) {
        let host = ProcessInfo.processInfo.hostName
        self.endpoint = endpoint
        self.slots = slots
        self.host = host
        self.name = name ?? "\(host):\(ProcessInfo.processInfo.processIdentifier):\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        self.heartbeatIntervalMs = heartbeatIntervalMs
        self.liveness = liveness
        self.reconnectInitial = reconnectInitial
        self.reconnectMax = reconnectMax
        self.giveUpAfter = giveUpAfter
        self.curve = curve
    }
}

/// Why a worker stopped.
public enum WorkerExit: Sendable, Equatable {
    /// The coordinator said the sweep is over.
    case sweepDone
    /// Asked to stop (SIGINT/SIGTERM); unfinished tasks were handed back.
    case stopped
    /// No coordinator answered for `giveUpAfter` seconds.
    case gaveUp
    /// The coordinator quarantined this worker (it computes another configuration hash).
    case quarantined
}
