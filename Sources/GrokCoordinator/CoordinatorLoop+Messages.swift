import Foundation
import GrokProtocol
import GrokSweep
import ZeroMQ

/// What the coordinator does with each message. Every bad message is refused with a logged
/// reason; none of them can stop the loop or touch a committed result.
extension CoordinatorLoop {
    mutating func handle(_ frames: [[UInt8]]) throws {
        guard let identity = frames.first, frames.count >= 2 else { return }
        let message: WireMessage
        do {
            message = try WireCodec.decode(Array(frames.dropFirst()))
        } catch {
            refuse(identity, error.code, error.reason)
            return
        }
        let t = now
        if case .ready(let body) = message {
            register(identity, body, at: t)
            return
        }
        guard let worker = workerNames[identity] else {
            if case .disconnect = message { return }
            refuse(identity, .unknownWorker, "\(message.kind.rawValue) from a peer that has not sent READY; send READY first")
            return
        }
        scheduler.touch(worker: worker, now: t)
        switch message {
        case .heartbeat:
            break
        case .result(let envelope):
            try accept(envelope, from: worker, identity: identity)
        case .failure(let body):
            guard body.configHash == configHash else {
                refuse(identity, .configHash, "FAILURE for configuration \(body.configHash.prefix(12))…, this sweep is \(configHash.prefix(12))…", task: body.task)
                return
            }
            logger.warning("worker \(worker) reports \(body.task) failed: \(body.error)")
            scheduler.fail(task: body.task, worker: worker, error: body.error)
        case .disconnect(let body):
            logger.info("worker \(worker) disconnects (\(body.reason)); handing back \(body.handedBack)")
            scheduler.handBack(worker: worker, tasks: body.handedBack)
            scheduler.remove(worker: worker, reason: "disconnected")
            forget(worker)
        case .ready, .task, .ack, .refuse, .done:
            refuse(identity, .malformed, "a coordinator does not accept \(message.kind.rawValue)")
        }
    }

    private mutating func register(_ identity: [UInt8], _ body: ReadyBody, at t: Double) {
        guard !body.worker.isEmpty, body.slots >= 1, body.slots <= 4096 else {
            refuse(identity, .malformed, "READY needs a non-empty worker name and 1…4096 slots")
            return
        }
        if let old = routingIDs[body.worker], old != identity { workerNames[old] = nil }
        routingIDs[body.worker] = identity
        workerNames[identity] = body.worker
        let known = scheduler.isKnown(body.worker)
        scheduler.register(worker: body.worker, host: body.host, slots: body.slots, now: t)
        logger.info("\(known ? "worker re-announced" : "worker joined"): \(body.worker) on \(body.host), \(body.slots) slot(s), grokscale \(body.version)")
        // At once, so the worker adopts the sweep's heartbeat settings before it can time out.
        send(scheduler.isFinished ? .done : .heartbeat, to: body.worker)
    }

    private mutating func accept(_ envelope: ResultEnvelope, from worker: String, identity: [UInt8]) throws {
        guard envelope.configHash == configHash else {
            refuse(identity, .configHash, "result for configuration \(envelope.configHash.prefix(12))…, this sweep is \(configHash.prefix(12))…", task: envelope.task)
            return
        }
        switch scheduler.disposition(ofResultFrom: worker, task: envelope.task) {
        case .refuse(let reason):
            refuse(identity, .notLeased, reason, task: envelope.task)
        case .commit:
            if journal != nil {
                guard let result = envelope.result else {
                    refuse(identity, .malformed, "RESULT for \(envelope.task) carries no result", task: envelope.task)
                    return
                }
                if let problem = check(result, key: envelope.task) {
                    refuse(identity, .malformed, problem, task: envelope.task)
                    return
                }
                let started = ContinuousClock.now
                let data = WireCodec.json(result)
                try journal!.commit(task: result.task, result: data, worker: worker, host: scheduler.host(of: worker) ?? "?", lease: envelope.lease)
                logger.debug("\(envelope.task): committed \(data.count) bytes in \((ContinuousClock.now - started).seconds * 1000) ms")
            }
            scheduler.markDone(task: envelope.task)
            send(.ack(AckBody(lease: envelope.lease, task: envelope.task, status: .accepted)), to: worker)
        case .duplicate:
            guard let journal else {
                send(.ack(AckBody(lease: envelope.lease, task: envelope.task, status: .duplicate)), to: worker)
                return
            }
            let committed = try journal.committedResult(task: envelope.task)
            let incoming = envelope.result.map { WireCodec.json($0) }
            if committed != nil && committed == incoming {
                duplicates += 1
                try journal.recordEvent(kind: "duplicate", task: envelope.task, worker: worker)
                send(.ack(AckBody(lease: envelope.lease, task: envelope.task, status: .duplicate)), to: worker)
            } else {
                determinismFaults += 1
                logger.error("DETERMINISM FAULT: \(worker)'s result for \(envelope.task) differs from the committed one; the committed result stands")
                try journal.recordEvent(kind: "determinism_fault", task: envelope.task, worker: worker, detail: incoming.map { String(decoding: $0, as: UTF8.self) })
                refuse(identity, .determinism, "your result for \(envelope.task) differs from the committed one", task: envelope.task)
            }
        }
    }

