import Foundation
import GrokConfig
import GrokProtocol
import GrokRunner
import GrokTasks
import Logging
import Synchronization
import ZeroMQ

/// A worker: announces itself, runs leased tasks with the science cores (``TaskRunner``, the
/// same entry point as the in-process run), sends results until acknowledged, heartbeats while
/// computing, reconnects with back-off when the coordinator disappears, and hands its tasks
/// back when asked to stop.
public final class Worker: Sendable {
    let options: WorkerOptions
    let logger: Logger

    public init(options: WorkerOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Runs until the sweep is done, `stop` becomes true, or the worker gives up.
    public func run(context: ZMQContext, stop: borrowing Atomic<Bool>) throws -> WorkerExit {
        var session = WorkerSession(options: options, logger: logger, context: context)
        return try session.run(stop: stop)
    }
}

/// The worker's single-threaded socket loop. Compute threads report back over an inproc PUSH
/// socket each, so the loop wakes the moment a result is ready.
struct WorkerSession {
    let options: WorkerOptions
    let logger: Logger
    let context: ZMQContext
    let resultsEndpoint = "inproc://grokscale-worker-results-\(UUID().uuidString)"
    var dealer: ZMQSocket?
    var connection = 0
    /// Leased tasks being computed: key → lease.
    var inFlight: [String: Int] = [:]
    /// Leased tasks waiting for a free slot (the coordinator leases one beyond the slots).
    var queued: [TaskBody] = []
    /// Results and failures sent but not yet acknowledged: key → encoded message. Re-sent
    /// after a reconnect, dropped on ACK or on a refusal.
    var unacknowledged: [String: [[UInt8]]] = [:]
    var unacknowledgedOrder: [String] = []
    var configurations: [String: SweepConfig] = [:]
    let started = ContinuousClock.now
    /// Sent in every READY: the coordinator tells this process's reconnects from a twin's READY.
    let session = UUID().uuidString
    var lastReceived = 0.0
    var lastSent = 0.0
    var lastHeardFromCoordinator = 0.0
    /// Set once the worker has said that it never heard anything from the coordinator.
    var warnedNeverAnswered = false
    /// Liveness periods of silence before the coordinator's first word.
    var silentPeriods = 0
    /// The endpoint the current socket dials.
    var dialled = ""
    /// The coordinator's heartbeat settings, from its HEARTBEAT bodies; they replace the options'.
    var learnt: HeartbeatSettings?

    init(options: WorkerOptions, logger: Logger, context: ZMQContext) {
        self.options = options
        self.logger = logger
        self.context = context
    }

    var now: Double {
        let c = (ContinuousClock.now - started).components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }

    var interval: Double { Double(learnt?.intervalMs ?? options.heartbeatIntervalMs) / 1000 }
    var liveness: Int { learnt?.liveness ?? options.liveness }

