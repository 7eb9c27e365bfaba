import ArgumentParser
import Foundation
import GrokConfig
import GrokPrograms
import GrokReportModel
import GrokRunner

@main
struct Grokscale: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grokscale",
        abstract:
            "Measure grokking as a dimensional phase transition: train small MLPs on XOR, probe their gradients with TDU-OFC avalanches, fit the finite-size scaling.",
        discussion: "Exit statuses (every command):\n" + ExitStatus.table,
        version: BuildInfo.versionLine,
        subcommands: [
            RunCommand.self, CoordinatorCommand.self, WorkerCommand.self, ProbeCommand.self, BenchCommand.self, ConfigCommand.self,
            ReportCommand.self, StatusCommand.self, VerifyCommand.self, RepairCommand.self, KeygenCommand.self, CompletionCommand.self,
            FitCommand.self, ServeCommand.self, ScanCommand.self,
        ]
    )

    /// One error format for every command: `error: <message>` on standard error, then the
    /// status of ExitStatus's table. Usage errors keep ArgumentParser's usage text.
    static func main() {
        var parsed: ParsableCommand.Type? = nil
        MallocTuning.apply()
        do {
            try BuildInfo.checkCPU()
            ProgramExecution.bootstrap(
                ProgramRunner(
                    gpuDevice: GPUDevices.detected().first, keepScratch: ProcessInfo.processInfo.environment["GROKSCALE_KEEP_SCRATCH"] == "1"))
            var command = try parseAsRoot()
            parsed = type(of: command)
            try command.run()
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            Foundation.exit(error.status.rawValue)
        } catch let error as ReportWriteError {
            // In process there is no journal: nothing was committed, the same command recomputes.
            FileHandle.standardError.write(
                Data("error: \(error.description). Free space (or fix the permissions) and run the same command again.\n".utf8))
            Foundation.exit(ExitStatus.cannotWrite.rawValue)
        } catch let error as ConfigError {
            // A configuration file or --set value refused: the table's "configuration refused".
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            Foundation.exit(ExitStatus.config.rawValue)
        } catch {
            let code = exitCode(for: error)
            var message = fullMessage(for: error)
            if code.rawValue == ExitStatus.usage.rawValue {
                if parsed == nil, let unknown = CommandSuggestion.unknownCommand(in: CommandLine.arguments) {
                    message = "Error: \(unknown)\n" + CommandSuggestion.usage(of: Grokscale.self)
                } else if let command = parsed, command != Grokscale.self, message.contains("Usage: grokscale <subcommand>") {
                    // A subcommand's own check failed after parsing: its usage, not the top one.
                    message = "Error: \(Grokscale.message(for: error))\n" + CommandSuggestion.usage(of: command)
                }
            }
            if code == .success {
                if !message.isEmpty { print(message) }  // --help, --version
                Foundation.exit(0)
            }
            if !message.isEmpty {
                let text = message.hasPrefix("Error: ") ? "error: " + message.dropFirst("Error: ".count) : message
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}
