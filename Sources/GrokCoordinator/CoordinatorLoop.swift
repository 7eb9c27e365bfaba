import Foundation
import GrokProtocol
import GrokReport
import GrokSweep
import Logging
import Synchronization
import ZeroMQ

/// The coordinator's socket loop. Lives on one thread (ZeroMQ sockets are not thread-safe).
struct CoordinatorLoop {
    let options: CoordinatorOptions
    let logger: Logger
    let context: ZMQContext
    let journal: Journal?
    let configText: String
    let configHash: String
    var scheduler: Scheduler
    var socket: ZMQSocket?
    var zap: ZAPHandler?
    /// Handshake failures of the ROUTER (CURVE only): how plain-text peers get logged.
    var monitor: ZMQSocket?

    /// Worker name ⇄ current routing id.
    var routingIDs: [String: [UInt8]] = [:]
    var workerNames: [[UInt8]: String] = [:]
    var lastSent: [String: Double] = [:]
    var duplicates = 0
    var determinismFaults = 0
    var refusals = 0
    let started = ContinuousClock.now

    init(options: CoordinatorOptions, context: ZMQContext, logger: Logger) throws {
        self.options = options
        self.logger = logger
        self.context = context
        configText = options.config.tomlText
        configHash = options.config.configurationHash
        let order: [String]
        var done: Set<String> = []
        if let n = options.noopTasks {
            journal = nil
            order = (0..<n).map { "noop-\($0)" }
        } else {
            let journal = try Journal(folder: options.journalFolder ?? options.outputFolder, config: options.config, bind: options.bind)
            self.journal = journal
            done = try journal.committedTasks()
            // Widest first: the longest tasks start early, so workers finish together.
            order = options.config.tasks.sorted { ($0.width, -$0.seedIndex) > ($1.width, -$1.seedIndex) }.map(\.key)
            if !done.isEmpty {
                logger.info("resuming: \(done.count) of \(order.count) tasks already in the journal (coordinator run \(journal.coordinatorRun))")
            }
        }
        scheduler = Scheduler(order: order, done: done, limits: options.limits)
    }

    var now: Double { (ContinuousClock.now - started).seconds }

    mutating func bind() throws -> String {
        let socket = try ZMQSocket(context: context, type: .router)
        // ROUTER_MANDATORY: a message to a peer that has gone is EHOSTUNREACH (handled in
        // `send`: the worker is forgotten and its tasks leased again), never a silent drop.
        // High-water marks, per peer: the coordinator queues at most a few messages per worker
        // (leases, ACKs, heartbeats), so 100,000 is never reached by a live worker; it bounds the
        // memory held for a worker whose link is down but not yet closed (until liveness
        // expires) and still absorbs a burst of tens of thousands of no-op results in `bench`.
        // A send that would block at the mark fails with EAGAIN instead (dontWait): logged, and
        // the lease concerned simply expires and is leased again.
        try socket.set([.routerMandatory(true), .linger(milliseconds: 0), .sendHighWaterMark(100_000), .receiveHighWaterMark(100_000)])
        if let curve = options.curve {
            let authorized = curve.authorizedKeys
            let logger = self.logger
            zap = try ZAPHandler(context: context, log: { logger.warning("ZAP: \($0)") }) { request in
                guard request.mechanism == "CURVE", let key = request.curvePublicKey else {
                    logger.warning("refused a \(request.mechanism) connection from \(request.address): CURVE is required")
                    return .deny(reason: "CURVE required")
                }
                guard authorized.contains(key) else {
                    logger.warning("refused an unknown CURVE key \(key) from \(request.address)")
                    return .deny(reason: "unknown key")
                }
                return .allow(userID: key)
            }
            try socket.set([.curveServer(true), .curveSecretKey(curve.secretKey), .zapDomain("grokscale")])
            monitor = try socket.monitorHandshakeFailures(context: context, name: "grokscale-coordinator-monitor-\(UUID().uuidString)")
        }
        try socket.bind(options.bind)
        self.socket = socket
        let endpoint = try socket.lastEndpoint
        logger.info("coordinator listening on \(endpoint), \(scheduler.order.count) tasks, configuration \(configHash.prefix(12))")
        return endpoint
    }

