import Foundation
import GrokTasks

/// The protocol id and version carried in frame 0 of every message.
public enum WireProtocol {
    public static let version = 1
    public static let identifier = "GRKS/\(version)"
    public static let identifierPrefix = "GRKS/"
}

/// Message kinds of protocol version 1 (PROTOCOL.md beside this file).
public enum MessageKind: String, Sendable, CaseIterable {
    case ready = "READY"
    case heartbeat = "HEARTBEAT"
    case result = "RESULT"
    case failure = "FAILURE"
    case disconnect = "DISCONNECT"
    case task = "TASK"
    case ack = "ACK"
    case refuse = "REFUSE"
    case done = "DONE"
}

/// Why a message was refused; the `code` field of REFUSE.
public enum RefusalCode: String, Sendable, Codable, CaseIterable {
    case malformed, version
    case configHash = "config_hash"
    case notLeased = "not_leased"
    case unknownWorker = "unknown_worker"
    case determinism
    /// The result is well-formed but not what the configuration implies (reason says what).
    case invalid
    /// This worker gets no more tasks (it computes another configuration hash); it should exit.
    case quarantined
}

public struct ReadyBody: Codable, Sendable, Equatable {
    public var worker: String
    public var host: String
    public var pid: Int
    public var slots: Int
    public var version: String
    /// Random, fixed for the worker process's life and sent on every (re)connection: tells a
    /// reconnecting worker from a second process using the same name. Optional.
    public var session: String?
    /// GPUs the worker offers to programs that require one (e.g. ["cuda:0"]); absent when none,
    /// so a CPU worker's READY is the same bytes as before devices existed. Optional.
    public var devices: [String]?
    /// What the worker's training programs run with (python, numpy, torch, jax, … versions),
    /// for a program sweep's provenance. Optional.
    public var environment: [String: String]?
    public init(
        worker: String, host: String, pid: Int, slots: Int, version: String, session: String? = nil, devices: [String]? = nil,
        environment: [String: String]? = nil
    ) {
        self.worker = worker; self.host = host; self.pid = pid; self.slots = slots; self.version = version; self.session = session
        self.devices = devices
        self.environment = environment
    }
}

public enum TaskKind: String, Codable, Sendable { case sweep, noop }

public struct TaskBody: Codable, Sendable, Equatable {
    public var lease: Int
    public var task: String
    public var kind: TaskKind
    public var configHash: String
    public var config: String
    enum CodingKeys: String, CodingKey { case lease, task, kind, configHash = "config_hash", config }
    public init(lease: Int, task: String, kind: TaskKind, configHash: String, config: String) {
        self.lease = lease; self.task = task; self.kind = kind; self.configHash = configHash; self.config = config
    }
}

/// RESULT's body. `result` is nil for a `noop` task (sent as `{}`).
public struct ResultEnvelope: Codable, Sendable, Equatable {
    public var lease: Int
    public var task: String
    public var configHash: String
    public var result: TaskResult?
    enum CodingKeys: String, CodingKey { case lease, task, configHash = "config_hash", result }
    public init(lease: Int, task: String, configHash: String, result: TaskResult?) {
        self.lease = lease; self.task = task; self.configHash = configHash; self.result = result
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lease = try c.decode(Int.self, forKey: .lease)
        task = try c.decode(String.self, forKey: .task)
        configHash = try c.decode(String.self, forKey: .configHash)
        if try c.decodeNil(forKey: .result) {
            result = nil
        } else if let empty = try? c.decode([String: Int].self, forKey: .result), empty.isEmpty {
            result = nil
        } else {
            result = try c.decode(TaskResult.self, forKey: .result)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lease, forKey: .lease)
        try c.encode(task, forKey: .task)
        try c.encode(configHash, forKey: .configHash)
        if let result { try c.encode(result, forKey: .result) } else { try c.encode([String: Int](), forKey: .result) }
    }
}

public struct FailureBody: Codable, Sendable, Equatable {
    public var lease: Int
    public var task: String
    public var configHash: String
    public var error: String
    /// Why, for the coordinator: `config_hash` (this worker computes another configuration hash:
    /// it is quarantined, the task is not charged); absent for an ordinary failure.
    public var code: String?
    enum CodingKeys: String, CodingKey { case lease, task, configHash = "config_hash", error, code }
    public init(lease: Int, task: String, configHash: String, error: String, code: String? = nil) {
        self.lease = lease; self.task = task; self.configHash = configHash; self.error = error; self.code = code
    }
    public static let configHashMismatch = "config_hash"
}

public struct DisconnectBody: Codable, Sendable, Equatable {
    public var reason: String
    public var handedBack: [String]
    enum CodingKeys: String, CodingKey { case reason, handedBack = "handed_back" }
    public init(reason: String, handedBack: [String]) { self.reason = reason; self.handedBack = handedBack }
}

public struct AckBody: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case accepted, duplicate }
    public var lease: Int
    public var task: String
    public var status: Status
    public init(lease: Int, task: String, status: Status) { self.lease = lease; self.task = task; self.status = status }
}

public struct RefuseBody: Codable, Sendable, Equatable {
    public var code: RefusalCode
    public var reason: String
    /// The task the refused message was about, if any (a worker then stops resending it).
    public var task: String?
    public init(code: RefusalCode, reason: String, task: String? = nil) { self.code = code; self.reason = reason; self.task = task }
}

/// One protocol message, typed.
public enum WireMessage: Sendable, Equatable {
    case ready(ReadyBody)
    case heartbeat
    case result(ResultEnvelope)
    case failure(FailureBody)
    case disconnect(DisconnectBody)
    case task(TaskBody)
    case ack(AckBody)
    case refuse(RefuseBody)
    case done

    public var kind: MessageKind {
        switch self {
        case .ready: return .ready
        case .heartbeat: return .heartbeat
        case .result: return .result
        case .failure: return .failure
        case .disconnect: return .disconnect
        case .task: return .task
        case .ack: return .ack
        case .refuse: return .refuse
        case .done: return .done
        }
    }
}
