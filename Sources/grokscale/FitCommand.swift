import ArgumentParser
import Foundation
import GrokConfig
import GrokReport
import GrokReportModel
import GrokUserRuns

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit D(step), D_pre, D_post and D(τ) across your own runs of several model sizes.",
        discussion: """
            DIR holds one folder per run with a manifest.json, its snapshots.jsonl and one .npy \
            gradient field per snapshot, as the Python package's Recorder writes them (pip install \
            ./python; runs of the older format, snapshots inside manifest.json, are read too). Runs \
            of one size are its seeds. Every snapshot is probed on the graph `grokscale probe` \
            would build for its N and seed, and the cascades go through the same analysis and \
            report files as a sweep, plus summary.D_step: D at each step, over the sizes that \
            have it. The folder may grow while training runs: run fit again (or pass --watch) \
            and it re-analyses what is there. Window widths and D_pre/D_post windows are in \
            steps (--set analysis.window=…), and so is every "epoch" of the report's keys.
            """
    )

    @Argument(help: ArgumentHelp("Folder of recorded runs (<run>/manifest.json).", valueName: "dir"), completion: .directory)
    var dir: String

    @Option(
        name: .long, help: ArgumentHelp("Report folder (report.json, report.html, report.md, plots/, CSVs); default: DIR/report.", valueName: "dir"),
        completion: .directory)
    var out: String?

    @OptionGroup var runOptions: UserRunOptions

    @Option(name: .long, help: "Probing threads (default: the number of cores).")
    var threads: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Keep watching DIR: re-analyse whenever a manifest changes, checking every this many seconds, until SIGINT/SIGTERM.", valueName: "seconds"
        ))
    var watch: Double?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let config = try runOptions.resolve(defaultPrimaryOnly: false)
        let threads = self.threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let watch, !(watch > 0) { throw ValidationError("--watch must be a positive number of seconds") }
        let folder = URL(fileURLWithPath: dir)
        let outFolder = URL(fileURLWithPath: out ?? folder.appendingPathComponent("report").path)
        let runs = RunFolder(folder: folder, config: config, controlFields: config.userRunControlFields)
        guard let watch else {
            try fitOnce(runs, config: config, threads: threads, into: outFolder)
            return
        }
        Signals.installStopHandlers()
        var seen: [String: String] = [:]
        while !stopSignalReceived.load(ordering: .relaxed) {
            let now = Self.manifestDates(runs)
            if now != seen {
                do {
                    try fitOnce(runs, config: config, threads: threads, into: outFolder)
                    seen = now
                } catch let error as CLIError {
                    // A run still being written is not fatal while watching: say so and retry.
                    Console.info("error: \(error.description) (retrying in \(watch) s)")
                }
            }
            usleep(UInt32(min(watch, 3600) * 1_000_000))
        }
    }

    private func fitOnce(_ runs: RunFolder, config: SweepConfig, threads: Int, into outFolder: URL) throws {
        let started = ContinuousClock.now
        let probed: [UserRun]
        do {
            probed = try runs.read(threads: threads)
        } catch let error as RunFolderError {
            throw CLIError(error.description, status: error.kind == .noInput ? .noInput : .dataError)
        }
        let report: JSONValue
        do {
            report = try UserRunsReport.build(
                runs: probed, config: config, source: "fit",
                provenance: Provenance(gitCommit: GitCommit.current(), hostCount: 1))
        } catch {
            throw CLIError("\(error)", status: .dataError)
        }
        do {
            try ReportFolder.write(report, results: try UserRunsReport.results(runs: probed), into: outFolder)
        } catch {
            throw CLIError("cannot write the report into \(outFolder.path): \(error.localizedDescription)", status: .cannotWrite)
        }
        if !quiet {
            Console.info(ReportHeadline.text(report))
            Console.info(Self.dStepLine(report))
            Console.info(
                "wrote \(outFolder.appendingPathComponent("report.json").path) from \(probed.count) runs in \(String(format: "%.1f", (ContinuousClock.now - started).seconds)) s"
            )
        }
    }

    /// Modification date and size of every manifest and snapshot index: a new snapshot only
    /// appends to `snapshots.jsonl` (format 2), the header changes rarely.
    static func manifestDates(_ runs: RunFolder) -> [String: String] {
        var out: [String: String] = [:]
        for url in (try? runs.manifestURLs()) ?? [] {
            for file in [url, url.deletingLastPathComponent().appendingPathComponent(RunManifest.snapshotsFile)] {
                guard let a = try? FileManager.default.attributesOfItem(atPath: file.path) else { continue }
                out[file.path] = "\((a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)|\((a[.size] as? Int) ?? -1)"
            }
        }
        return out
    }

    /// "D(step): 12 steps, 9 with a fit; last: step 900 D = 1.04 (3 sizes)"
    static func dStepLine(_ report: JSONValue) -> String {
        guard case .array(let points)? = report["summary"]?["D_step"] else { return "D(step): none" }
        let fitted = points.filter { if case .double? = $0["D"] { return true } else { return false } }
        var line = "D(step): \(points.count) steps, \(fitted.count) with a fit"
        if let last = fitted.last, case .int(let step)? = last["step"], case .double(let d)? = last["D"], case .int(let sizes)? = last["sizes"] {
            line += "; last: step \(step) D = \(String(format: "%.3f", d)) (\(sizes) sizes)"
        }
        return line
    }
}
