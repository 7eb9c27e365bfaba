import Foundation
import GrokConfig
import GrokProtocol
import GrokRunner
import GrokTasks
import ZeroMQ

/// What the coordinator does with each message. Every bad message is refused with a logged
/// reason; none of them can stop the loop or touch a committed result.
extension CoordinatorLoop {
    /// `userID`: the connection's ZAP user id (its CURVE public key), nil without CURVE.
    mutating func handle(_ frames: [[UInt8]], userID: String? = nil) throws {
        guard let identity = frames.first, frames.count >= 2 else { return }
        let message: WireMessage
        let checkedInPlace = checkedInPlace(frames)
        if let checkedInPlace {
            message = .result(checkedInPlace)
        } else {
            do {
                message = try WireCodec.decode(Array(frames.dropFirst()))
            } catch {
                refuse(identity, error.code, error.reason)
                return
            }
        }
        let t = now
        if case .ready(let body) = message {
            register(identity, body, userID: userID, at: t)
            return
        }
        guard let worker = directory.worker(routing: identity) else {
            if case .disconnect = message { return }
            refuse(identity, .unknownWorker, "\(message.kind.rawValue) from a peer that has not sent READY; send READY first")
            return
        }
        scheduler.touch(worker: worker, now: t)
        switch message {
        case .heartbeat:
            break
        case .result(let envelope):
            resultsReceived += 1
            try accept(envelope, body: frames.count == 4 ? frames[3] : [], valid: checkedInPlace != nil, from: worker, identity: identity)
        case .failure(let body):
            guard body.configHash == configHash else {
                refuse(
                    identity, .configHash, "FAILURE for configuration \(body.configHash.prefix(12))…, this sweep is \(configHash.prefix(12))…",
                    task: body.task)
                return
            }
            if body.code == FailureBody.configHashMismatch {
                try quarantine(worker, identity: identity, reason: "it computes another configuration hash: \(body.error)")
                return
            }
            guard let task = taskByKey[body.task] else {
                refuse(identity, .notLeased, "FAILURE for \(body.task), which is not a task of this sweep", task: body.task)
                return
            }
            logger.warning("worker \(worker) reports \(body.task) failed: \(body.error)")
            try journal?.recordEvent(kind: "task_failure", task: body.task, worker: worker, detail: body.error)
            try settle(scheduler.fail(task: task, worker: worker, error: body.error, now: t), worker: worker)
        case .disconnect(let body):
            logger.info("worker \(worker) disconnects (\(body.reason)); handing back \(body.handedBack)")
            scheduler.handBack(worker: worker, tasks: body.handedBack.compactMap { taskByKey[$0] })
            scheduler.remove(worker: worker, reason: "disconnected")
            forget(worker)
        case .ready, .task, .ack, .refuse, .done:
            refuse(identity, .malformed, "a coordinator does not accept \(message.kind.rawValue)")
        }
    }

    /// A worker's announced environment as sorted JSON, or nil when it is not a small map of
    /// short strings (a peer's garbage is dropped, never stored).
    static func environmentText(_ e: [String: String]) -> String? {
        guard !e.isEmpty, e.count <= 32, e.allSatisfy({ $0.key.utf8.count <= 64 && $0.value.utf8.count <= 256 }) else { return nil }
        return JSONValue.object(e.keys.sorted().map { ($0, JSONValue.string(e[$0]!)) }).serialized()
    }

