import Foundation
import GrokConfig
import GrokReport
import GrokUserRuns
import Logging
import Synchronization
import ZeroMQ

/// The service's socket loop: decodes requests, hands fields to the ``ProbePool`` and ensemble
/// and report requests to the ``AnalysisWorker``, files tagged results into the
/// ``EnsembleState`` (journal first), and answers — a resent request from the ``ReplyCache``.
/// One thread; it never computes anything slow itself.
struct ServeLoop {
    /// Where a reply goes: the request's sender, its id (echoed), its key (for the reply cache).
    struct Waiter {
        var identity: [UInt8]
        var id: Int?
        var key: RequestKey?
    }

    let options: ServeOptions
    let logger: Logger
    let context: ZMQContext
    let graphs: GraphCache
    var state: EnsembleState
    let journal: EnsembleJournal
    var socket: ZMQSocket?
    var zap: ZAPHandler?
    var wake: ZMQSocket?
    var pending = 0
    var changedSinceReport = false
    var reportProber: FieldProber
    var replies = ReplyCache()
    /// Requests waiting for the next ensemble/report job, the kinds queued in arrival order, and
    /// the job running on the analysis thread with the requests it answers.
    var waiting: [AnalysisWorker.Kind: [Waiter]] = [:]
    var queuedKinds: [AnalysisWorker.Kind] = []
    var running: (kind: AnalysisWorker.Kind, waiters: [Waiter])?
    var reportsWritten = 0
    /// Resent requests answered from the cache, and resends of requests still being computed.
    var resendsAnswered = 0
    var resendsCoalesced = 0

    init(options: ServeOptions, context: ZMQContext, logger: Logger) throws {
        self.options = options
        self.logger = logger
        self.context = context
        graphs = GraphCache(config: options.config)
        reportProber = FieldProber(config: options.config, graphs: graphs)
        var state = EnsembleState(topologies: options.config.topologies)
        var skipped = 0
        journal = try EnsembleJournal(
            folder: options.outputFolder, configurationHash: options.config.configurationHash, state: &state, skipped: &skipped)
        if skipped > 0 { logger.warning("\(journal.url.path): \(skipped) damaged line(s) skipped (a crash mid-write?)") }
        if !state.runs.isEmpty { logger.info("resumed an ensemble of \(state.runs.count) runs, \(state.fieldCount) fields from \(journal.url.path)") }
        self.state = state
    }

    mutating func bind() throws -> String {
        let socket = try ZMQSocket(context: context, type: .router)
        try socket.set([.linger(milliseconds: 0), .sendHighWaterMark(10_000), .receiveHighWaterMark(1_000)])
        if let curve = options.curve {
            let logger = self.logger
            zap = try CurveServerSocket.enable(
                socket, context: context, secretKey: curve.secretKey, authorizedKeys: curve.authorizedKeys,
                domain: "grokscale-serve", warn: { logger.warning("\($0)") })
        }
        try socket.bind(options.bind)
        self.socket = socket
        let endpoint = try socket.lastEndpoint
        logger.info("serving on \(endpoint): topologies \(options.config.topologies.joined(separator: ",")), \(options.threads) probing threads")
        return endpoint
    }

