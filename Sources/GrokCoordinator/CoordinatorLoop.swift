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

    /// Routing ids ⇄ worker ids ⇄ principals.
    var directory = WorkerDirectory()
    var lastSent: [String: Double] = [:]
    var duplicates = 0
    var determinismFaults = 0
    var refusals = 0
    var invalidResults = 0
    /// RESULT messages handled (the divisor of the coordinator's CPU per result).
    var resultsReceived = 0
    var quarantined: [String] = []
    /// Workers lost (silent or unreachable) before the sweep finished, in this run.
    var workersLost = 0
    let started = ContinuousClock.now
    /// Held for the coordinator's life: one coordinator per folder.
    let lock: [FolderLock]?
    /// Results held until enough agree (replication, spot checks).
    var candidates: CandidateStore
    let spotChecked: Set<SweepTask>
    let verifier: LocalVerifier?
    var submittedLocally: Set<SweepTask> = []
    /// The sweep's tasks by wire key: keys are resolved here, once, never parsed below the wire.
    let taskByKey: [String: SweepTask]
    var warnedFewPrincipals = false
    /// Results validated and agreed, waiting for the group commit after this turn's messages.
    var pendingCommits: [Journal.Commit] = []
    var pendingBytes: [SweepTask: Data] = [:]
    var pendingAcks: [(worker: String, ack: AckBody)] = []
    var pendingLeases: [(id: Int, task: String, worker: String, host: String)] = []
    /// Expected result shapes by (task group, width), seed 0: every seed of a width has the
    /// same shape, so it is computed once per width, not once per task.
    var expectations: [SweepTask: ExpectedResult] = [:]
    /// Where the thread's CPU goes over the task phase (counted while `measuring`).
    var cost = CoordinatorCost()
    var measuring = false
    /// When the oldest pending commit or lease was queued (nil: nothing pending).
    var pendingSince: Double? = nil
    static let maxMessageBytes = 1 << 30
    /// Seconds between scans for silent workers and expired leases.
    static let expiryScanPeriod = 0.05
    /// TASK messages with the configuration text escaped once, not once per lease.
    let taskMessages: TaskMessageEncoder

    init(options: CoordinatorOptions, context: ZMQContext, logger: Logger) throws {
        self.options = options
        candidates = CandidateStore(config: options.config)
        self.logger = logger
        self.context = context
        configText = options.config.tomlText
        configHash = options.config.configurationHash
        taskMessages = TaskMessageEncoder(kind: options.noopTasks == nil ? .sweep : .noop, configHash: configHash, config: configText)
        let order: [SweepTask]
        var done: Set<SweepTask> = []
        var required: [SweepTask: Int] = [:]
        var spot: Set<SweepTask> = []
        if let n = options.noopTasks {
            journal = nil
            lock = nil
            // Benchmark tasks: keys of the legacy form ("h1-s7"); a noop worker never reads them.
            order = (0..<n).map { SweepTask(width: 1, seedIndex: $0) }
        } else {
            // The locks first: a refused second coordinator must not touch the journal. The
            // journal's folder, and the report's when the journal lives apart (--journal-dir).
            let journalFolder = options.journalFolder ?? options.outputFolder
            var locks = [try FolderLock(folder: journalFolder, purpose: "coordinator")]
            if journalFolder.standardizedFileURL != options.outputFolder.standardizedFileURL {
                locks.append(try FolderLock(folder: options.outputFolder, purpose: "coordinator"))
            }
            lock = locks
            let journal = try Journal(folder: journalFolder, config: options.config)
            self.journal = journal
            // Widest first: the longest tasks start early, so workers finish together.
            let tasks = options.config.tasks.sorted { ($0.width, -$0.seedIndex) > ($1.width, -$1.seedIndex) }
            let verified = journal.verifiedTasks
            done = Set(tasks.filter { verified.contains($0.key) })
            order = tasks
            for task in tasks {
                required[task] = VerificationPolicy.required(task, config: options.config)
                if VerificationPolicy.isSpotChecked(task, config: options.config) { spot.insert(task) }
            }
        }
        taskByKey = Dictionary(order.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        spotChecked = spot
        verifier = spot.isEmpty ? nil : LocalVerifier(config: options.config)
        let config = options.config
        let needsGPU = Set(order.filter { config.program(named: $0.group.task)?.requiresGPU == true })
        scheduler = Scheduler(order: order, done: done, limits: options.limits, required: required, needsGPU: needsGPU)
    }

    var now: Double { (ContinuousClock.now - started).seconds }

    /// Whether a worker may still come back after the sweep finished: this coordinator resumed
    /// an earlier run (its workers may be reconnecting after the restart) or lost workers on
    /// the way. Then it stays up for ``doneGrace`` to answer them DONE, instead of leaving the
    /// moment the last connected worker says goodbye (a worker left reconnecting would run on).
    var workersMayReturn: Bool { workersLost > 0 || (journal?.coordinatorRun ?? 1) > 1 }

    /// How long a finished coordinator waits for workers: the configured grace, and when
    /// workers may return, at least one worker reconnect back-off (``WorkerReconnect/maxBackoff``)
    /// after a liveness period, so that a worker in back-off reconnects and hears DONE.
    var doneGrace: Double {
        guard workersMayReturn else { return options.doneGraceSeconds }
        return max(options.doneGraceSeconds, options.limits.silenceAllowed + WorkerReconnect.maxBackoff + 2)
    }

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
        // A message above 1 GiB is dropped by libzmq (and its connection closed): far above any
        // result (the default grid's are ~30 KB, per-seed mode at N ≈ 2000 a few tens of MB),
        // it bounds what one peer can make the coordinator allocate.
        try socket.set([.routerMandatory(true), .linger(milliseconds: 0), .sendHighWaterMark(100_000), .receiveHighWaterMark(100_000),
                        .maxMessageSize(CoordinatorLoop.maxMessageBytes)])
        if let curve = options.curve {
            let logger = self.logger
            zap = try CurveServerSocket.enable(socket, context: context, secretKey: curve.secretKey, authorizedKeys: curve.authorizedKeys,
                                               domain: "grokscale", warn: { logger.warning("\($0)") })
            monitor = try socket.monitorHandshakeFailures(context: context, name: "grokscale-coordinator-monitor-\(UUID().uuidString)")
        }
        do {
            try socket.bind(options.bind)
        } catch let error as ZMQError {
            throw CoordinatorStartError(endpoint: options.bind, error: error)
        }
        self.socket = socket
        let endpoint = try socket.lastEndpoint
        try journal?.beginRun(bind: endpoint, config: options.config)
        if let journal, scheduler.count(.done) > 0 {
            logger.info("resuming: \(scheduler.count(.done)) of \(scheduler.order.count) tasks already in the journal (coordinator run \(journal.coordinatorRun)), every row's checksum verified")
        }
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
        var cpuAtFirstLease: (user: Double, system: Double)? = nil
        var taskPhaseCPU: Double? = nil
        var reportSeconds: Double? = nil
        var slotSeconds = 0.0, starvedSlotSeconds = 0.0, lastTurn: Double? = nil
        var written: (url: URL, report: JSONValue)? = nil
        var nextExpiryScan = 0.0
        var lastProgress: (Int, Int, Int, Int, Int)? = nil
        var poller = ZMQPoller()
        _ = poller.add(socket, events: .readable)
        if let monitor { _ = poller.add(monitor, events: .readable) }

        while !stopRequested.load(ordering: .relaxed) {
            let timeout = Int(max(1, min(interval / 2, 0.25, commitDueIn ?? .infinity) * 1000))
            do {
                let ready = try poller.poll(timeoutMilliseconds: timeout)
                if measuring { cost.wakeUps += 1 }
                if ready[0].contains(.readable) {
                    // Every ready message in one wake-up (DONTWAIT), bounded so that timers
                    // still run under a flood.
                    let cpu = measuring ? ThreadCPU.preciseSeconds() : 0
                    var drained = 0, committed = 0.0
                    while drained < 10_000, let (frames, userID) = try socket.receive(dontWait: true, property: "User-Id") {
                        try handle(frames, userID: userID)
                        drained += 1
                        // The batch cap holds inside a burst too: a commit never exceeds it.
                        if pendingCommits.count >= CoordinatorLoop.commitBatch { committed += try flushCommits() }
                    }
                    if measuring {
                        cost.messages += drained
                        cost.messageCPU += ThreadCPU.preciseSeconds() - cpu - committed
                    }
                }
                if ready.count > 1, ready[1].contains(.readable), let monitor {
                    while let frames = try monitor.receive(dontWait: true) { logHandshakeFailure(frames) }
                }
            } catch let error as ZMQError where error.isInterrupted {
                continue
            }
            let t = now
            // Silence and lease deadlines are seconds long: scanned on a timer, not per message.
            if t >= nextExpiryScan {
                nextExpiryScan = t + CoordinatorLoop.expiryScanPeriod
                let (dead, expired) = scheduler.expire(now: t)
                for worker in dead {
                    forget(worker)
                    // After the sweep's end a silent worker has simply left (DONE was its last word).
                    guard finishedAt == nil else {
                        logger.info("worker \(worker) has left")
                        continue
                    }
                    if scheduler.health(of: worker)?.quarantined != true { workersLost += 1 }  // a quarantined worker is not coming back
                    logger.warning("worker \(worker) went silent for \(options.limits.silenceAllowed) s; its tasks are leased again")
                    try journal?.recordEvent(kind: "worker_lost", worker: worker)
                }
                for task in expired { logger.warning("lease of \(task.key) expired; leasing it again") }
            }
            try collectLocalResults()
            // A black hole that was alone is quarantined once another worker can compute.
            for q in scheduler.reviewHealth() { try announceQuarantine(q.worker, reason: q.reason, released: q.released) }
            let leases = scheduler.assign(now: t)
            queueLeases(leases)
            // Idle capacity: free slots while tasks wait to be leased (after this turn's leases).
            if firstLeaseAt != nil, finishedAt == nil, let last = lastTurn {
                let dt = t - last
                for worker in scheduler.liveWorkers {
                    let slots = scheduler.slots(of: worker)
                    slotSeconds += dt * Double(slots)
                    if scheduler.count(.pending) > 0 { starvedSlotSeconds += dt * Double(max(0, slots - scheduler.leases(of: worker).count)) }
                }
            }
            lastTurn = t
            // The report is written from the journal: everything is committed before it.
            try flushIfDue(force: scheduler.isFinished)
            try recordNewFailures()
            for lease in leases {
                if firstLeaseAt == nil { firstLeaseAt = t; cpuAtFirstLease = ThreadCPU.split(); measuring = true }
                send(frames: taskMessages.frames(lease: lease.id, task: lease.task.key), kind: .task, to: lease.worker)
            }
            // After the sweep, workers are leaving: DONE was their last word from us.
            if finishedAt == nil {
                for worker in scheduler.liveWorkers where t - (lastSent[worker] ?? 0) >= interval {
                    send(.heartbeat, to: worker)
                }
            }
            if finishedAt == nil && scheduler.isFinished {
                finishedAt = now
                if let start = cpuAtFirstLease, resultsReceived > 0, let first = firstLeaseAt {
                    let end = ThreadCPU.split()
                    let (user, system) = (end.user - start.user, end.system - start.system)
                    taskPhaseCPU = user + system
                    measuring = false
                    (cost.userCPU, cost.systemCPU) = (user, system)
                    let n = Double(resultsReceived)
                    let perResult = { (x: Double) in String(format: "%.3f", x * 1000 / n) }
                    logger.info("task phase: \(resultsReceived) results in \(String(format: "%.3f", finishedAt! - first)) s; coordinator CPU \(perResult(user + system)) ms per result (user \(perResult(user)), system \(perResult(system)); messages \(perResult(cost.messageCPU)), commits \(perResult(cost.commitCPU)), other \(perResult(cost.otherCPU))); \(cost.wakeUps) wake-ups, \(cost.messages) messages, \(cost.commits) commits (largest \(cost.largestCommit))")
                }
                // Release the workers first: the analysis may take a while, and a worker
                // waiting on a silent coordinator would start reconnecting.
                for worker in scheduler.liveWorkers { send(.done, to: worker) }
                let reportStarted = now
                written = try finish()
                reportSeconds = now - reportStarted
            }
            let snapshot = (scheduler.count(.done), scheduler.count(.failed), scheduler.count(.leased), scheduler.liveWorkers.count, duplicates)
            if lastProgress == nil || snapshot != lastProgress! {
                lastProgress = snapshot
                let holders = scheduler.liveWorkers.compactMap { worker -> CoordinatorProgress.Holder? in
                    let held = scheduler.leases(of: worker)
                    return held.isEmpty ? nil : .init(worker: worker, host: scheduler.host(of: worker) ?? "?", tasks: held.sorted().map(\.key))
                }
                // "Leased" is what the holders hold: tasks out with at least one worker.
                progress(CoordinatorProgress(total: scheduler.order.count, done: snapshot.0, failed: snapshot.1, leased: Set(holders.flatMap(\.tasks)).count,
                                             liveWorkers: snapshot.3, duplicates: snapshot.4, holders: holders))
            }
            if let f = finishedAt, t - f >= doneGrace || scheduler.liveWorkers.isEmpty && !workersMayReturn && t - f >= 0.05 {
                break
            }
        }
        // Stopped early: what was accepted is committed (and acknowledged) before leaving.
        _ = try flushCommits()
        return Coordinator.Outcome(
            reportURL: written?.url, report: written?.report, done: scheduler.count(.done),
            failed: failedTasks,
            duplicates: duplicates, determinismFaults: determinismFaults, refusals: refusals,
            invalidResults: invalidResults, quarantined: quarantined,
            taskPhaseSeconds: finishedAt.flatMap { f in firstLeaseAt.map { f - $0 } },
            taskPhaseCPUSeconds: taskPhaseCPU, resultsReceived: resultsReceived, reportSeconds: reportSeconds,
            starvedSlotFraction: slotSeconds > 0 ? starvedSlotSeconds / slotSeconds : nil,
            cost: taskPhaseCPU == nil ? nil : cost)
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
            logger.error("task \(f.task.key) failed after \(f.attempts) attempts: \(f.error)")
            try journal?.recordFailure(task: f.task.key, error: f.error, attempts: f.attempts)
        }
    }

    /// Tasks failed for good in this run, as the report lists them.
    private var failedTasks: [TaskFailure] {
        scheduler.failures.map { TaskFailure(task: $0.task, error: $0.error, attempts: $0.attempts) }
    }

    /// Writes report.json from the journal (never from memory: what is reported is what is committed).
    private func finish() throws -> (url: URL, report: JSONValue)? {
        guard let journal else {
            logger.info("all \(scheduler.order.count) no-op tasks done")
            return nil
        }
        // One pass over the journal: each committed result is folded, written to
        // avalanches.csv.gz and to the journal's cascades table, then dropped.
        let streamed = StreamedReportFolder(config: options.config, folder: options.outputFolder)
        let read = try journal.forEachResultFillingCascades(config: options.config) { try streamed.add($0) }
        let failures = failedTasks
        let report = ReportBuilder.build(
            config: options.config, input: streamed.input, failures: failures,
            provenance: Provenance(gitCommit: options.gitCommit, hostCount: max(1, read.hosts),
                                   verification: .init(config: options.config, replicated: read.replicated, spotChecked: read.spotChecked)))
        let url: URL
        do {
            url = try ReportWriter.writeReport(report, into: options.outputFolder)
        } catch {
            throw JournalError(.cannotWrite, description: "the sweep finished, but \(error). Nothing committed was lost: free space (or fix the permissions) and run `grokscale report \(options.outputFolder.path)\(options.journalFolder.map { " --journal-dir \($0.path)" } ?? "")`.")
        }
        // The renderings are a view of report.json: failing to write them must not lose it, and
        // it is still a failure of the command (exit 73), never a quiet exit 0.
        var unwritten: [String] = []
        do {
            try ReportFolder.writeRenderings(report, streamed: streamed, into: options.outputFolder)
        } catch {
            unwritten.append("its renderings (\(error))")
        }
        do {
            try ExecutionRecord.write(journalFolder: options.journalFolder ?? options.outputFolder, into: options.outputFolder)
        } catch {
            unwritten.append("\(ExecutionRecord.fileName) (\(error))")
        }
        if let why = read.cascadesError {
            unwritten.append("the journal's cascades table in \((options.journalFolder ?? options.outputFolder).path) (\(why); avalanches.csv.gz holds the same rows)")
        }
        guard unwritten.isEmpty else {
            throw JournalError(.cannotWrite, description: "the sweep finished (\(read.results) done, \(failures.count) failed) and \(url.path) was written, but not \(unwritten.joined(separator: ", nor ")). Nothing committed was lost: free space (or fix the permissions) and run `grokscale report \(options.outputFolder.path)\(options.journalFolder.map { " --journal-dir \($0.path)" } ?? "")` to write them.")
        }
        logger.info("sweep finished: \(read.results) done, \(failures.count) failed; wrote \(url.path)")
        return (url, report)
    }
}