    mutating func run(stop: borrowing Atomic<Bool>) throws -> WorkerExit {
        let results = try ZMQSocket(context: context, type: .pull)
        try results.set(.linger(milliseconds: 0))
        try results.bind(resultsEndpoint)
        defer {
            results.close()
            dealer?.close()
        }
        try connect()
        var backoff = options.reconnectInitial
        while true {
            if stop.load(ordering: .relaxed) {
                let handedBack = (inFlight.keys.sorted() + queued.map(\.task))
                logger.info("stopping; handing back \(handedBack)")
                send(.disconnect(DisconnectBody(reason: "worker stopped by signal", handedBack: handedBack)))
                // Give the message a moment to leave before the socket closes.
                try? dealer?.set(.linger(milliseconds: 500))
                return .stopped
            }
            var poller = ZMQPoller()
            _ = poller.add(dealer!, events: .readable)
            _ = poller.add(results, events: .readable)
            let ready: [PollEvents]
            do {
                ready = try poller.poll(timeoutMilliseconds: Int(min(interval, 0.1) * 1000))
            } catch let error as ZMQError where error.isInterrupted {
                continue
            }
            if ready[0].contains(.readable) {
                while let frames = try dealer!.receive(dontWait: true) {
                    lastReceived = now
                    lastHeardFromCoordinator = lastReceived
                    backoff = options.reconnectInitial
                    if let exit = try handle(frames) { return exit }
                }
            }
            if ready[1].contains(.readable) {
                while let frames = try results.receive(dontWait: true), frames.count >= 2 {
                    let key = String(decoding: frames[0], as: UTF8.self)
                    inFlight[key] = nil
                    if !queued.isEmpty { start(queued.removeFirst()) }
                    let message = Array(frames.dropFirst())
                    if unacknowledged[key] == nil { unacknowledgedOrder.append(key) }
                    unacknowledged[key] = message
                    sendFrames(message)
                }
            }
            let t = now
            if t - lastSent >= interval { send(.heartbeat) }
            if t - lastReceived > interval * Double(liveness) {
                if let limit = options.giveUpAfter, t - lastHeardFromCoordinator > limit {
                    logger.error("no coordinator at \(options.endpoint) for \(Int(limit)) s; giving up")
                    return .gaveUp
                }
                // Never answered yet (started before the coordinator, or a CURVE refusal): keep the
                // socket. libzmq keeps dialling and delivers the queued READY the moment the
                // coordinator binds; closing it to back off could miss a short sweep entirely.
                if lastHeardFromCoordinator == 0 && currentEndpoint() == dialled {
                    silentPeriods += 1
                    // A CURVE refusal (wrong server key, key not authorized, or CURVE on one side
                    // only) reaches the application as silence; after a few silent periods, say so.
                    if silentPeriods >= 3 && !warnedNeverAnswered {
                        warnedNeverAnswered = true
                        logger.warning(
                            "no answer from the coordinator at \(dialled) yet; still trying. If it uses CURVE, check --server-key and that this worker's public key is in its --authorized-keys folder (the coordinator logs refused keys)"
                        )
                    }
                    lastReceived = t
                    continue
                }
                logger.warning("coordinator silent for \(liveness) heartbeats; reconnecting in \(backoff) s")
                dealer?.close()
                dealer = nil
                let deadline = now + backoff
                while now < deadline && !stop.load(ordering: .relaxed) { usleep(20_000) }
                backoff = min(backoff * 2, options.reconnectMax)
                try connect()
            }
        }
    }

    /// A fresh DEALER with a fresh routing id, then READY and every unacknowledged result.
    mutating func connect() throws {
        connection += 1
        let socket = try ZMQSocket(context: context, type: .dealer)
        var options: [SocketOption] = [
            .linger(milliseconds: 0),  // Unique per connection even for two processes given the same --name: a duplicate
            // routing id would be silently ignored by the coordinator's ROUTER.
            .routingID(Array("\(self.options.name)#\(connection)#\(session.prefix(8))".utf8.suffix(255))),
            .sendHighWaterMark(100_000), .receiveHighWaterMark(100_000),
        ]
        if let curve = self.options.curve {
            options += [.curvePublicKey(curve.publicKey), .curveSecretKey(curve.secretKey), .curveServerKey(curve.serverKey)]
        }
        try socket.set(options)
        dialled = currentEndpoint()
        try socket.connect(dialled)
        dealer = socket
        lastReceived = now
        announce()
    }

    /// The endpoint to dial now: the endpoint file's content if there is one, else the option.
    func currentEndpoint() -> String {
        if let file = options.endpointFile, let text = try? String(contentsOfFile: file, encoding: .utf8) {
            let endpoint = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !endpoint.isEmpty { return endpoint }
        }
        return options.endpoint
    }

    mutating func announce() {
        send(
            .ready(
                ReadyBody(
                    worker: options.name, host: options.host, pid: Int(ProcessInfo.processInfo.processIdentifier),
                    slots: options.slots, version: GrokscaleVersion.current, session: session,
                    devices: options.devices.isEmpty ? nil : options.devices,
                    environment: options.environment.isEmpty ? nil : options.environment)))
        for key in unacknowledgedOrder { if let message = unacknowledged[key] { sendFrames(message) } }
    }

    mutating func send(_ message: WireMessage) { sendFrames(WireCodec.encode(message)) }

    mutating func sendFrames(_ frames: [[UInt8]]) {
        do {
            try dealer?.send(frames, dontWait: true)
            lastSent = now
        } catch {
            // Not connected yet or queue full: heartbeats and the resend after READY cover it.
        }
    }

    private mutating func dropUnacknowledged(_ key: String) {
        unacknowledged[key] = nil
        unacknowledgedOrder.removeAll { $0 == key }
    }

