import ArgumentParser
import Foundation
import GrokConfig
import GrokCoordinator

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print a sweep's progress from its journal: done, running, pending, failed, duplicates.",
        discussion: "Read-only: safe while the coordinator runs. Running = leased by the latest coordinator with no result yet."
    )

    @Argument(help: ArgumentHelp("The sweep's output folder (the --out of run or coordinator).", valueName: "dir"), completion: .directory)
    var folder: String

    @Option(
        name: .long, help: ArgumentHelp("The folder of journal.sqlite when the coordinator had --journal-dir (default: <dir>).", valueName: "dir"),
        completion: .directory)
    var journalDir: String?

    @Flag(name: .long, help: "List every task by state, not only the counts.")
    var verbose = false

    @Flag(name: .long, help: "Print the status as one JSON object on standard output (every task by state, the counts, the coordinator).")
    var json = false

    func run() throws {
        let status: JournalReader.Status
        let workers: [JournalReader.WorkerRecord]
        do {
            let reader = try JournalReader(folder: URL(fileURLWithPath: journalDir ?? folder))
            status = try reader.status()
            workers = try reader.workerRecords()
        } catch {
            throw CLIError("\(error)", status: JournalFile.exists(journalDir ?? folder) ? .dataError : .noInput)
        }
        if json {
            guard case .object(var fields) = StatusJSON.value(status) else { return }
            fields.append(("workers", WorkerRecordText.json(workers)))
            print(JSONValue.object(fields).serialized(), terminator: "")
            return
        }
        var lines = StatusText.lines(status) + WorkerRecordText.lines(workers)
        if verbose {
            lines.append("done: " + status.done.joined(separator: " "))
            lines.append("pending: " + status.pending.joined(separator: " "))
        }
        print(lines.joined(separator: "\n"))
    }
}

/// The status as a few lines of text (shared by `status` and `report`).
enum StatusText {
    static func lines(_ s: JournalReader.Status) -> [String] {
        var lines = [
            "tasks: \(s.tasksTotal) total, \(s.done.count) done, \(s.running.count) running, \(s.pending.count) pending, \(s.failed.count) failed",
            "duplicates seen: \(s.duplicates), determinism faults: \(s.determinismFaults), workers lost: \(s.workersLost)",
        ]
        if let pid = s.coordinatorPID {
            let finished = s.pending.isEmpty && s.running.isEmpty
            lines.append(
                "coordinator run \(s.coordinatorRuns), pid \(pid): \(s.coordinatorAlive ? "running on this host" : finished ? "finished" : "not running here (stopped or on another host)")"
            )
        }
        // Leases of a coordinator that is gone are not work in progress: say so.
        let verb = s.coordinatorAlive || s.coordinatorPID == nil ? "running" : "was running when the coordinator stopped"
        for r in s.running { lines.append("\(verb): \(r.task) on worker \(r.worker) (\(r.host))") }
        for f in s.failed { lines.append("failed: \(f.task) after \(f.attempts) attempts: \(f.error)") }
        for q in s.quarantined { lines.append("quarantined worker: \(q.worker): \(q.detail)") }
        if s.quarantinedRows > 0 { lines.append("journal rows in quarantine (moved by `grokscale repair`): \(s.quarantinedRows)") }
        if !s.pending.isEmpty {
            let shown = s.pending.prefix(20).joined(separator: " ")
            lines.append("pending: \(shown)\(s.pending.count > 20 ? " … (\(s.pending.count - 20) more)" : "")")
        }
        return lines
    }
}
