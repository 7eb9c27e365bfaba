import ArgumentParser
import Foundation

@main
struct Grokscale: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grokscale",
        abstract: "Measure grokking as a dimensional phase transition: train small MLPs on XOR, probe their gradients with TDU-OFC avalanches, fit the finite-size scaling.",
        discussion: "Exit statuses (every command):\n" + ExitStatus.table,
        version: "0.1.0",
        subcommands: [RunCommand.self, CoordinatorCommand.self, WorkerCommand.self, ProbeCommand.self, BenchCommand.self, ConfigCommand.self, ReportCommand.self, StatusCommand.self, KeygenCommand.self, FitCommand.self, ServeCommand.self]
    )

    /// One error format for every command: `error: <message>` on standard error, then the
    /// status of ExitStatus's table. Usage errors keep ArgumentParser's usage text.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            Foundation.exit(error.status.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
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
