import ArgumentParser
import Foundation
import GrokConfig
import GrokCoordinator
import GrokProtocol
import GrokRunner
import GrokSweep
import GrokTasks
import Logging
import Synchronization
import ZeroMQ

/// The coordinator's figures of `grokscale bench` (targets: ≤ 0.2 ms CPU per result, ≥ 5,000
/// small results/s): each per-result cost alone, then a real coordinator (journal, group
/// commits, validation, checksums) fed precomputed results by a replaying peer, so that only
/// the coordinator's own work is measured (its thread's CPU, getrusage RUSAGE_THREAD).
extension BenchCommand {
    /// Per-result costs in isolation, on one h = 500 default-grid result: encode and decode of
    /// both forms, validation, the row checksum and a group commit.
    func resultPathFigures() throws -> [(String, JSONValue)] {
        let config = SweepConfig()
        let result = try TaskRunner.run(SweepTask(width: 500, seedIndex: 0), config: config)
        let json = TaskResult.canonicalJSON(result)
        let record = TaskResult.binaryRecord(result)
        let body = WireCodec.encode(.result(ResultEnvelope(lease: 1, task: result.task.key, configHash: config.configurationHash, result: result)))[2]
        // Each figure: the best of a few rounds, CPU time of this thread per call. `sink` keeps
        // the optimiser from dropping work whose result is unused.
        var sink = 0
        func perCall(_ n: Int, _ body: () throws -> Int) rethrows -> Double {
            var best = Double.infinity
            for _ in 0..<max(1, min(repeats, 3)) {
                let start = ThreadCPU.preciseSeconds()
                for _ in 0..<n { sink &+= try body() }
                best = min(best, (ThreadCPU.preciseSeconds() - start) / Double(n))
            }
            return best * 1e6
        }
        let jsonEncode = perCall(5) { TaskResult.canonicalJSON(result).count }
        let jsonDecode = try perCall(5) { try JSONDecoder().decode(TaskResult.self, from: json).parameterCount }
        let binaryEncode = perCall(200) { TaskResult.binaryRecord(result).count }
        let binaryDecode = try perCall(200) { try TaskResult.decodeBinary(record).parameterCount }
        let wireDecode = try perCall(200) { try ResultWire.decode(body).envelope.lease }
        let validation = perCall(200) { ResultValidator.problem(with: result, key: result.task.key, config: config)?.count ?? 0 }
        let data = Data(record)
        let checksum = perCall(200) { JournalIntegrity.checksum(data).count }
        let megabyte = Data(repeating: 0x5A, count: 1 << 20)
        let shaPerMB = perCall(5) { JournalIntegrity.checksum(megabyte).count }
        // A group commit of 48 such rows (one transaction, one fsync), per row.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-bench-commit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var commitConfig = config
        commitConfig.seeds = 1000
        let journal = try Journal(folder: folder, config: commitConfig)
        try journal.beginRun(bind: "bench", config: commitConfig)
        var seed = 0
        let commit =
            try perCall(5) {
                let batch = (0..<48).map { i in
                    Journal.Commit(task: SweepTask(width: 500, seedIndex: seed + i), result: data, worker: "bench", host: "bench", lease: seed + i)
                }
                seed += 48
                return try journal.commit(batch)
            } / 48
        // Never true; makes `sink` observable.
        if sink == Int.min { FileHandle.standardError.write(Data([0])) }
        return [
            ("result_json_bytes_h500", .int(json.count)),
            ("result_binary_bytes_h500", .int(record.count)),
            ("result_json_encode_us_h500", .double(Self.round(jsonEncode, 1))),
            ("result_json_decode_us_h500", .double(Self.round(jsonDecode, 1))),
            ("result_binary_encode_us_h500", .double(Self.round(binaryEncode, 1))),
            ("result_binary_decode_us_h500", .double(Self.round(binaryDecode, 1))),
            ("result_wire_decode_us_h500", .double(Self.round(wireDecode, 1))),
            ("result_validation_us_h500", .double(Self.round(validation, 1))),
            ("result_sha256_us_h500", .double(Self.round(checksum, 1))),
            ("sha256_mb_per_cpu_second", .double(Self.round(1e6 / shaPerMB, 1))),
            ("journal_group_commit_cpu_us_per_result_of_48", .double(Self.round(commit, 1))),
        ]
    }

