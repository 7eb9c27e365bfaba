import ArgumentParser

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print a commented example configuration, or check and print a resolved one.",
        discussion: """
            grokscale config --example > sweep.toml     a commented file with every key
            grokscale config --config sweep.toml        the resolved configuration and its hash
            """
    )

    @Flag(name: .long, help: "Print a commented example configuration (of --preset, if given).")
    var example = false

    @OptionGroup var sweep: SweepOptions

    func run() throws {
        let config = try sweep.resolve()
        if example {
            print(config.exampleTOML, terminator: "")
        } else {
            print("# configuration hash \(config.configurationHash)")
            print("# \(config.tasks.count) tasks")
            print(config.tomlText, terminator: "")
        }
    }
}