    private mutating func register(_ identity: [UInt8], _ body: ReadyBody, userID: String?, at t: Double) {
        guard !body.worker.isEmpty, body.worker.utf8.count <= 255, body.slots >= 1, body.slots <= 4096 else {
            refuse(identity, .malformed, "READY needs a worker name of 1…255 bytes and 1…4096 slots")
            return
        }
        // Under CURVE a worker is its key; without, replicas are told apart by host.
        let principal = options.curve != nil ? "key:" + (userID ?? "?") : "host:" + body.host
        let live = scheduler
        let worker = directory.bind(name: body.worker, routing: identity, principal: principal, session: body.session) { live.isKnown($0) }
        if worker != body.worker {
            logger.warning(
                "the name \(body.worker) is held by a live worker (or another key); this connection from \(body.host) is worker \(worker) and gets none of its tasks"
            )
        }
        let known = scheduler.isKnown(worker)
        let gpus = min(body.devices?.count ?? 0, 4096)
        scheduler.register(worker: worker, host: body.host, principal: principal, slots: body.slots, gpus: gpus, now: t)
        logger.info(
            "\(known ? "worker re-announced" : "worker joined"): \(worker) on \(body.host), \(body.slots) slot(s)\(gpus > 0 ? ", \(gpus) GPU(s)" : ""), grokscale \(body.version)"
        )
        // A program sweep's provenance: which software the worker's programs run with.
        if !options.config.programs.isEmpty, let environment = body.environment, let detail = Self.environmentText(environment) {
            try? journal?.recordEvent(kind: "worker_environment", worker: worker, detail: detail)
        }
        if scheduler.isQuarantined(worker) {
            refuse(identity, .quarantined, "this worker is quarantined: \(scheduler.health(of: worker)?.quarantineReason ?? "?")")
        } else {
            // At once, so the worker adopts the sweep's heartbeat settings before it can time out.
            send(scheduler.isFinished ? .done : .heartbeat, to: worker)
        }
    }

    /// A worker that cannot compute this sweep (another build) takes no more tasks; its leases
    /// go to others uncharged.
    private mutating func quarantine(_ worker: String, identity: [UInt8], reason: String) throws {
        let released = scheduler.quarantine(worker: worker, reason: reason)
        guard !released.isEmpty || !quarantined.contains(worker) else { return }
        try announceQuarantine(worker, reason: reason, released: released)
    }

    /// After an attempt was charged: a task failed for good is recorded with the turn's
    /// failures; a worker the charge quarantined (a black hole) is told, logged and journaled.
    mutating func settle(_ outcome: Scheduler.ChargeOutcome, worker: String) throws {
        guard let (reason, released) = outcome.quarantined else { return }
        try announceQuarantine(worker, reason: reason, released: released)
    }

    /// A quarantined worker is named in the log, the journal (`grokscale status`, the live
    /// page, /metrics) and told why, so that it exits instead of asking for work.
    mutating func announceQuarantine(_ worker: String, reason: String, released: [SweepTask]) throws {
        if !quarantined.contains(worker) { quarantined.append(worker) }
        logger.error(
            "QUARANTINED worker \(worker) (\(scheduler.host(of: worker) ?? "?")): \(reason); it gets no more tasks, \(released.count) lease(s) go to others uncharged"
        )
        try journal?.recordEvent(kind: "quarantined", worker: worker, detail: reason)
        if let identity = directory.routing(of: worker) {
            refuse(identity, .quarantined, "this worker is quarantined and gets no more tasks: \(reason)")
        }
    }

    /// A binary RESULT of this sweep whose record ``InPlaceResultCheck`` proves valid: its
    /// envelope, without the decoded result. nil: decode and validate in full (any refusal's
    /// exact reason comes from there).
    private mutating func checkedInPlace(_ frames: [[UInt8]]) -> ResultEnvelope? {
        guard journal != nil, frames.count == 4, frames[2].elementsEqual("RESULT".utf8), frames[1].elementsEqual(WireProtocol.identifier.utf8),
            ResultWire.isBinary(frames[3]), let (envelope, record) = try? ResultWire.decodeHeader(frames[3]), let record,
            envelope.configHash == configHash, let task = taskByKey[envelope.task]
        else { return nil }
        let expected = expectation(for: task)
        let valid = frames[3].withUnsafeBytes { InPlaceResultCheck.isValid(UnsafeRawBufferPointer(rebasing: $0[record]), expected: expected) }
        return valid ? envelope : nil
    }

    /// The result of a RESULT: decoded already, or decoded now from a record checked in place
    /// (which decodes: ``InPlaceResultCheck`` proves it; nil would be a bug, never a crash).
    private func decodedResult(_ envelope: ResultEnvelope, body: [UInt8]) -> TaskResult? {
        if let result = envelope.result { return result }
        return ResultWire.recordRange(in: body).flatMap { range in try? TaskResult.decodeBinary(Array(body[range])) }
    }