    /// A coordinator with a journal, fed the given results by one replaying peer that answers
    /// every TASK at once; figures: the coordinator thread's CPU per result over the task
    /// phase, and results per second (first lease to last commit).
    /// `json`: send the JSON RESULT bodies of earlier builds instead (the old data path).
    func coordinatorReplay(
        config: SweepConfig, results: [TaskResult], label: String, slots: Int = 64, json: Bool = false
    ) throws -> [(String, JSONValue)] {
        let records = Dictionary(results.map { ($0.task.key, TaskResult.binaryRecord($0)) }, uniquingKeysWith: { a, _ in a })
        let byKey = Dictionary(results.map { ($0.task.key, $0) }, uniquingKeysWith: { a, _ in a })
        let coordinatorContext = try ZMQContext()
        let peerContext = try ZMQContext()
        defer { coordinatorContext.terminate(); peerContext.terminate() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-bench-replay-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let coordinator = Coordinator(
            options: CoordinatorOptions(
                config: config, bind: "tcp://127.0.0.1:*", outputFolder: folder, doneGraceSeconds: 0.1,
                writeReport: SweepReportWriter.writer(gitCommit: nil)),
            logger: Logger(label: "bench"))
        let endpoint = Mutex<String?>(nil)
        let outcome = Mutex<Result<Coordinator.Outcome, Error>?>(nil)
        let bound = DispatchSemaphore(value: 0)
        let thread = Thread {
            let r = Result {
                try coordinator.run(
                    context: coordinatorContext,
                    ready: { e in
                        endpoint.withLock { $0 = e }; bound.signal()
                    })
            }
            outcome.withLock { $0 = r }
            bound.signal()
        }
        thread.start()
        bound.wait()
        guard let address = endpoint.withLock({ $0 }) else { throw CLIError("the benchmark coordinator did not start", status: .failure) }
        let peer = try ZMQSocket(context: peerContext, type: .dealer)
        try peer.set([
            .linger(milliseconds: 0), .routingID(Array("replay#\(UUID().uuidString)".utf8)), .sendHighWaterMark(0), .receiveHighWaterMark(0),
            .receiveTimeout(milliseconds: 60_000),
        ])
        try peer.connect(address)
        try peer.send(WireCodec.encode(.ready(ReadyBody(worker: "replay", host: "bench", pid: 0, slots: slots, version: "bench"))))
        var sent = 0
        var done = false
        while !done, let frames = try peer.receive(), frames.count == 3 {
            switch try WireCodec.decode(frames) {
            case .task(let t):
                guard let record = records[t.task] else { continue }
                if json {
                    try peer.send([
                        frames[0], Array("RESULT".utf8),
                        Array(WireCodec.json(ResultEnvelope(lease: t.lease, task: t.task, configHash: t.configHash, result: byKey[t.task]))),
                    ])
                    sent += 1
                    continue
                }
                var header = BinaryWriter(capacity: 96)
                header.raw(ResultWire.magic)
                header.int(t.lease)
                header.string(t.task)
                header.string(t.configHash)
                try peer.send([frames[0], Array("RESULT".utf8), header.bytes + record])
                sent += 1
            case .done: done = true
            default: break
            }
        }
        peer.close()
        while thread.isExecuting { usleep(10_000) }
        let o = try outcome.withLock { $0! }.get()
        let perResult = o.cpuMillisecondsPerResult
        let rate = o.taskPhaseSeconds.map { Double(o.done) / max($0, 1e-9) }
        return [
            ("coordinator_\(label)_results", .int(o.done)),
            ("coordinator_\(label)_cpu_ms_per_result", .number(perResult.map { Self.round($0, 4) })),
            ("coordinator_\(label)_results_per_second", .number(rate.map { Self.round($0, 0) })),
            ("coordinator_\(label)_task_phase_seconds", .number(o.taskPhaseSeconds.map { Self.round($0, 3) })),
        ]
            + Self.costFigures(o.cost, results: o.resultsReceived, name: "coordinator_\(label)").map { (key, value) in
                (key.replacingOccurrences(of: "_coordinator_", with: "_"), value)
            }
    }

    /// The coordinator figures: costs in isolation, the default grid's 48 results replayed
    /// (best of 3 coordinators), and 5,001 small results (three neighbouring widths, 3 snapshots, one topology).
    func coordinatorFigures() throws -> [(String, JSONValue)] {
        var figures = try resultPathFigures()
        var grid = SweepConfig()
        Self.lightAnalysis(&grid)
        let gridResults = InProcessSweep.run(config: grid, threads: ProcessInfo.processInfo.activeProcessorCount).results
        func cpu(_ run: [(String, JSONValue)]) -> Double {
            if case .double(let x)? = JSONValue.object(run)["coordinator_default_grid_cpu_ms_per_result"] { return x }
            return .infinity
        }
        var best: [(String, JSONValue)] = []
        for _ in 0..<3 {
            let run = try coordinatorReplay(config: grid, results: gridResults, label: "default_grid")
            if best.isEmpty || cpu(run) < cpu(best) { best = run }
        }
        figures += best
        // The same through the JSON RESULT bodies of earlier builds (what this replaced).
        figures += try coordinatorReplay(config: grid, results: gridResults, label: "default_grid_json", json: true)
        // Three widths (a configuration needs three for its scaling fits; the replay's report
        // and execution.json are written from it), 5,001 small tasks.
        var small = SweepConfig()
        small.widths = [20, 21, 22]
        small.seeds = 1667
        small.topologies = ["ba"]
        small.training.epochs = 100
        small.training.snapshotInterval = 50
        small.probe.control = false
        Self.lightAnalysis(&small)
        let smallResults = InProcessSweep.run(config: small, threads: ProcessInfo.processInfo.activeProcessorCount).results
        figures += try coordinatorReplay(config: small, results: smallResults, label: "small")
        figures.append(("coordinator_small_result_binary_bytes", .int(smallResults.first.map { TaskResult.binaryRecord($0).count } ?? 0)))
        return figures
    }

    /// Where a coordinator's CPU per result went (``CoordinatorCost``), as `<name>_…` keys: user
    /// and system CPU, the CPU in message handling, in group commits and in the rest of the loop
    /// (ms per result), poll wake-ups and messages per result, results per commit.
    static func costFigures(_ cost: CoordinatorCost?, results: Int, name: String) -> [(String, JSONValue)] {
        guard let cost, results > 0 else { return [] }
        let n = Double(results)
        let ms = { (seconds: Double) in JSONValue.double(Self.round(seconds * 1000 / n, 4)) }
        return [
            ("\(name)_coordinator_user_cpu_ms_per_result", ms(cost.userCPU)),
            ("\(name)_coordinator_system_cpu_ms_per_result", ms(cost.systemCPU)),
            ("\(name)_coordinator_message_cpu_ms_per_result", ms(cost.messageCPU)),
            ("\(name)_coordinator_commit_cpu_ms_per_result", ms(cost.commitCPU)),
            ("\(name)_coordinator_other_cpu_ms_per_result", ms(cost.otherCPU)),
            ("\(name)_coordinator_wake_ups_per_result", .double(Self.round(Double(cost.wakeUps) / n, 3))),
            ("\(name)_coordinator_messages_per_result", .double(Self.round(Double(cost.messages) / n, 3))),
            ("\(name)_coordinator_results_per_commit", .double(Self.round(n / Double(max(1, cost.commits)), 2))),
        ]
    }

    /// Analysis keys only (the results and the configuration hash are unchanged): the replays
    /// measure the task phase, and the report written after it should not dominate the bench.
    static func lightAnalysis(_ config: inout SweepConfig) {
        config.analysis.bootstrapResamples = 200
        config.analysis.collapseResamples = 0
        config.analysis.gofResamples = 0
    }
}