    /// Handles one coordinator message; returns an exit reason when the worker should stop.
    mutating func handle(_ frames: [[UInt8]]) throws -> WorkerExit? {
        let message: WireMessage
        do {
            message = try WireCodec.decode(frames)
        } catch {
            logger.warning("ignoring a malformed message from the coordinator: \(error)")
            return nil
        }
        switch message {
        case .task(let body):
            if inFlight.count < options.slots || body.kind == .noop {
                start(body)
            } else {
                queued.append(body)
            }
        case .ack(let body):
            dropUnacknowledged(body.task)
        case .heartbeat:
            if let settings = HeartbeatSettings(heartbeatFrames: frames), settings != learnt {
                logger.info("heartbeat settings from the coordinator: every \(settings.intervalMs) ms, liveness \(settings.liveness)")
                learnt = settings
            }
        case .refuse(let body):
            logger.warning("coordinator refused: \(body.code.rawValue): \(body.reason)")
            switch body.code {
            case .unknownWorker:
                announce()
            case .quarantined:
                logger.error("the coordinator quarantined this worker: \(body.reason)")
                return .quarantined
            default:
                // The refusal concerns a result we hold: resending it would be refused again.
                if let key = body.task { dropUnacknowledged(key) }
            }
        case .done:
            logger.info("the sweep is done; exiting")
            // Say goodbye so the coordinator need not wait out its grace period for us.
            send(.disconnect(DisconnectBody(reason: "sweep done", handedBack: [])))
            try? dealer?.set(.linger(milliseconds: 200))
            return .sweepDone
        case .ready, .result, .failure, .disconnect:
            logger.warning("ignoring \(message.kind.rawValue): a worker does not accept it")
        }
        return nil
    }

    /// Starts a leased task on its own thread.
    mutating func start(_ body: TaskBody) {
        if body.kind == .noop {
            let message = WireCodec.encode(.result(ResultEnvelope(lease: body.lease, task: body.task, configHash: body.configHash, result: nil)))
            sendFrames(message)
            return
        }
        let failure: @Sendable (String) -> [[UInt8]] = { error in
            WireCodec.encode(.failure(FailureBody(lease: body.lease, task: body.task, configHash: body.configHash, error: error)))
        }
        let mismatch: @Sendable (String) -> [[UInt8]] = { error in
            WireCodec.encode(
                .failure(
                    FailureBody(lease: body.lease, task: body.task, configHash: body.configHash, error: error, code: FailureBody.configHashMismatch)))
        }
        let config: SweepConfig
        if let cached = configurations[body.configHash] {
            config = cached
        } else {
            do {
                let parsed = try SweepConfig.load(toml: body.config, source: "coordinator's configuration")
                guard parsed.configurationHash == body.configHash else {
                    sendFrames(
                        mismatch(
                            "this worker computes configuration hash \(parsed.configurationHash.prefix(12))… for the coordinator's configuration, which says \(body.configHash.prefix(12))…; are coordinator and worker the same grokscale version?"
                        ))
                    return
                }
                configurations[body.configHash] = parsed
                config = parsed
            } catch {
                sendFrames(mismatch("cannot read the coordinator's configuration: \(error)"))
                return
            }
        }
        guard let task = SweepTask(key: body.task) else {
            sendFrames(failure("\"\(body.task)\" is not a task key"))
            return
        }
        if options.failTasks.contains(body.task) {
            sendFrames(failure("injected failure (worker started with --fail-task \(body.task))"))
            return
        }
        inFlight[body.task] = body.lease
        logger.debug("running \(body.task) (lease \(body.lease))")
        let context = self.context
        let endpoint = resultsEndpoint
        let logger = self.logger
        let delay = options.taskDelayMs
        let thread = Thread {
            if delay > 0 { usleep(UInt32(delay) * 1000) }
            let message: [[UInt8]]
            let started = ContinuousClock.now
            do {
                let result = try TaskRunner.run(task, config: config)
                let computed = ContinuousClock.now
                // The coordinator would refuse it; say why instead (and never try to encode a
                // non-finite number, which JSON cannot carry).
                if let problem = ResultValidator.problem(with: result, key: body.task, config: config) {
                    throw InvalidOwnResult(description: "this worker computed an invalid result: \(problem)")
                }
                message = WireCodec.encode(.result(ResultEnvelope(lease: body.lease, task: body.task, configHash: body.configHash, result: result)))
                logger.debug(
                    "\(body.task): computed in \((computed - started).milliseconds) ms, encoded in \((ContinuousClock.now - computed).milliseconds) ms"
                )
            } catch {
                message = failure("\(error)")
            }
            do {
                let push = try ZMQSocket(context: context, type: .push)
                try push.set(.linger(milliseconds: -1))
                try push.connect(endpoint)
                try push.send([Array(body.task.utf8)] + message)
                push.close()
            } catch {
                logger.error("could not hand the result of \(body.task) to the worker loop: \(error)")
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// A result this worker computed fails the checks the coordinator would apply.
struct InvalidOwnResult: Error, CustomStringConvertible {
    var description: String
}
