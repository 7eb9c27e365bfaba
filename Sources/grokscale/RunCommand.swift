import ArgumentParser
import Foundation
import GrokCluster
import GrokConfig
import GrokCoordinator
import GrokReport
import GrokReportModel
import GrokSweep
import GrokTasks

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep on this machine and write the merged report into a folder.",
        discussion: """
            With no options it runs the default grid (8 widths × 6 seeds × 5 topologies, \
            with the Gaussian control on each) with a coordinator and one local worker process \
            per core, and writes <out>/report.json. --in-process computes every task on threads \
            of this process instead; the report is byte-for-byte the same. Every reported \
            quantity is defined in docs/report-quantities.md of the source tree.
            """
    )

    @OptionGroup var sweep: SweepOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Output folder: report.json, report.html, report.md, plots/, avalanches.csv.gz, runs.csv (and the journal, unless --in-process).",
            valueName: "dir"), completion: .directory)
    var out: String = "grokscale-out"

    @Flag(name: .long, help: "Compute every task on threads of this process; no coordinator, workers or journal.")
    var inProcess = false

    @Option(name: .long, help: ArgumentHelp("Local worker processes (or threads with --in-process); \(CPUAllocation.helpText)."))
    var workers: Int?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "Print the run's summary (report path, tasks, headline estimates) as one JSON object on standard output.")
    var json = false

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let config = try sweep.resolve()
        let count = workers ?? CPUAllocation.slots()
        guard count >= 1 else { throw ValidationError("--workers must be at least 1") }
        if !inProcess && config.network.replication > 1 {
            throw CLIError(
                "network.replication = \(config.network.replication) needs results from \(config.network.replication) distinct hosts (or CURVE keys), and `run` has one: use --in-process (it recomputes each task \(config.network.replication) times), `grokscale coordinator` with workers on \(config.network.replication) hosts, or network.spot_check",
                status: .config)
        }
        let folder = URL(fileURLWithPath: out)
        try FolderGuard.check(folder, config: config)
        let started = ContinuousClock.now
        if !quiet {
            Console.info(
                "grokscale: \(config.tasks.count) tasks (\(config.widths.count) widths × \(config.seeds) seeds, \(config.topologies.count) topologies), \(count) \(inProcess ? "threads" : "workers"), configuration \(config.configurationHash.prefix(12))"
            )
        }
        let reportURL: URL
        let report: JSONValue
        var failed = 0
        if inProcess {
            let quiet = self.quiet
            // Streamed: results are folded as they finish; only their binary records are kept,
            // for the per-cascade file's canonical order.
            let streamed = InProcessSweep.runStreamed(config: config, threads: count) { done, total in
                if !quiet { Console.progress(done: done, total: total) }
            }
            if !quiet { Console.endProgress() }
            report = ReportBuilder.build(
                config: config, input: streamed.input, failures: streamed.failures,
                provenance: Provenance(gitCommit: GitCommit.current(), hostCount: 1, verification: streamed.verification))
            reportURL = try ReportWriter.writeReport(report, into: folder)
            try ReportFolder.writeRenderings(report, rendering: streamed.input.rendering, into: folder)
            let csv = folder.appendingPathComponent(CascadeTable.fileName)
            do { try CascadeCSV.write(records: streamed.records, to: csv) } catch { throw ReportWriteError.wrapping(error, path: csv.path) }
            failed = streamed.failures.count
        } else {
            var level = logging
            if level.logLevel == "info" { level.logLevel = quiet ? "error" : "warning" }
            let logger = try level.makeLogger(label: "grokscale.coordinator")
            let outcome: Coordinator.Outcome
            do {
                outcome = try LocalSweep.run(config: config, workers: count, out: folder, quiet: quiet, logger: logger)
            } catch let error as CLIError {
                throw error
            } catch {
                throw RuntimeErrors.cliError(error)
            }
            guard let url = outcome.reportURL, let merged = outcome.report else {
                Console.info("stopped before the sweep finished; committed results are in \(out)/journal.sqlite — run the same command to resume")
                throw ExitStatus.interrupted.exitCode
            }
            reportURL = url
            report = merged
            failed = outcome.failed.count
        }
        if json {
            let summary = RunSummaryJSON.value(
                report: report, reportURL: reportURL, mode: inProcess ? "in-process" : "local-workers",
                workers: count, seconds: (ContinuousClock.now - started).seconds)
            print(summary.serialized(), terminator: "")
        }
        if !quiet {
            Console.info(ReportHeadline.text(report))
            Console.info(
                "wrote \(reportURL.path) (and report.html, report.md, plots/, avalanches.csv.gz, runs.csv beside it) in \(String(format: "%.1f", (ContinuousClock.now - started).seconds)) s"
            )
        }
        if failed > 0 {
            Console.info("\(failed) task(s) failed; report.json lists them under completeness.tasks_failed")
            throw ExitStatus.tasksFailed.exitCode
        }
    }
}
