import ArgumentParser
import Foundation
import GrokCoordinator
import GrokReport
import GrokSweep

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render a sweep's report folder from its journal, without computing a task.",
        discussion: """
            Reads <dir>/journal.sqlite (read-only; a coordinator may be running) and writes \
            report.json, report.html, report.md with plots/*.svg, avalanches.csv and runs.csv. \
            On an unfinished sweep the report covers the done tasks and names the missing ones; \
            run it again once the sweep is resumed and finished.
            """
    )

    @Argument(help: ArgumentHelp("The sweep's output folder (the --out of run or coordinator).", valueName: "dir"))
    var folder: String

    @Option(name: .long, help: ArgumentHelp("The folder of journal.sqlite when the coordinator had --journal-dir (default: <dir>).", valueName: "dir"))
    var journalDir: String?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let url = URL(fileURLWithPath: folder)
        let reader: JournalReader
        let config: SweepConfig
        do {
            reader = try JournalReader(folder: journalDir.map { URL(fileURLWithPath: $0) } ?? url)
            config = try reader.config()
        } catch {
            throw CLIError("\(error)", status: JournalFile.exists(journalDir ?? folder) ? .dataError : .noInput)
        }
        let (results, hosts) = try reader.results()
        let failures = try reader.failures()
        let status = try reader.status()
        let report = ReportBuilder.build(
            config: config, results: results, failures: failures,
            provenance: Provenance(gitCommit: GitCommit.current(), hostCount: max(1, hosts)))
        let files = try ReportFolder.write(report, into: url)
        guard !quiet else { return }
        Console.info(StatusText.lines(status).joined(separator: "\n"))
        if !status.pending.isEmpty || !status.running.isEmpty {
            Console.info("the report is partial: it names the \(status.pending.count + status.running.count) missing task(s); resume the sweep (same command, same --out) and run `grokscale report \(folder)` again")
        }
        Console.info(ReportHeadline.text(report))
        Console.info("wrote into \(folder): " + files.filter { !$0.hasPrefix(ReportFolder.plotsFolder + "/") }.joined(separator: ", ") + ", \(ReportFolder.plotsFolder)/*.svg")
    }
}
