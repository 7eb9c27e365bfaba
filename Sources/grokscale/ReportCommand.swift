import ArgumentParser
import Foundation
import GrokConfig
import GrokCoordinator
import GrokReport
import GrokReportModel

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render (or re-analyse) a sweep's report folder from its journal, without computing a task.",
        discussion: """
            Reads <dir>/journal.sqlite (read-only; a coordinator may be running), verifies every \
            committed row and writes report.json, report.html, report.md with plots/*.svg, \
            avalanches.csv.gz and runs.csv. On an unfinished sweep the report covers the done tasks \
            and names the missing ones. --set changes analysis settings (analysis.*, \
            primary_topology) for this report only: e.g. --set analysis.window=200 re-analyses \
            the committed results; the report's config block records the settings used. Keys \
            that change task results are refused (they need a new sweep). Every quantity of the report is defined, with its \
            caveats, in docs/report-quantities.md of the source tree.
            """
    )

    @Argument(help: ArgumentHelp("The sweep's output folder (the --out of run or coordinator).", valueName: "dir"), completion: .directory)
    var folder: String

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override an analysis key for this report, e.g. --set analysis.window=200.", valueName: "key=value"))
    var overrides: [String] = []
    @Option(
        name: .long, help: ArgumentHelp("The folder of journal.sqlite when the coordinator had --journal-dir (default: <dir>).", valueName: "dir"),
        completion: .directory)
    var journalDir: String?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let url = URL(fileURLWithPath: folder)
        let reader: JournalReader
        var config: SweepConfig
        do {
            reader = try JournalReader(folder: journalDir.map { URL(fileURLWithPath: $0) } ?? url)
            config = try reader.config()
        } catch {
            throw CLIError("\(error)", status: JournalFile.exists(journalDir ?? folder) ? .dataError : .noInput)
        }
        if !overrides.isEmpty {
            let stored = config
            config = try SweepOptions.applying(overrides, to: stored)
            guard config.configurationHash == stored.configurationHash else {
                let changed = config.resultKeysDiffering(from: stored)
                throw CLIError(
                    "--set \(changed.joined(separator: ", ")): changes what the tasks compute; `report` only re-analyses committed results (analysis.* and primary_topology). Run a new sweep in another --out folder for that.",
                    status: .config)
            }
        }
        // One pass over the journal: each result is folded and written to avalanches.csv.gz,
        // then dropped (never all in memory).
        let streamed = StreamedReportFolder(config: config, folder: url)
        let read: JournalResultsRead
        do {
            read = try reader.forEachResult(config: config) { try streamed.add($0) }
        } catch {
            throw RuntimeErrors.cliError(error)
        }
        let failures = try reader.failures()
        let status = try reader.status()
        let report = SweepReportWriter.report(config: config, streamed: streamed, read: read, failures: failures, gitCommit: GitCommit.current())
        var files: [String]
        do {
            files = try ReportFolder.write(report, streamed: streamed, into: url)
            try ExecutionRecordFile.write(journalFolder: journalDir.map { URL(fileURLWithPath: $0) } ?? url, into: url)
            files.append(ExecutionRecord.fileName)
        } catch {
            throw CLIError(
                "\(error); the journal is untouched: free space (or fix the permissions) and run `grokscale report \(folder)\(journalDir.map { " --journal-dir \($0)" } ?? "")` again",
                status: .cannotWrite)
        }
        guard !quiet else { return }
        Console.info(StatusText.lines(status).joined(separator: "\n"))
        if !overrides.isEmpty { Console.info("re-analysed with --set \(overrides.joined(separator: " ")); no task was computed") }
        if !status.pending.isEmpty || !status.running.isEmpty {
            Console.info(
                "the report is partial: it names the \(status.pending.count + status.running.count) missing task(s); resume the sweep (same command, same --out) and run `grokscale report \(folder)` again"
            )
        }
        Console.info(ReportHeadline.text(report))
        Console.info(
            "wrote into \(folder): " + files.filter { !$0.hasPrefix(ReportFolder.plotsFolder + "/") }.joined(separator: ", ")
                + ", \(ReportFolder.plotsFolder)/*.svg")
    }
}
