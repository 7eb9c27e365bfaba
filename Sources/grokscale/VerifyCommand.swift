import ArgumentParser
import Foundation
import GrokCoordinator

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every committed row of a sweep's journal (SHA-256, decoding, validation); name the damaged ones.",
        discussion: "Read-only. Exits 0 when every row is sound, 5 when some are damaged (then run `grokscale repair DIR`)."
    )

    @Argument(help: ArgumentHelp("The sweep's output folder.", valueName: "dir"), completion: .directory)
    var folder: String

    func run() throws {
        let url = URL(fileURLWithPath: folder)
        let outcome: (checked: Int, damaged: [JournalIntegrity.Damage])
        do {
            outcome = try JournalReader(folder: url).damagedRows()
        } catch {
            throw CLIError(
                "\(error)", status: FileManager.default.fileExists(atPath: url.appendingPathComponent(Journal.fileName).path) ? .dataError : .noInput)
        }
        for d in outcome.damaged { print("damaged: \(d.task): \(d.reason)") }
        if outcome.damaged.isEmpty {
            print("\(folder): all \(outcome.checked) committed rows verified (SHA-256, decoding, validation)")
            return
        }
        print(
            "\(folder): \(outcome.damaged.count) of \(outcome.checked) committed rows are damaged; `grokscale repair \(folder)` moves them to the quarantine table (nothing is deleted) and a resume recomputes them"
        )
        throw ExitCode(ExitStatus.incomplete.rawValue)
    }
}

struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Move a journal's damaged committed rows into its quarantine table, so that a resume recomputes them.",
        discussion:
            "Nothing is deleted: each moved row keeps its bytes, checksum, worker and the reason. Refused while a coordinator holds the folder."
    )

    @Argument(help: ArgumentHelp("The sweep's output folder.", valueName: "dir"), completion: .directory)
    var folder: String

    func run() throws {
        let moved: [JournalIntegrity.Damage]
        do {
            moved = try JournalRepair.repair(folder: URL(fileURLWithPath: folder))
        } catch {
            throw RuntimeErrors.cliError(error)
        }
        for d in moved { print("quarantined: \(d.task): \(d.reason)") }
        print(
            moved.isEmpty
                ? "\(folder): no damaged rows; nothing to repair"
                : "\(folder): moved \(moved.count) damaged row(s) to the quarantine table; resume the sweep (same command, same --out) to recompute them"
        )
    }
}
