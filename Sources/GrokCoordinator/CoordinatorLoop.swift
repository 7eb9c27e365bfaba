import Foundation
import GrokConfig
import GrokProtocol
import GrokRunner
import GrokTasks
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
    var socket: ZMQSocket?
    var zap: ZAPHandler?
    /// Handshake failures of the ROUTER (CURVE only): how plain-text peers get logged.
    var monitor: ZMQSocket?

    /// The timed decisions: scheduler, commit queue, heartbeats, the DONE grace.
    var core: CoordinatorCore
    /// The scheduler, in place inside the core (`_modify`: no copy of its tables per change).
    var scheduler: Scheduler {
        get { core.scheduler }
        _modify { yield &core.scheduler }
    }
    /// Routing ids ⇄ worker ids ⇄ principals.
    var directory = WorkerDirectory()
    var duplicates = 0
    var determinismFaults = 0
    var refusals = 0
    var invalidResults = 0
    /// RESULT messages handled (the divisor of the coordinator's CPU per result).
    var resultsReceived = 0
    var quarantined: [String] = []
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
    /// Expected result shapes by (task group, width), seed 0: every seed of a width has the
    /// same shape, so it is computed once per width, not once per task.
    var expectations: [SweepTask: ExpectedResult] = [:]
    /// The coordinator's own CPU over the task phase (bench instrumentation).
    var meter = TaskPhaseMeter()
    static let maxMessageBytes = 1 << 30
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
        core = CoordinatorCore(
            scheduler: Scheduler(order: order, done: done, limits: options.limits, required: required, needsGPU: needsGPU),
            resumed: false, doneGraceSeconds: options.doneGraceSeconds)
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
        // A message above 1 GiB is dropped by libzmq (and its connection closed): far above any
        // result (the default grid's are ~30 KB, per-seed mode at N ≈ 2000 a few tens of MB),
        // it bounds what one peer can make the coordinator allocate.
        try socket.set([
            .routerMandatory(true), .linger(milliseconds: 0), .sendHighWaterMark(100_000), .receiveHighWaterMark(100_000),
            .maxMessageSize(CoordinatorLoop.maxMessageBytes),
        ])
        if let curve = options.curve {
            let logger = self.logger
            zap = try CurveServerSocket.enable(
                socket, context: context, secretKey: curve.secretKey, authorizedKeys: curve.authorizedKeys,
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
        // Workers of an earlier run may be reconnecting: the DONE grace waits for them.
        core.ending.resumed = (journal?.coordinatorRun ?? 1) > 1
        if let journal, scheduler.count(.done) > 0 {
            logger.info(
                "resuming: \(scheduler.count(.done)) of \(scheduler.order.count) tasks already in the journal (coordinator run \(journal.coordinatorRun)), every row's checksum verified"
            )
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
        var reportSeconds: Double? = nil
        var written: WrittenReport? = nil
        var lastProgress: (Int, Int, Int, Int, Int)? = nil
        var poller = ZMQPoller()
        _ = poller.add(socket, events: .readable)
        if let monitor { _ = poller.add(monitor, events: .readable) }

        turns: while !stopRequested.load(ordering: .relaxed) {
            try receive(socket, poller: &poller, timeout: core.nextDecisionIn(now: now))
            // The spot checks the coordinator computed itself count as results of this turn.
            try collectLocalResults()
            for effect in core.tick(now: now, journaled: journal != nil) {
                switch effect {
                case .workerLost(let worker):
                    forget(worker)
                    logger.warning("worker \(worker) went silent for \(options.limits.silenceAllowed) s; its tasks are leased again")
                    try journal?.recordEvent(kind: "worker_lost", worker: worker)
                case .workerLeft(let worker):
                    forget(worker)
                    logger.info("worker \(worker) has left")
                case .leaseExpired(let task):
                    logger.warning("lease of \(task.key) expired; leasing it again")
                case .quarantine(let q):
                    try announceQuarantine(q.worker, reason: q.reason, released: q.released)
                case .commit:
                    try flushCommits()
                case .failedForGood(let task, let error, let attempts):
                    logger.error("task \(task.key) failed after \(attempts) attempts: \(error)")
                    try journal?.recordFailure(task: task.key, error: error, attempts: attempts)
                case .lease(let lease):
                    meter.start()
                    send(frames: taskMessages.frames(lease: lease.id, task: lease.task.key), kind: .task, to: lease.worker)
                case .heartbeat(let worker):
                    send(.heartbeat, to: worker)
                case .finish:
                    endTaskPhase()
                    // Release the workers first: the analysis may take a while, and a worker
                    // waiting on a silent coordinator would start reconnecting.
                    for worker in scheduler.liveWorkers { send(.done, to: worker) }
                    let reportStarted = now
                    written = try finish()
                    reportSeconds = now - reportStarted
                case .stop:
                    break turns
                }
            }
            // Reported when a count changes, not at every turn.
            let counts = (scheduler.count(.done), scheduler.count(.failed), scheduler.count(.leased), scheduler.liveWorkers.count, duplicates)
            if lastProgress == nil || counts != lastProgress! {
                lastProgress = counts
                progress(progressSnapshot())
            }
        }
        // Stopped early: what was accepted is committed (and acknowledged) before leaving.
        try flushCommits()
        let firstLease = core.firstLeaseAt
        return Coordinator.Outcome(
            reportURL: written?.url, report: written?.report, done: scheduler.count(.done),
            failed: failedTasks,
            duplicates: duplicates, determinismFaults: determinismFaults, refusals: refusals,
            invalidResults: invalidResults, quarantined: quarantined,
            taskPhaseSeconds: core.ending.finishedAt.flatMap { f in firstLease.map { f - $0 } },
            taskPhaseCPUSeconds: meter.taskPhaseCPU, resultsReceived: resultsReceived, reportSeconds: reportSeconds,
            starvedSlotFraction: core.idle.starvedFraction,
            cost: meter.taskPhaseCPU == nil ? nil : meter.cost)
    }

    /// Waits up to `timeout` seconds, then handles every ready message (DONTWAIT), bounded so
    /// that timers still run under a flood; a due group commit is written inside a burst too.
    private mutating func receive(_ socket: ZMQSocket, poller: inout ZMQPoller, timeout: Double) throws {
        do {
            let ready = try poller.poll(timeoutMilliseconds: Int(max(1, timeout * 1000)))
            meter.wokeUp()
            if ready[0].contains(.readable) {
                let cpu = meter.clock()
                var drained = 0, committed = 0.0
                while drained < 10_000, let (frames, userID) = try socket.receive(dontWait: true, property: "User-Id") {
                    try handle(frames, userID: userID)
                    drained += 1
                    // The batch cap holds inside a burst too: a commit never exceeds it.
                    if core.commits.isFull { committed += try flushCommits() }
                }
                meter.handled(drained, since: cpu, committed: committed)
            }
            if ready.count > 1, ready[1].contains(.readable), let monitor {
                while let frames = try monitor.receive(dontWait: true) { logHandshakeFailure(frames) }
            }
        } catch let error as ZMQError where error.isInterrupted {
            return
        }
    }

    /// The task phase is over: its length and the coordinator's CPU per result, in the log.
    private mutating func endTaskPhase() {
        guard resultsReceived > 0, let first = core.firstLeaseAt, let finished = core.ending.finishedAt, let (user, system) = meter.finish() else {
            return
        }
        let cost = meter.cost
        let n = Double(resultsReceived)
        let perResult = { (x: Double) in String(format: "%.3f", x * 1000 / n) }
        logger.info(
            "task phase: \(resultsReceived) results in \(String(format: "%.3f", finished - first)) s; coordinator CPU \(perResult(user + system)) ms per result (user \(perResult(user)), system \(perResult(system)); messages \(perResult(cost.messageCPU)), commits \(perResult(cost.commitCPU)), other \(perResult(cost.otherCPU))); \(cost.wakeUps) wake-ups, \(cost.messages) messages, \(cost.commits) commits (largest \(cost.largestCommit))"
        )
    }

    /// Counts and lease holders for progress displays. "Leased" is what the holders hold:
    /// tasks out with at least one worker.
    private func progressSnapshot() -> CoordinatorProgress {
        let holders = scheduler.liveWorkers.compactMap { worker -> CoordinatorProgress.Holder? in
            let held = scheduler.leases(of: worker)
            return held.isEmpty ? nil : .init(worker: worker, host: scheduler.host(of: worker) ?? "?", tasks: held.sorted().map(\.key))
        }
        return CoordinatorProgress(
            total: scheduler.order.count, done: scheduler.count(.done), failed: scheduler.count(.failed),
            leased: Set(holders.flatMap(\.tasks)).count, liveWorkers: scheduler.liveWorkers.count,
            duplicates: duplicates, holders: holders)
    }

    /// Refused unknown keys are logged by the ZAP handler; this logs the peers ZAP never sees.
    private func logHandshakeFailure(_ frames: [[UInt8]]) {
        guard let failure = ZMQSocket.handshakeFailure(from: frames) else { return }
        switch failure.kind {
        case .authentication:
            break
        case .protocolError:
            logger.warning(
                "refused a connection on \(failure.endpoint) that does not speak CURVE (protocol error \(String(failure.code, radix: 16))): a worker without --secret-key/--server-key?"
            )
        case .other:
            // libzmq often reports a plain-text peer only as a broken pipe.
            logger.warning(
                "a CURVE handshake on \(failure.endpoint) failed: \(String(cString: strerror(Int32(bitPattern: failure.code)))) (a peer that does not speak CURVE, or one that left mid-handshake)"
            )
        }
    }

    /// Tasks failed for good in this run, as the report lists them.
    private var failedTasks: [TaskFailure] {
        scheduler.failures.map { TaskFailure(task: $0.task, error: $0.error, attempts: $0.attempts) }
    }

    /// Hands the finished sweep to the report writer (none: a no-op benchmark sweep).
    private func finish() throws -> WrittenReport? {
        guard let journal else {
            logger.info("all \(scheduler.order.count) no-op tasks done")
            return nil
        }
        guard let writeReport = options.writeReport else {
            logger.info("sweep finished: \(scheduler.count(.done)) done, \(scheduler.count(.failed)) failed; no report was asked for")
            return nil
        }
        let failures = failedTasks
        let written = try writeReport(
            FinishedSweep(
                config: options.config, journal: journal, failures: failures,
                outputFolder: options.outputFolder, separateJournalFolder: options.journalFolder))
        logger.info("sweep finished: \(written.committedResults) done, \(failures.count) failed; wrote \(written.url.path)")
        return written
    }
}