    /// `body`: the RESULT's body as received; a valid result is stored as its bytes
    /// (``receivedRecord(_:)``), else re-encoded canonically. `valid`: its record was checked in
    /// place (``checkedInPlace(_:)``) and `envelope.result` is nil.
    private mutating func accept(_ envelope: ResultEnvelope, body: [UInt8], valid: Bool = false, from worker: String, identity: [UInt8]) throws {
        guard envelope.configHash == configHash else {
            refuse(
                identity, .configHash, "result for configuration \(envelope.configHash.prefix(12))…, this sweep is \(configHash.prefix(12))…",
                task: envelope.task)
            return
        }
        guard let task = taskByKey[envelope.task] else {
            refuse(identity, .notLeased, "task \(envelope.task) is not part of this sweep", task: envelope.task)
            return
        }
        switch scheduler.disposition(ofResultFrom: worker, task: task) {
        case .refuse(let reason):
            refuse(identity, .notLeased, reason, task: envelope.task)
        case .candidate:
            guard let journal else {
                scheduler.resultReceived(task: task, worker: worker, now: now)
                scheduler.markDone(task: task)
                send(.ack(AckBody(lease: envelope.lease, task: envelope.task, status: .accepted)), to: worker)
                return
            }
            let problem = valid ? nil : envelope.result.map { validate($0, task: task) } ?? "RESULT for \(envelope.task) carries no result"
            if let problem {
                invalidResults += 1
                let outcome = scheduler.invalidResultReceived(task: task, worker: worker, problem: problem, now: now)
                try journal.recordEvent(kind: "invalid_result", task: envelope.task, worker: worker, detail: problem)
                refuse(identity, .invalid, "\(problem); the task goes to another worker", task: envelope.task)
                try settle(outcome, worker: worker)
                return
            }
            let started = ContinuousClock.now
            guard let bytes = CoordinatorLoop.receivedRecord(body) ?? envelope.result.map({ TaskResult.canonicalBytes($0) }) else {
                logger.error("\(envelope.task): a result checked in place has no record bytes; refused, the task goes to another worker")
                refuse(identity, .invalid, "the result record could not be read", task: envelope.task)
                return
            }
            scheduler.resultReceived(task: task, worker: worker, now: now)
            let principal = scheduler.principal(of: worker) ?? worker
            if scheduler.required(of: task) == 1 {
                try commit(
                    task, bytes: bytes, worker: worker, principal: principal, lease: envelope.lease, verified: "",
                    acknowledging: principal == LocalVerifier.principal ? [] : [(worker, envelope.lease)])
                logger.debug("\(envelope.task): validated and queued \(bytes.count) bytes in \((ContinuousClock.now - started).seconds * 1000) ms")
                return
            }
            // Held for agreement: the comparison of layouts needs the value.
            guard let result = decodedResult(envelope, body: body) else {
                logger.error("\(envelope.task): a result checked in place does not decode; refused, the task goes to another worker")
                refuse(identity, .invalid, "the result record does not decode", task: envelope.task)
                return
            }
            let candidate = CandidateStore.Candidate(worker: worker, principal: principal, lease: envelope.lease, bytes: bytes, result: result)
            candidates.add(candidate, task: task)
            if spotChecked.contains(task), !submittedLocally.contains(task), let verifier {
                submittedLocally.insert(task)
                scheduler.reserve(task: task, 1)
                verifier.submit(task)
            }
            try evaluate(task)
        case .duplicate:
            guard let journal else {
                send(.ack(AckBody(lease: envelope.lease, task: envelope.task, status: .duplicate)), to: worker)
                return
            }
            let committed = try core.commits.queuedBytes(of: task) ?? journal.committedResult(task: envelope.task)
            let raw = CoordinatorLoop.receivedRecord(body)
            let result = committed == raw ? nil : decodedResult(envelope, body: body)
            let incoming = result.map { TaskResult.canonicalBytes($0) }
            if let committed, committed == raw || committed == incoming || Journal.canonical(committed) == incoming {
                duplicates += 1
                try journal.recordEvent(kind: "duplicate", task: envelope.task, worker: worker)
                send(.ack(AckBody(lease: envelope.lease, task: envelope.task, status: .duplicate)), to: worker)
            } else {
                determinismFaults += 1
                logger.error("DETERMINISM FAULT: \(worker)'s result for \(envelope.task) differs from the committed one; the committed result stands")
                try journal.recordEvent(
                    kind: "determinism_fault", task: envelope.task, worker: worker,
                    detail: result.map { String(decoding: TaskResult.canonicalJSON($0), as: UTF8.self) })
                refuse(identity, .determinism, "your result for \(envelope.task) differs from the committed one", task: envelope.task)
            }
        }
    }

