import ArgumentParser
import Foundation
import GrokConfig
import GrokCoordinator
import GrokGraphs
import GrokNumerics
import GrokProbe
import GrokReportModel
import GrokRunner
import GrokSweep
import GrokTasks
import GrokTraining
import Logging
import Synchronization
import ZeroMQ

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed and print machine-readable figures (one JSON object on standard output).",
        discussion: """
            Targets on a 2-core machine: ≤ 2 µs/epoch at h = 20, ≤ 8 µs/epoch at h = 500, \
            ≥ 15 million topplings/s on BA fields at N = 2001, the default grid in ≤ 15 s, \
            ≥ 5,000 no-op task round trips/s through coordinator and workers, a speed-up \
            ≥ 1.8× from 1 to 2 local workers, modadd at h = 128 at ≥ 40% of one core's measured \
            FMA peak, ≥ 2× single-thread PyTorch at small widths and no slower at the largest, \
            XOR at h = 500 in ≤ 0.8× the C reference's time and the probe at ≥ 1.3× its speed \
            (--kernels-only; docs/kernels.md). The analysis of the default grid is timed alone \
            too (wall and CPU seconds; --analysis-only prints only that). \
            Build in release mode first: swift build -c release.
            """
    )

    @Flag(name: .long, help: "Skip the full default grid (the slowest figure).")
    var skipGrid = false

    @Flag(name: .long, help: "Only the default grid's analysis figures (computes the grid in-process once).")
    var analysisOnly = false

    @Option(name: .long, help: "Repetitions of each micro-benchmark; the best is reported.")
    var repeats = 5

    @Option(name: .long, help: "The NumPy loops of the training tasks, timed beside the Swift ones when python3 has numpy.")
    var numpyScript = "bench/numpy_tasks.py"

    @Option(name: .long, help: "Single-thread PyTorch versions of the training tasks, timed beside the Swift ones when python3 has torch.")
    var torchScript = "bench/torch_tasks.py"

    @Option(
        name: .long,
        help: "The C references (xor_epoch.c, probe_loop.c), compiled with cc -O3 -march=native -ffast-math and timed beside XOR and the probe.")
    var cReference = "bench/c_reference"

    @Flag(
        name: .long,
        help: "Only the kernel figures: training tasks and XOR per epoch, the FMA peak, GFLOP/s, NumPy and PyTorch side by side, the probe.")
    var kernelsOnly = false

    @Option(name: .long, help: "Epochs per training-task timing (Swift, NumPy and PyTorch).")
    var taskEpochs = 20

    @Flag(
        name: .long,
        help:
            "Also: analysis of 8,000 runs (time, peak memory, file sizes), the 800-task grid in process and distributed, cost per parameter up to N = 80,001 (a few minutes)."
    )
    var scale = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also run these presets in process and report their wall time (long: timing ≈ 5 min, wide ≈ 6 min).", valueName: "name,name"))
    var presets: String?

    @Flag(
        name: .long,
        help: "Only the coordinator figures: per-result costs alone, and a coordinator fed precomputed results (CPU ms per result, results/s).")
    var coordinatorOnly = false

    @Flag(name: .long, help: "Only the 800-task grid (seeds = 100) in process, with 1 and with 2 local workers (a few minutes).")
    var distributedOnly = false

    @Flag(name: .long, help: "Only the 8,000-run analysis figures of --scale (time, peak memory, file sizes).")
    var scaleAnalysisOnly = false

    @Flag(
        name: .long,
        help:
            "Only the whole default grid at seeds = 1000 (8,000 tasks), as `grokscale run` runs it: wall, task and report phases, coordinator CPU per result, peak memory of coordinator and workers (a few minutes)."
    )
    var sweep = false

    func run() throws {
        if sweep {
            // First, so the coordinator's peak memory and the workers' are this sweep's alone.
            print(JSONValue.object(try endToEndSweep(seeds: 1000)).serialized(), terminator: "")
            return
        }
        if scaleAnalysisOnly {
            print(
                JSONValue.object(try analysisOfManyRuns(seeds: 1000, resamples: SweepConfig().analysis.bootstrapResamples)).serialized(),
                terminator: "")
            return
        }
        if coordinatorOnly || distributedOnly {
            let figures = (coordinatorOnly ? try coordinatorFigures() : []) + (distributedOnly ? try gridInProcessAndDistributed(seeds: 100) : [])
            print(JSONValue.object(figures).serialized(), terminator: "")
            return
        }
        if analysisOnly {
            print(JSONValue.object(analysisFigures(outcome: nil)).serialized(), terminator: "")
            return
        }
        var figures: [(String, JSONValue)] = [
            ("grokscale_version", .string(Provenance.grokscaleVersion)),
            ("cores", .int(ProcessInfo.processInfo.activeProcessorCount)),
        ]
        if scale {
            // First: the peak-memory figure is this process's high-water mark.
            figures += try analysisOfManyRuns(seeds: 1000, resamples: SweepConfig().analysis.bootstrapResamples)
            figures += try costPerParameter(widths: [500, 2000, 5000, 20000])
            figures += try gridInProcessAndDistributed(seeds: 100)
        }
        for name in (presets ?? "").split(separator: ",").map(String.init) where !name.isEmpty {
            guard SweepConfig.preset(named: name) != nil else {
                throw ValidationError("unknown preset \"\(name)\" for --presets; choose from \(SweepConfig.presetNames.joined(separator: ", "))")
            }
            figures += try presetWallTime(name)
        }
        figures += try kernelFigures()
        if kernelsOnly {
            print(JSONValue.object(figures).serialized(), terminator: "")
            return
        }
        figures += BenchIndicators.figures(repeats: min(repeats, 3))
        if !skipGrid {
            let clock = ContinuousClock()
            let config = SweepConfig()
            let threads = ProcessInfo.processInfo.activeProcessorCount
            var outcome: InProcessSweep.Outcome?
            let compute = clock.measure { outcome = InProcessSweep.run(config: config, threads: threads) }
            let analysis = clock.measure {
                _ = ReportBuilder.build(
                    config: config, results: outcome!.results, failures: outcome!.failures, provenance: Provenance(gitCommit: nil, hostCount: 1)
                ).serialized()
            }
            figures.append(("default_grid_tasks_seconds", .double(Self.round(compute.seconds, 3))))
            figures.append(("default_grid_report_seconds", .double(Self.round(analysis.seconds, 3))))
            figures.append(("default_grid_wall_seconds", .double(Self.round((compute + analysis).seconds, 3))))
            figures.append(("default_grid_threads", .int(threads)))
            figures += analysisFigures(outcome: outcome)
            // The same grid through a coordinator and local worker processes.
            for workers in [1, 2] {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-bench-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: folder) }
                var outcome: Coordinator.Outcome?
                let elapsed = try clock.measure {
                    outcome = try LocalSweep.run(config: config, workers: workers, out: folder, quiet: true, logger: Logger(label: "bench"))
                }
                figures.append(("default_grid_distributed_\(workers)_workers_seconds", .double(Self.round(elapsed.seconds, 3))))
                figures.append(
                    ("default_grid_distributed_\(workers)_workers_task_phase_seconds", .number(outcome?.taskPhaseSeconds.map { Self.round($0, 3) })))
            }
            // Wall time includes the coordinator's analysis (the same for any worker count);
            // the task phase is what more workers can speed up.
            for (name, suffix) in [("distributed_speedup_2_vs_1", "seconds"), ("distributed_task_phase_speedup_2_vs_1", "task_phase_seconds")] {
                if case .double(let one)? = JSONValue.object(figures)["default_grid_distributed_1_workers_\(suffix)"],
                    case .double(let two)? = JSONValue.object(figures)["default_grid_distributed_2_workers_\(suffix)"]
                {
                    figures.append((name, .double(Self.round(one / two, 3))))
                }
            }
        }
        figures.append(("result_json_encode_ms_h500", .double(Self.round(try resultCoding().encode, 3))))
        figures.append(("result_json_decode_ms_h500", .double(Self.round(try resultCoding().decode, 3))))
        figures.append(("noop_round_trips_per_second", .double(Self.round(try noopRoundTrips(), 0))))
        figures += try coordinatorFigures()
        print(JSONValue.object(figures).serialized(), terminator: "")
    }

    /// XOR per epoch, every task per epoch with its GFLOP/s against the measured FMA peak, the
    /// NumPy and PyTorch loops beside them, and the probe's toppling rate.
    private func kernelFigures() throws -> [(String, JSONValue)] {
        var figures: [(String, JSONValue)] = []
        for h in [20, 500] {
            figures.append(("training_us_per_epoch_h\(h)", .double(Self.round(trainingMicrosecondsPerEpoch(width: h), 3))))
        }
        let tasks = BenchTasks.swiftFigures(epochs: taskEpochs, repeats: repeats)
        figures += tasks
        figures += BenchTasks.peakFigures(repeats: repeats, epochs: taskEpochs, taskFigures: tasks)
        figures += BenchTasks.numpyFigures(script: numpyScript, epochs: taskEpochs, repeats: min(repeats, 3))
        figures += BenchTasks.torchFigures(script: torchScript, epochs: taskEpochs, repeats: min(repeats, 3), taskFigures: tasks)
        let (graph, fields) = try probeBenchInputs()
        let (rate, mean) = try topplingsPerSecond(graph: graph, fields: fields)
        figures.append(("topplings_per_second_ba_n2001", .double(Self.round(rate, 0))))
        figures.append(("mean_cascade_size_ba_n2001", .double(Self.round(mean, 1))))
        figures += BenchCReference.figures(
            folder: cReference, repeats: min(repeats, 3), ours: figures, graph: graph, fields: fields, config: ProbeConfig())
        return figures
    }

    /// The analysis of the default grid alone (no serialisation), best of `repeats`, in full and
    /// with its two expensive parts (collapse refits, power-law goodness-of-fit) switched off.
    private func analysisFigures(outcome given: InProcessSweep.Outcome?) -> [(String, JSONValue)] {
        let config = SweepConfig()
        let outcome = given ?? InProcessSweep.run(config: config, threads: ProcessInfo.processInfo.activeProcessorCount)
        // Wall seconds and CPU seconds (all threads) of the best repetition: on a shared machine
        // the CPU figure is the one that does not move with the load.
        func best(_ c: SweepConfig) -> (wall: Double, cpu: Double) {
            var best = (wall: Double.infinity, cpu: Double.infinity)
            for _ in 0..<max(1, min(repeats, 3)) {
                let cpu0 = Double(clock()) / Double(CLOCKS_PER_SEC)
                let t = ContinuousClock().measure {
                    _ = ReportBuilder.build(
                        config: c, results: outcome.results, failures: outcome.failures, provenance: Provenance(gitCommit: nil, hostCount: 1))
                }
                let cpu = Double(clock()) / Double(CLOCKS_PER_SEC) - cpu0
                if t.seconds < best.wall { best = (t.seconds, cpu) }
            }
            return best
        }
        var lean = config
        lean.analysis.collapseResamples = 0
        lean.analysis.gofResamples = 0
        let full = best(config), without = best(lean)
        return [
            ("default_grid_analysis_seconds", .double(Self.round(full.wall, 3))),
            ("default_grid_analysis_cpu_seconds", .double(Self.round(full.cpu, 3))),
            ("default_grid_analysis_seconds_without_collapse_and_gof_resamples", .double(Self.round(without.wall, 3))),
            ("default_grid_analysis_cpu_seconds_without_collapse_and_gof_resamples", .double(Self.round(without.cpu, 3))),
            ("analysis_bootstrap_resamples", .int(config.analysis.bootstrapResamples)),
            ("analysis_collapse_resamples", .int(config.analysis.collapseResamples)),
            ("analysis_gof_resamples", .int(config.analysis.gofResamples)),
        ]
    }

    private func trainingMicrosecondsPerEpoch(width: Int) -> Double {
        let epochs = 5000
        let config = TrainingConfig(hiddenWidth: width, epochs: epochs, snapshotInterval: epochs)
        var best = Double.infinity
        for r in 0..<repeats {
            let stream = RandomStream(baseSeed: 1, labels: ["bench", .int(width), .int(r)])
            let elapsed = ContinuousClock().measure { _ = XORTraining.run(config, initStream: stream) }
            best = min(best, elapsed.seconds * 1e6 / Double(epochs))
        }
        return best
    }

    /// The probe figure's BA graph (N = 2001, m = 3) and its 200 Gaussian fields.
    private func probeBenchInputs() throws -> (Graph, [[Double]]) {
        let n = 2001
        var graphStream = RandomStream(baseSeed: 1, labels: ["bench", "graph"])
        let graph = try GraphGenerator.generate(.barabasiAlbert(m: 3), nodeCount: n, stream: &graphStream)
        var fieldStream = RandomStream(baseSeed: 1, labels: ["bench", "fields"])
        return (graph, (0..<200).map { _ in GaussianControl.field(count: n, stream: &fieldStream) })
    }

    /// Topplings per second relaxing Gaussian fields (|g| loads, c = 0.9, q = 0.9) on a BA graph
    /// with N = 2001, the default probe of the widest default net.
    private func topplingsPerSecond(graph: Graph, fields: [[Double]]) throws -> (rate: Double, meanSize: Double) {
        var probe = try AvalancheProbe(graph: graph, permutation: nil)
        let config = ProbeConfig()
        var best = 0.0
        var meanSize = 0.0
        for _ in 0..<repeats {
            var topplings = 0
            let elapsed = try ContinuousClock().measure {
                for f in fields { topplings += try probe.probe(field: f, config: config).reduce(0) { $0 + $1.size } }
            }
            best = max(best, Double(topplings) / elapsed.seconds)
            meanSize = Double(topplings) / Double(fields.count)
        }
        return (best, meanSize)
    }

    /// Task round trips per second through a coordinator and two local worker processes,
    /// with no-op tasks (nothing computed, nothing journaled): the protocol's own cost.
    private func noopRoundTrips() throws -> Double {
        let tasks = 20_000
        let context = try ZMQContext()
        defer { context.terminate() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-bench-noop-\(UUID().uuidString)")
        let coordinator = Coordinator(
            options: CoordinatorOptions(
                config: SweepConfig(), bind: "tcp://127.0.0.1:*", outputFolder: folder, noopTasks: tasks, doneGraceSeconds: 0.2),
            logger: Logger(label: "bench"))
        let endpoint = Mutex<String?>(nil)
        let firstLease = Mutex<ContinuousClock.Instant?>(nil)
        let finished = Mutex<ContinuousClock.Instant?>(nil)
        let bound = DispatchSemaphore(value: 0)
        let thread = Thread {
            _ = try? coordinator.run(
                context: context,
                ready: { e in
                    endpoint.withLock { $0 = e }; bound.signal()
                }
            ) { p in
                if p.leased > 0 { firstLease.withLock { if $0 == nil { $0 = .now } } }
                if p.done == p.total { finished.withLock { if $0 == nil { $0 = .now } } }
            }
            bound.signal()
        }
        thread.start()
        bound.wait()
        guard let address = endpoint.withLock({ $0 }) else { throw ValidationError("the benchmark coordinator did not start") }
        let executable = try LocalSweep.selfExecutable()
        let workers = try (0..<2).map { i -> Process in
            let p = Process()
            p.executableURL = executable
            p.arguments = ["worker", "--connect", address, "--slots", "64", "--name", "bench-\(i)", "--log-level", "error", "--give-up-after", "30"]
            try p.run()
            return p
        }
        for w in workers { w.waitUntilExit() }
        while thread.isExecuting { usleep(10_000) }
        guard let start = firstLease.withLock({ $0 }), let end = finished.withLock({ $0 }) else { return 0 }
        return Double(tasks) / (end - start).seconds
    }

    /// Milliseconds to encode and decode one h = 500 task result as JSON (what a worker sends).
    private func resultCoding() throws -> (encode: Double, decode: Double) {
        let result = try TaskRunner.run(SweepTask(width: 500, seedIndex: 0), config: SweepConfig())
        var data = Data()
        let encode = try ContinuousClock().measure { for _ in 0..<5 { data = try JSONEncoder().encode(result) } }
        let decode = try ContinuousClock().measure { for _ in 0..<5 { _ = try JSONDecoder().decode(TaskResult.self, from: data) } }
        return (encode.seconds * 1000 / 5, decode.seconds * 1000 / 5)
    }

    static func round(_ x: Double, _ digits: Int) -> Double {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return (x * scale).rounded() / scale
    }
}
