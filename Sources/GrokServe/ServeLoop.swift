import Foundation
import GrokReport
import GrokSweep
import GrokUserRuns
import Logging
import Synchronization
import ZeroMQ

/// The service's socket loop: decodes requests, hands fields to the ``ProbePool``, files
/// tagged results into the ``EnsembleState`` (journal first), and answers. One thread.
struct ServeLoop {
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

    init(options: ServeOptions, context: ZMQContext, logger: Logger) throws {
        self.options = options
        self.logger = logger
        self.context = context
        graphs = GraphCache(config: options.config)
        reportProber = FieldProber(config: options.config, graphs: graphs)
        var state = EnsembleState(topologies: options.config.topologies)
        var skipped = 0
        journal = try EnsembleJournal(folder: options.outputFolder, configurationHash: options.config.configurationHash, state: &state, skipped: &skipped)
        if skipped > 0 { logger.warning("\(journal.url.path): \(skipped) damaged line(s) skipped (a crash mid-write?)") }
        if !state.runs.isEmpty { logger.info("resumed an ensemble of \(state.runs.count) runs, \(state.fieldCount) fields from \(journal.url.path)") }
        self.state = state
    }

    mutating func bind() throws -> String {
        let socket = try ZMQSocket(context: context, type: .router)
        try socket.set([.linger(milliseconds: 0), .sendHighWaterMark(10_000), .receiveHighWaterMark(1_000)])
        if let curve = options.curve {
            let logger = self.logger
            zap = try CurveServerSocket.enable(socket, context: context, secretKey: curve.secretKey, authorizedKeys: curve.authorizedKeys,
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
        defer {
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
            }
            if reading, ready.count > 1, ready[1].contains(.readable) {
                while pending < options.maxPending, let frames = try socket.receive(dontWait: true) {
                    handle(frames, pool: pool)
                }
            }
        }
        if changedSinceReport { _ = try? writeReport() }
    }

    mutating func handle(_ frames: [[UInt8]], pool: ProbePool) {
        guard frames.count >= 2 else { return }
        let identity = frames[0]
        let request: ServeRequest
        do {
            request = try ServeCodec.decode(Array(frames.dropFirst()))
        } catch {
            if error.code == "protocol_version" { logger.warning("refused a request: \(error.message)") }
            send(identity, ServeCodec.error(error))
            return
        }
        switch request {
        case .hello:
            send(identity, ServeCodec.reply("hello", hello()))
        case .probe(let p):
            pending += 1
            pool.submit(ProbePool.Job(identity: identity, request: p))
        case .onset(let run, let onset):
            do {
                try state.setOnset(run: run, onset: onset)
                try journal.appendOnset(run: run, onset: onset)
                changedSinceReport = true
                send(identity, ServeCodec.reply("ok", [("run", .string(run))]))
            } catch let e as ServeError {
                send(identity, ServeCodec.error(e))
            } catch {
                send(identity, ServeCodec.error(ServeError("journal", "cannot append to \(journal.url.path): \(error.localizedDescription)")))
            }
        case .ensemble:
            send(identity, ServeCodec.reply("ensemble", ensemble()))
        case .report:
            do {
                let (url, report) = try writeReport()
                send(identity, ServeCodec.reply("report", [("path", .string(url.path)), ("D_step", report["summary"]?["D_step"] ?? .null)]))
            } catch let e as ServeError {
                send(identity, ServeCodec.error(e))
            } catch {
                send(identity, ServeCodec.error(ServeError("report", "\(error)")))
            }
        }
    }

    mutating func finish(_ d: ProbePool.Done) {
        pending -= 1
        let id = d.request.id, n = d.request.values.count
        switch d.result {
        case .failure(let e):
            send(d.identity, ServeCodec.error(e))
        case .success(let fields):
            var filed: String? = nil
            if let tag = d.request.tag {
                do {
                    try state.record(tag, parameterCount: n, fields: fields)
                    try journal.appendField(tag, parameterCount: n, fields: fields)
                    changedSinceReport = true
                    filed = tag.run
                } catch let e as ServeError {
                    send(d.identity, ServeCodec.error(ServeError(e.code, e.message, id: id)))
                    return
                } catch {
                    send(d.identity, ServeCodec.error(ServeError("journal", "cannot append to \(journal.url.path): \(error.localizedDescription)", id: id)))
                    return
                }
            }
            send(d.identity, ServeCodec.cascades(id: id, n: n, topologies: options.config.topologies, fields: fields, ensemble: filed))
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
            ("probe", .object([("c", .double(c.probe.conservation)), ("quantile", .double(c.probe.quantile)),
                               ("loads", .string(c.probe.loads.rawValue)), ("mode", .string(c.probe.mode.rawValue)), ("permute", .bool(c.probe.permute))])),
            ("configuration_hash", .string(c.configurationHash)),
            ("ensemble_runs", .int(state.runs.count)), ("ensemble_fields", .int(state.fieldCount)),
        ]
    }

    func ensemble() -> [(String, JSONValue)] {
        let runs = state.userRuns
        var pairs: [(String, JSONValue)] = [
            ("fields", .int(state.fieldCount)),
            ("runs", .array(runs.map { r in
                .object([("run_id", .string(r.runID)), ("size", .int(r.size)), ("N", .int(r.parameterCount)), ("onset", .optionalInt(r.onsetStep)),
                         ("steps", .array(r.steps.map(JSONValue.int)))])
            })),
        ]
        if runs.isEmpty {
            pairs.append(("D_step", .array([])))
        } else {
            do {
                let points = try UserRunsReport.dStep(runs: runs, config: options.config)
                pairs.append(("D_step", UserRunsReport.dStepJSON(points, confidence: options.config.analysis.confidence)))
            } catch {
                pairs.append(("D_step", .null)); pairs.append(("error", .string("\(error)")))
            }
        }
        return pairs
    }

    /// Makes the missing controls, builds the report like `fit` does, writes the report folder.
    mutating func writeReport() throws -> (URL, JSONValue) {
        guard !state.runs.isEmpty else { throw ServeError("report", "the ensemble is empty: send fields with \"run\" and \"step\" first") }
        if options.controlFields > 0 {
            for run in state.runsWithoutControl {
                let r = state.runs[run]!
                let control = try options.config.topologies.map { t in
                    TopologyCascades(topology: t, gradient: [], control: try reportProber.control(runID: run, parameterCount: r.parameterCount, count: options.controlFields, topology: t))
                }
                state.setControl(run: run, control)
            }
        }
        let report = try UserRunsReport.build(runs: state.userRuns, config: options.config, source: "serve",
                                              provenance: Provenance(gitCommit: options.gitCommit, hostCount: 1))
        let folder = options.outputFolder.appendingPathComponent("report")
        try ReportFolder.write(report, results: try UserRunsReport.results(runs: state.userRuns), into: folder)
        changedSinceReport = false
        logger.info("wrote \(folder.path)/report.json: \(state.runs.count) runs, \(state.fieldCount) fields")
        return (folder.appendingPathComponent("report.json"), report)
    }
}
