import Foundation
import GrokCluster
import GrokConfig
import GrokCoordinator
import GrokTasks
import Logging

/// The whole 8,000-task sweep of the scale targets (`bench --sweep`): the default grid with
/// 1,000 seeds, run exactly as `grokscale run --set seeds=1000` runs it (a coordinator on a
/// thread of this process, one worker process per core, a journal, every report file).
extension BenchCommand {
    func endToEndSweep(seeds: Int) throws -> [(String, JSONValue)] {
        var config = SweepConfig()
        config.seeds = seeds
        let workers = CPUAllocation.slots()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-bench-sweep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // The coordinator's peak is this process's high-water mark from here on; the workers'
        // is the largest ru_maxrss among the child processes this process has waited for.
        PeakMemory.reset()
        let clock = ContinuousClock()
        var outcome: Coordinator.Outcome?
        let elapsed = try clock.measure {
            outcome = try LocalSweep.run(config: config, workers: workers, out: folder, quiet: true, logger: Logger(label: "bench"))
        }
        let coordinatorPeak = PeakMemory.megabytes()
        var children = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &children)
        let reportBytes = fileSize(folder.appendingPathComponent("report.json"))
        let cpu = outcome?.cpuMillisecondsPerResult
        let prefix = "sweep_\(config.tasks.count)_tasks"
        return [
            ("\(prefix)_workers", .int(workers)),
            ("\(prefix)_resamples", .int(config.analysis.bootstrapResamples)),
            ("\(prefix)_seconds", .double(Self.round(elapsed.seconds, 3))),
            ("\(prefix)_task_phase_seconds", .number(outcome?.taskPhaseSeconds.map { Self.round($0, 3) })),
            ("\(prefix)_report_seconds", .number(outcome?.reportSeconds.map { Self.round($0, 3) })),
            ("\(prefix)_coordinator_cpu_ms_per_result", .number(cpu.map { Self.round($0, 4) })),
            ("\(prefix)_coordinator_peak_rss_mb", .double(Self.round(coordinatorPeak, 1))),
            ("\(prefix)_worker_peak_rss_mb", .double(Self.round(Double(children.ru_maxrss) / 1024, 1))),
            ("\(prefix)_report_json_bytes", .int(reportBytes)),
            ("\(prefix)_avalanches_csv_gz_bytes", .int(fileSize(folder.appendingPathComponent(CascadeTable.fileName)))),
            ("\(prefix)_journal_sqlite_bytes", .int(fileSize(folder.appendingPathComponent("journal.sqlite")))),
            ("\(prefix)_cpu_load_average", .double(Self.round(Self.loadAverage(), 2))),
        ] + Self.costFigures(outcome?.cost, results: outcome?.resultsReceived ?? 0, name: prefix)
    }
}