    mutating func run(stopRequested: borrowing Atomic<Bool>) throws {
        guard let socket else { throw ServeError("internal", "the service socket is not bound") }
        let wakeEndpoint = "inproc://grokscale-serve-wake-\(UUID().uuidString)"
        let wake = try ZMQSocket(context: context, type: .pull)
        try wake.bind(wakeEndpoint)
        self.wake = wake
        let pool = ProbePool(threads: options.threads, config: options.config, graphs: graphs, context: context, wakeEndpoint: wakeEndpoint)
        let analysis = AnalysisWorker(options: options, graphs: graphs, context: context, wakeEndpoint: wakeEndpoint)
        defer {
            analysis.stop()
            pool.stop()
            wake.close()
            socket.close()
            if let zap { _ = zap.stop() }
        }
        var withRouter = ZMQPoller(), wakeOnly = ZMQPoller()
        withRouter.add(wake); withRouter.add(socket)
        wakeOnly.add(wake)
        while !stopRequested.load(ordering: .relaxed) {
            // At maxPending the loop stops reading: back-pressure reaches the clients.
            let reading = pending < options.maxPending
            let ready: [PollEvents]
            do {
                ready = try (reading ? withRouter : wakeOnly).poll(timeoutMilliseconds: 100)
            } catch let e as ZMQError where e.code == EINTR { continue }
            if ready[0].contains(.readable) {
                while try wake.receive(dontWait: true) != nil {}
                for d in pool.takeDone() { finish(d) }
                for output in analysis.takeDone() { finishAnalysis(output, analysis: analysis) }
            }
            if reading, ready.count > 1, ready[1].contains(.readable) {
                while pending < options.maxPending, let frames = try socket.receive(dontWait: true) {
                    handle(frames, pool: pool, analysis: analysis)
                }
            }
        }
        // A report being written finishes first (never two writers of one folder); its controls
        // are kept, and the final report covers whatever arrived after it started.
        analysis.stop()
        for output in analysis.takeDone() {
            if case .report(.success(let written)) = output {
                for (run, control) in written.controls { state.setControl(run: run, control) }
                reportsWritten += 1
            } else if case .report(.failure) = output {
                changedSinceReport = true
            }
            running = nil
        }
        if running?.kind == .report { changedSinceReport = true }
        if changedSinceReport {
            do {
                let written = try EnsembleAnalysis.writeReport(state, options: options, prober: &reportProber)
                logger.info("wrote \(written.url.path): \(written.runs) runs, \(written.fields) fields")
            } catch { logger.warning("the final report was not written: \(error)") }
        }
    }

    mutating func handle(_ frames: [[UInt8]], pool: ProbePool, analysis: AnalysisWorker) {
        guard frames.count >= 2 else { return }
        let identity = frames[0]
        let envelope: ServeEnvelope
        do {
            envelope = try ServeCodec.decodeEnvelope(Array(frames.dropFirst()))
        } catch {
            if error.code == "protocol_version" { logger.warning("refused a request: \(error.message)") }
            send(identity, ServeCodec.error(error))
            return
        }
        let id = envelope.id, key = envelope.key
        if let key {
            switch replies.begin(key, identity: identity) {
            case .new: break
            case .pending:
                resendsCoalesced += 1
                return
            case .done(let frame):
                resendsAnswered += 1
                send(identity, frame)
                return
            }
        }
        let waiter = Waiter(identity: identity, id: id, key: key)
        switch envelope.request {
        case .hello:
            answer(waiter, ServeCodec.reply("hello", hello(), id: id))
        case .probe(let p):
            pending += 1
            pool.submit(ProbePool.Job(identity: identity, key: key, request: p))
        case .onset(let run, let onset):
            do {
                try state.setOnset(run: run, onset: onset)
                try journal.appendOnset(run: run, onset: onset)
                changedSinceReport = true
                answer(waiter, ServeCodec.reply("ok", [("run", .string(run))], id: id))
            } catch let e as ServeError {
                answer(waiter, ServeCodec.error(ServeError(e.code, e.message, id: id)))
            } catch {
                answer(waiter, ServeCodec.error(ServeError("journal", "cannot append to \(journal.url.path): \(error.localizedDescription)", id: id)))
            }
        case .ensemble:
            enqueue(.ensemble, waiter, analysis: analysis)
        case .report:
            enqueue(.report, waiter, analysis: analysis)
        }
    }

    /// Sends a reply: to the latest sender of a keyed request (kept for its resends), else to `identity`.
    mutating func answer(_ waiter: Waiter, _ frame: [UInt8]) {
        guard let key = waiter.key else { send(waiter.identity, frame); return }
        send(replies.complete(key, frame: frame, fallback: waiter.identity), frame)
    }