    /// A result must be the one asked for and have the shape of this sweep.
    private func check(_ r: TaskResult, key: String) -> String? {
        let config = options.config
        if r.task.key != key { return "the result is for \(r.task.key), the envelope says \(key)" }
        let expected = config.parameterCount(task: r.task.group.task, width: r.task.width)
        if r.parameterCount != expected { return "\(key): parameterCount \(r.parameterCount) is not the task's N = \(expected.map(String.init) ?? "?") at h = \(r.task.width)" }
        let snapshots = config.snapshotEpochs
        if r.snapshotEpochs != snapshots { return "\(key): snapshot epochs differ from the configuration's" }
        if r.loss.count != snapshots.count || r.accuracy.count != snapshots.count || r.gini.count != snapshots.count {
            return "\(key): loss, accuracy and gini need one value per snapshot"
        }
        if r.topologies.map(\.topology) != config.topologies { return "\(key): topologies \(r.topologies.map(\.topology)) differ from \(config.topologies)" }
        for t in r.topologies {
            if t.gradient.count != snapshots.count { return "\(key)/\(t.topology): one gradient field per snapshot expected" }
            if t.control.count != (config.probe.control ? config.controlFieldsPerRun : 0) { return "\(key)/\(t.topology): wrong number of control fields" }
        }
        return nil
    }

    mutating func send(_ message: WireMessage, to worker: String) {
        guard let identity = routingIDs[worker], let socket else { return }
        do {
            // HEARTBEAT carries the sweep's liveness settings (PROTOCOL.md, HeartbeatSettings).
            let frames = message == .heartbeat ? heartbeatSettings.frames : WireCodec.encode(message)
            try socket.send([identity] + frames, dontWait: true)
            lastSent[worker] = now
        } catch let error as ZMQError where error.isHostUnreachable {
            if scheduler.isFinished {
                logger.debug("worker \(worker) has left")
            } else {
                logger.warning("worker \(worker) is unreachable; its tasks are leased again")
            }
            scheduler.remove(worker: worker, reason: "became unreachable")
            forget(worker)
        } catch {
            logger.warning("sending \(message.kind.rawValue) to \(worker) failed: \(error)")
        }
    }

    mutating func refuse(_ identity: [UInt8], _ code: RefusalCode, _ reason: String, task: String? = nil) {
        refusals += 1
        let who = workerNames[identity] ?? "peer \(identity.prefix(16).map { String(format: "%02x", $0) }.joined())"
        logger.warning("refused a message from \(who): \(code.rawValue): \(reason)")
        try? socket?.send([identity] + WireCodec.encode(.refuse(RefuseBody(code: code, reason: reason, task: task))), dontWait: true)
    }

    var heartbeatSettings: HeartbeatSettings {
        HeartbeatSettings(intervalMs: options.config.network.heartbeatIntervalMs, liveness: options.config.network.heartbeatLiveness)
    }

    mutating func forget(_ worker: String) {
        if let identity = routingIDs.removeValue(forKey: worker) { workerNames[identity] = nil }
        lastSent[worker] = nil
    }
}
