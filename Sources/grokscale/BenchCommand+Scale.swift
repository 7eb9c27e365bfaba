import Foundation
import GrokAnalysis
import GrokCluster
import GrokConfig
import GrokCoordinator
import GrokGraphs
import GrokNumerics
import GrokProbe
import GrokReport
import GrokReportModel
import GrokSweep
import GrokTasks
import GrokTraining
import Logging

/// The scale figures of `grokscale bench` (its targets): the analysis of 8,000 runs,
/// the 800-task grid in process and distributed, per-N costs up to N = 80,001, the presets.
extension BenchCommand {
    /// 8,000 runs (the default widths × 1,000 seeds, 5 topologies with the control): the six
    /// computed seeds of each width are reused for seeds 6…999 (relabelled), so the cascades
    /// are real and the analysis does exactly the work of a real 8,000-task sweep.
    func analysisOfManyRuns(seeds: Int, resamples: Int) throws -> [(String, JSONValue)] {
        var base = SweepConfig()
        base.seeds = 6
        let computed = InProcessSweep.run(config: base, threads: ProcessInfo.processInfo.activeProcessorCount).results
        var config = SweepConfig()
        config.seeds = seeds
        config.analysis.bootstrapResamples = resamples
        let byWidth = Dictionary(grouping: computed, by: \.task.width)
        PeakMemory.reset()
        let before = PeakMemory.megabytes()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-bench-analysis-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = ContinuousClock()
        // Streamed, as `report DIR` and the coordinator's finish: each run is made, folded into
        // the report input and written to avalanches.csv.gz, then dropped (canonical order).
        let streamed = StreamedReportFolder(config: config, folder: folder)
        var first48: [TaskResult] = []
        let folding = try clock.measure {
            for task in config.tasks.sorted() {
                var r = byWidth[task.width]![task.seedIndex % 6]
                r.task = task
                // Fresh arrays (map copies), as a result decoded from the journal has.
                r.topologies = r.topologies.map { t in
                    TopologyCascades(
                        topology: t.topology, gradient: t.gradient.map { FieldCascades(cascades: $0.cascades.map { $0 }, error: $0.error) },
                        control: t.control.map { FieldCascades(cascades: $0.cascades.map { $0 }, error: $0.error) })
                }
                try streamed.add(r)
                if first48.count < 48 { first48.append(r) }
            }
        }
        var report = JSONValue.null
        let analysis = clock.measure {
            report = ReportBuilder.build(config: config, input: streamed.input, provenance: Provenance(gitCommit: nil, hostCount: 1))
        }
        var files: [String] = []
        let writing = try clock.measure { files = try ReportFolder.write(report, streamed: streamed, into: folder) }
        let size = { (name: String) -> Int in
            ((try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path))?[.size] as? Int) ?? -1
        }
        // The grokking-time statistics alone (part of the report's time above).
        let runs = streamed.input.runs
        let samples = Dictionary(grouping: runs, by: \.task.width).sorted { $0.key < $1.key }.map {
            GrokkingTimes.WidthSample(width: $0.key, onsets: $0.value.map(\.onsetEpoch), censoredAt: config.training.epochs)
        }
        let timingAnalysis = clock.measure {
            _ = GrokkingTimes.analyse(samples, resamples: resamples, stream: RandomStream(baseSeed: 0, labels: ["bench", "timing"]))
        }
        let csvBytes = CascadeCSV.text(CascadeTable(results: first48)).utf8.count
        let prefix = "analysis_\(runs.count)_runs"
        return [
            ("\(prefix)_resamples", .int(resamples)),
            ("\(prefix)_fold_seconds", .double(Self.round(folding.seconds, 3))),
            ("\(prefix)_analysis_input_mb", .double(Self.round(Double(streamed.input.analysisBytes) / 1_048_576, 1))),
            ("\(prefix)_report_seconds", .double(Self.round(analysis.seconds, 3))),
            ("\(prefix)_timing_statistics_seconds", .double(Self.round(timingAnalysis.seconds, 3))),
            ("\(prefix)_write_files_seconds", .double(Self.round(writing.seconds, 3))),
            ("\(prefix)_files", .int(files.count)),
            ("\(prefix)_peak_rss_mb", .double(Self.round(PeakMemory.megabytes(), 1))),
            ("\(prefix)_rss_before_mb", .double(Self.round(before, 1))),
            ("\(prefix)_report_json_bytes", .int(size("report.json"))),
            ("\(prefix)_avalanches_csv_gz_bytes", .int(size(CascadeTable.fileName))),
            ("\(prefix)_report_html_bytes", .int(size("report.html"))),
            ("\(prefix)_runs_csv_bytes", .int(size("runs.csv"))),
            ("avalanches_csv_plain_bytes_per_48_runs", .int(csvBytes)),
        ]
    }

    /// The default grid with `seeds` seeds in process and through a coordinator with 1 and with
    /// 2 local workers, in the same bench run: ratios of wall times, and each run's task phase
    /// (first lease to last result; in process: the computing) apart from its report phase
    /// (analysis and files, the same work for any worker count).
    func gridInProcessAndDistributed(seeds: Int) throws -> [(String, JSONValue)] {
        var config = SweepConfig()
        config.seeds = seeds
        let clock = ContinuousClock()
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-bench-grid-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // One commit for every report of this bench (git HEAD may move while it runs).
        if let commit = GitCommit.current() { setenv("GROKSCALE_GIT_COMMIT", commit, 1) }
        var results: [TaskResult] = []
        var computeSeconds = 0.0
        let inProcess = try clock.measure {
            var outcome: InProcessSweep.Outcome?
            computeSeconds = clock.measure { outcome = InProcessSweep.run(config: config, threads: threads) }.seconds
            // Exactly what `grokscale run --in-process` writes, so the reports can be compared.
            let (verified, verification) = InProcessSweep.verify(outcome!, config: config, threads: threads)
            let report = ReportBuilder.build(
                config: config, results: verified.results, failures: verified.failures,
                provenance: Provenance(gitCommit: GitCommit.current(), hostCount: 1, verification: verification))
            try ReportFolder.write(report, results: outcome!.results, into: folder.appendingPathComponent("in-process"))
            results = outcome!.results
        }
        // What the coordinator adds at the end: the journal's cascades table.
        let journal = try Journal(folder: folder.appendingPathComponent("journal-only"), config: config)
        var rows = 0
        let table = try clock.measure { rows = try journal.writeCascades(results) }
        let prefix = "grid_\(config.tasks.count)_tasks"
        var figures: [(String, JSONValue)] = [
            ("\(prefix)_in_process_seconds", .double(Self.round(inProcess.seconds, 3))),
            ("\(prefix)_in_process_task_phase_seconds", .double(Self.round(computeSeconds, 3))),
            ("\(prefix)_in_process_report_seconds", .double(Self.round(inProcess.seconds - computeSeconds, 3))),
        ]
        var wall: [Int: Double] = [:], taskPhase: [Int: Double] = [:]
        // Two workers first (the headline ratio), then one.
        for workers in [2, 1] {
            var outcome: Coordinator.Outcome?
            let out = folder.appendingPathComponent("distributed-\(workers)")
            let elapsed = try clock.measure {
                outcome = try LocalSweep.run(config: config, workers: workers, out: out, quiet: true, logger: Logger(label: "bench"))
            }
            let same =
                (try? Data(contentsOf: folder.appendingPathComponent("in-process/report.json")))
                == (try? Data(contentsOf: out.appendingPathComponent("report.json")))
            wall[workers] = elapsed.seconds
            taskPhase[workers] = outcome?.taskPhaseSeconds
            let cpu = outcome?.cpuMillisecondsPerResult
            let name = "\(prefix)_distributed_\(workers)_workers"
            figures +=
                [
                    ("\(name)_seconds", .double(Self.round(elapsed.seconds, 3))),
                    ("\(name)_task_phase_seconds", .number(outcome?.taskPhaseSeconds.map { Self.round($0, 3) })),
                    ("\(name)_report_seconds", .number(outcome?.reportSeconds.map { Self.round($0, 3) })),
                    ("\(name)_coordinator_cpu_ms_per_result", .number(cpu.map { Self.round($0, 4) })),
                    ("\(name)_starved_slot_fraction", .number(outcome?.starvedSlotFraction.map { Self.round($0, 4) })),
                    ("\(name)_cpu_load_average", .double(Self.round(Self.loadAverage(), 2))),
                    ("\(name)_report_identical_to_in_process", .bool(same)),
                ] + Self.costFigures(outcome?.cost, results: outcome?.resultsReceived ?? 0, name: name)
            if workers == 2 {
                figures.append(("\(prefix)_journal_sqlite_bytes", .int(fileSize(out.appendingPathComponent("journal.sqlite")))))
            }
        }
        figures += [
            ("\(prefix)_distributed_over_in_process", .double(Self.round(wall[2]! / inProcess.seconds, 3))),
            ("\(prefix)_distributed_task_phase_over_in_process", .number(taskPhase[2].map { Self.round($0 / computeSeconds, 3) })),
            ("\(prefix)_speedup_2_vs_1_workers", .double(Self.round(wall[1]! / wall[2]!, 3))),
            ("\(prefix)_task_phase_speedup_2_vs_1_workers", .number(taskPhase[1].flatMap { one in taskPhase[2].map { Self.round(one / $0, 3) } })),
            ("\(prefix)_journal_cascades_rows", .int(rows)),
            ("\(prefix)_journal_cascades_table_seconds", .double(Self.round(table.seconds, 3))),
        ]
        return figures
    }

    /// Seconds per phase of one run at each N (BA graph, 5,000 epochs of training, 51 probed
    /// snapshots), and per parameter: flat per-parameter figures mean linear cost.
    func costPerParameter(widths: [Int]) throws -> [(String, JSONValue)] {
        var figures: [(String, JSONValue)] = []
        let clock = ContinuousClock()
        for h in widths {
            let training = TrainingConfig(hiddenWidth: h, epochs: 5000, snapshotInterval: 100)
            let n = training.parameterCount
            var run: TrainingRun?
            let train = clock.measure { run = XORTraining.run(training, initStream: RandomStream(baseSeed: 1, labels: ["bench", .int(h)])) }
            var stream = RandomStream(baseSeed: 1, labels: ["bench", "graph", .int(h)])
            var graph: Graph?
            let generate = try clock.measure { graph = try GraphGenerator.generate(.barabasiAlbert(m: 3), nodeCount: n, stream: &stream) }
            var probe = try AvalancheProbe(graph: graph!, permutation: nil)
            let probing = try clock.measure {
                for field in run!.gradients { _ = try probe.probe(field: field, config: ProbeConfig()) }
            }
            let perN = { (d: Duration) in JSONValue.double(Self.round(d.seconds * 1e9 / Double(n), 1)) }
            figures += [
                ("n\(n)_train_seconds", .double(Self.round(train.seconds, 4))),
                ("n\(n)_graph_seconds", .double(Self.round(generate.seconds, 4))),
                ("n\(n)_probe_51_fields_seconds", .double(Self.round(probing.seconds, 4))),
                ("n\(n)_train_ns_per_parameter", perN(train)),
                ("n\(n)_graph_ns_per_parameter", perN(generate)),
                ("n\(n)_probe_ns_per_parameter", perN(probing)),
                ("n\(n)_peak_rss_mb_so_far", .double(Self.round(PeakMemory.megabytes(), 1))),
            ]
        }
        return figures
    }

    /// The 1-minute load average (/proc/loadavg): on a shared machine, what else competed for
    /// the cores while a figure was taken.
    static func loadAverage() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return -1 }
        return Double(text.split(separator: " ").first ?? "") ?? -1
    }

    func fileSize(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? -1
    }

    /// Wall time and peak RSS of a preset run in process (a child process, so its memory is its own).
    func presetWallTime(_ name: String) throws -> [(String, JSONValue)] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-bench-\(name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = try LocalSweep.selfExecutable()
        process.arguments = ["run", "--in-process", "--quiet", "--preset", name, "--out", folder.path]
        let started = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - started
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("report.json").path))?[.size] as? Int) ?? -1
        return [
            ("preset_\(name)_in_process_seconds", .double(Self.round(elapsed.seconds, 2))),
            ("preset_\(name)_exit_status", .int(Int(process.terminationStatus))),
            ("preset_\(name)_children_peak_rss_mb", .double(Self.round(Double(usage.ru_maxrss) / 1024, 1))),
            ("preset_\(name)_report_json_bytes", .int(bytes)),
        ]
    }
}