    /// Queues an ensemble or report request for the analysis thread. Requests arriving while a
    /// job of their kind runs wait for the next one, which covers them all (coalesced): however
    /// many clients ask, at most one job runs and one more is queued per kind.
    mutating func enqueue(_ kind: AnalysisWorker.Kind, _ waiter: Waiter, analysis: AnalysisWorker) {
        if waiting[kind, default: []].isEmpty, !queuedKinds.contains(kind) { queuedKinds.append(kind) }
        waiting[kind, default: []].append(waiter)
        startAnalysis(analysis)
    }

    mutating func startAnalysis(_ analysis: AnalysisWorker) {
        guard running == nil, !queuedKinds.isEmpty else { return }
        let kind = queuedKinds.removeFirst()
        running = (kind, waiting.removeValue(forKey: kind) ?? [])
        if kind == .report { changedSinceReport = false }
        analysis.start(kind, state: state)
    }

    mutating func finishAnalysis(_ output: AnalysisWorker.Output, analysis: AnalysisWorker) {
        let waiters = running?.waiters ?? []
        running = nil
        switch output {
        case .ensemble(let pairs):
            for w in waiters { answer(w, ServeCodec.reply("ensemble", pairs, id: w.id)) }
        case .report(.success(let written)):
            for (run, control) in written.controls { state.setControl(run: run, control) }
            reportsWritten += 1
            logger.info("wrote \(written.url.path): \(written.runs) runs, \(written.fields) fields")
            let pairs: [(String, JSONValue)] = [("path", .string(written.url.path)), ("D_step", written.report["summary"]?["D_step"] ?? .null)]
            for w in waiters { answer(w, ServeCodec.reply("report", pairs, id: w.id)) }
        case .report(.failure(let e)):
            changedSinceReport = true
            for w in waiters { answer(w, ServeCodec.error(ServeError(e.code, e.message, id: w.id))) }
        }
        startAnalysis(analysis)
    }

    mutating func finish(_ d: ProbePool.Done) {
        pending -= 1
        let id = d.request.id, n = d.request.values.count
        let waiter = Waiter(identity: d.identity, id: id, key: d.key)
        switch d.result {
        case .failure(let e):
            answer(waiter, ServeCodec.error(e))
        case .success(let fields):
            var filed: String? = nil
            if let tag = d.request.tag {
                do {
                    try state.record(tag, parameterCount: n, fields: fields)
                    try journal.appendField(tag, parameterCount: n, fields: fields)
                    changedSinceReport = true
                    filed = tag.run
                } catch let e as ServeError {
                    answer(waiter, ServeCodec.error(ServeError(e.code, e.message, id: id)))
                    return
                } catch {
                    answer(
                        waiter, ServeCodec.error(ServeError("journal", "cannot append to \(journal.url.path): \(error.localizedDescription)", id: id))
                    )
                    return
                }
            }
            answer(waiter, ServeCodec.cascades(id: id, n: n, topologies: options.config.topologies, fields: fields, ensemble: filed))
        }
    }

    func send(_ identity: [UInt8], _ frame: [UInt8]) {
        // A client that has gone gets nothing (the ROUTER drops it); it resends when it returns.
        do { try socket?.send([identity, frame], dontWait: true) } catch { logger.debug("reply dropped: \(error)") }
    }

    func hello() -> [(String, JSONValue)] {
        let c = options.config
        return [
            ("topologies", .array(c.topologies.map(JSONValue.string))),
            ("seed", .int(Int(truncatingIfNeeded: c.seed))),
            (
                "probe",
                .object([
                    ("c", .double(c.probe.conservation)), ("quantile", .double(c.probe.quantile)),
                    ("loads", .string(c.probe.loads.rawValue)), ("mode", .string(c.probe.mode.rawValue)), ("permute", .bool(c.probe.permute)),
                ])
            ),
            ("configuration_hash", .string(c.configurationHash)),
            ("ensemble_runs", .int(state.runs.count)), ("ensemble_fields", .int(state.fieldCount)),
            ("reports_written", .int(reportsWritten)),
            ("resends", .object([("answered_from_cache", .int(resendsAnswered)), ("joined_pending", .int(resendsCoalesced))])),
        ]
    }
}
