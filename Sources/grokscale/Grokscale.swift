import ArgumentParser

@main
struct Grokscale: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grokscale",
        abstract: "Measure grokking as a dimensional phase transition: train small MLPs on XOR, probe their gradients with TDU-OFC avalanches, fit the finite-size scaling.",
        version: "0.1.0",
        subcommands: [RunCommand.self, CoordinatorCommand.self, WorkerCommand.self, ProbeCommand.self, BenchCommand.self, ConfigCommand.self, ReportCommand.self, StatusCommand.self, KeygenCommand.self]
    )
}