    mutating func run(stopRequested: borrowing Atomic<Bool>, progress: (CoordinatorProgress) -> Void) throws -> Coordinator.Outcome {
        guard let socket else { throw JournalError(description: "the coordinator socket is not bound") }
        defer {
            monitor?.close()
            socket.close()
            if let zap { _ = zap.stop() }
        }
        let interval = options.limits.heartbeatInterval
        var finishedAt: Double? = nil
        var firstLeaseAt: Double? = nil
        var written: (url: URL, report: JSONValue)? = nil
        var lastProgress: (Int, Int, Int, Int, Int)? = nil
        var poller = ZMQPoller()
        _ = poller.add(socket, events: .readable)
        if let monitor { _ = poller.add(monitor, events: .readable) }

        while !stopRequested.load(ordering: .relaxed) {
            let timeout = Int(max(1, min(interval / 2, 0.25) * 1000))
            do {
                let ready = try poller.poll(timeoutMilliseconds: timeout)
                if ready[0].contains(.readable) {
                    var drained = 0
                    while drained < 10_000, let frames = try socket.receive(dontWait: true) {
                        try handle(frames)
                        drained += 1
                    }
                }
                if ready.count > 1, ready[1].contains(.readable), let monitor {
                    while let frames = try monitor.receive(dontWait: true) { logHandshakeFailure(frames) }
                }
            } catch let error as ZMQError where error.isInterrupted {
                continue
            }
            let t = now
            let (dead, expired) = scheduler.expire(now: t)
            for worker in dead {
                logger.warning("worker \(worker) went silent for \(options.limits.silenceAllowed) s; its tasks are leased again")
                forget(worker)
                try journal?.recordEvent(kind: "worker_lost", worker: worker)
            }
            for task in expired { logger.warning("lease of \(task) expired; leasing it again") }
            try recordNewFailures()
            for lease in scheduler.assign(now: t) {
                if firstLeaseAt == nil { firstLeaseAt = t }
                try journal?.recordLease(id: lease.id, task: lease.task, worker: lease.worker, host: scheduler.host(of: lease.worker) ?? "?")
                let body = TaskBody(lease: lease.id, task: lease.task, kind: options.noopTasks == nil ? .sweep : .noop, configHash: configHash, config: configText)
                send(.task(body), to: lease.worker)
            }
            // After the sweep, workers are leaving: DONE was their last word from us.
            if finishedAt == nil {
                for worker in scheduler.liveWorkers where t - (lastSent[worker] ?? 0) >= interval {
                    send(.heartbeat, to: worker)
                }
            }
            if finishedAt == nil && scheduler.isFinished {
                finishedAt = now
                // Release the workers first: the analysis may take a while, and a worker
                // waiting on a silent coordinator would start reconnecting.
                for worker in scheduler.liveWorkers { send(.done, to: worker) }
                written = try finish()
            }
            let snapshot = (scheduler.count(.done), scheduler.count(.failed), scheduler.count(.leased), scheduler.liveWorkers.count, duplicates)
            if lastProgress == nil || snapshot != lastProgress! {
                lastProgress = snapshot
                progress(CoordinatorProgress(total: scheduler.order.count, done: snapshot.0, failed: snapshot.1, leased: snapshot.2, liveWorkers: snapshot.3, duplicates: snapshot.4))
            }
            if let f = finishedAt, t - f >= options.doneGraceSeconds || scheduler.liveWorkers.isEmpty && t - f >= 0.05 {
                break
            }
        }
        return Coordinator.Outcome(
            reportURL: written?.url, report: written?.report, done: scheduler.count(.done),
            failed: failedTasks,
            duplicates: duplicates, determinismFaults: determinismFaults, refusals: refusals,
            taskPhaseSeconds: finishedAt.flatMap { f in firstLeaseAt.map { f - $0 } })
    }

    /// Refused unknown keys are logged by the ZAP handler; this logs the peers ZAP never sees.
    private func logHandshakeFailure(_ frames: [[UInt8]]) {
        guard let failure = ZMQSocket.handshakeFailure(from: frames) else { return }
        switch failure.kind {
        case .authentication:
            break
        case .protocolError:
            logger.warning("refused a connection on \(failure.endpoint) that does not speak CURVE (protocol error \(String(failure.code, radix: 16))): a worker without --secret-key/--server-key?")
        case .other:
            // libzmq often reports a plain-text peer only as a broken pipe.
            logger.warning("a CURVE handshake on \(failure.endpoint) failed: \(String(cString: strerror(Int32(bitPattern: failure.code)))) (a peer that does not speak CURVE, or one that left mid-handshake)")
        }
    }

    private var recordedFailures = 0

    /// Tasks that failed for good since the last call go into the journal.
    private mutating func recordNewFailures() throws {
        guard scheduler.failureCount > recordedFailures else { return }
        for f in scheduler.failures.dropFirst(recordedFailures) {
            recordedFailures += 1
            logger.error("task \(f.task) failed after \(f.attempts) attempts: \(f.error)")
            try journal?.recordFailure(task: f.task, error: f.error, attempts: f.attempts)
        }
    }

    /// Tasks failed for good in this run, as the report lists them.
    private var failedTasks: [TaskFailure] {
        scheduler.failures.compactMap { f in SweepTask(key: f.task).map { TaskFailure(task: $0, error: f.error, attempts: f.attempts) } }
    }

    /// Writes report.json from the journal (never from memory: what is reported is what is committed).
    private func finish() throws -> (url: URL, report: JSONValue)? {
        guard let journal else {
            logger.info("all \(scheduler.order.count) no-op tasks done")
            return nil
        }
        let (results, hosts) = try journal.results()
        let failures = failedTasks
        let report = ReportBuilder.build(
            config: options.config, results: results, failures: failures,
            provenance: Provenance(gitCommit: options.gitCommit, hostCount: max(1, hosts)))
        let url = try ReportWriter.writeReport(report, into: options.outputFolder)
        // The renderings are a view of report.json: failing to write them must not lose it.
        do {
            try ReportFolder.writeRenderings(report, into: options.outputFolder)
        } catch {
            logger.error("wrote \(url.path) but not its HTML/Markdown/CSV renderings: \(error); run `grokscale report \(options.outputFolder.path)` to retry")
        }
        logger.info("sweep finished: \(results.count) done, \(failures.count) failed; wrote \(url.path)")
        return (url, report)
    }
}