    /// ``ResultValidator``'s verdict for a task of this sweep (resolved from its wire key once,
    /// at the decoder's edge), checked against the shape of its (task group, width), computed
    /// once per width: only the key and the task differ between its seeds (``ExpectedResult``).
    private mutating func validate(_ result: TaskResult, task: SweepTask) -> String? {
        ResultValidator.problem(with: result, expected: expectation(for: task))
    }

    /// The expected shape of a task of this sweep.
    private mutating func expectation(for task: SweepTask) -> ExpectedResult {
        let shape = SweepTask(width: task.width, seedIndex: 0, group: task.group)
        var expected: ExpectedResult
        if let known = expectations[shape] {
            expected = known
        } else {
            expected = ExpectedResult(task: shape, config: options.config)
            expectations[shape] = expected
        }
        expected.key = task.key
        expected.task = task
        return expected
    }

    /// The result bytes of a RESULT body exactly as received: the binary record, or the JSON
    /// value of `result` when it can be cut out unambiguously (``RawJSON``); nil otherwise.
    static func receivedRecord(_ body: [UInt8]) -> Data? {
        if let range = ResultWire.recordRange(in: body) { return Data(body[range]) }
        return RawJSON.valueRange(ofTopLevelKey: "result", in: body).map { Data(body[$0]) }
    }

    @discardableResult
    mutating func send(_ message: WireMessage, to worker: String) -> Bool {
        // HEARTBEAT carries the sweep's liveness settings (PROTOCOL.md, HeartbeatSettings).
        send(frames: message == .heartbeat ? heartbeatSettings.frames : WireCodec.encode(message), kind: message.kind, to: worker)
    }

    /// Sends already encoded frames of a `kind` message.
    @discardableResult
    mutating func send(frames: [[UInt8]], kind: MessageKind, to worker: String) -> Bool {
        guard let identity = directory.routing(of: worker), let socket else { return false }
        do {
            try socket.send([identity] + frames, dontWait: true)
            core.sent(to: worker, at: now)
            return true
        } catch let error as ZMQError where error.isHostUnreachable {
            if scheduler.isFinished {
                logger.info("worker \(worker) has left")
            } else {
                logger.warning("worker \(worker) is unreachable; its tasks are leased again")
                if scheduler.health(of: worker)?.quarantined != true { core.ending.workersLost += 1 }  // a quarantined worker is not coming back
                // Recorded like a silent worker, so `status` counts every loss (best effort: a
                // full disk here must not stop the loop; the commit path reports it).
                try? journal?.recordEvent(kind: "worker_lost", worker: worker, detail: "unreachable")
            }
            scheduler.remove(worker: worker, reason: "became unreachable")
            forget(worker)
        } catch {
            logger.warning("sending \(kind.rawValue) to \(worker) failed: \(error)")
        }
        return false
    }

    mutating func refuse(_ identity: [UInt8], _ code: RefusalCode, _ reason: String, task: String? = nil) {
        refusals += 1
        let who = directory.worker(routing: identity) ?? "peer \(identity.prefix(16).map { String(format: "%02x", $0) }.joined())"
        logger.warning("refused a message from \(who): \(code.rawValue): \(reason)")
        try? socket?.send([identity] + WireCodec.encode(.refuse(RefuseBody(code: code, reason: reason, task: task))), dontWait: true)
    }

    var heartbeatSettings: HeartbeatSettings {
        HeartbeatSettings(intervalMs: options.config.network.heartbeatIntervalMs, liveness: options.config.network.heartbeatLiveness)
    }

    mutating func forget(_ worker: String) {
        directory.forget(worker)
        core.forget(worker)
    }
}
