import ArgumentParser
import Foundation
import GrokConfig
import GrokPrograms

/// The options that choose a sweep's configuration, shared by every command that runs one.
struct SweepOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A TOML configuration file (see `grokscale config --example`).", valueName: "file"), completion: .file())
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Start from a preset: default, paper, modadd, parity, timing, wide, warning or warning_xor. A file's own `preset` key wins.",
            valueName: "name"),
        completion: .list(SweepConfig.presetNames))
    var preset: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Override one key, e.g. --set seeds=2 --set 'widths=[20,50,100]' --set analysis.bootstrap_resamples=1000. Applied after the file.",
            valueName: "key=value"))
    var overrides: [String] = []

    func resolve() throws -> SweepConfig {
        var config = SweepConfig()
        if let preset {
            guard let p = SweepConfig.preset(named: preset) else {
                throw ValidationError("unknown preset \"\(preset)\"; presets: \(SweepConfig.presetNames.joined(separator: ", "))")
            }
            config = p
        }
        if let path = self.config {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                let missing = !FileManager.default.fileExists(atPath: path)
                throw CLIError(
                    missing
                        ? "the configuration file \(path) does not exist (write one with `grokscale config --example > \(path)`)"
                        : "cannot read the configuration file \(path): \(error.localizedDescription)", status: .noInput)
            }
            config = try SweepConfig.load(toml: text, source: path, base: config)
            do {
                config = try ProgramScripts.resolve(config, relativeTo: URL(fileURLWithPath: path).deletingLastPathComponent())
            } catch {
                throw ConfigError(source: path, message: "\(error)")
            }
        }
        return try Self.applying(overrides, to: config)
    }

    /// Applies `--set` pairs one at a time, so that an error names the pair it came from
    /// (`--set widths=[1,2: …`), never a line of a document the user did not write.
    static func applying(_ pairs: [String], to base: SweepConfig) throws -> SweepConfig {
        var config = base
        for pair in pairs {
            do {
                config = try SweepConfig.load(toml: try overrideTOML([pair]), source: "--set \(pair)", base: config)
            } catch var error as ConfigError {
                error.line = nil
                throw error
            }
        }
        return config
    }

    /// Turns `a.b=v` pairs into a TOML document (top-level keys first, then one table per section).
    static func overrideTOML(_ pairs: [String]) throws -> String {
        var top: [String] = []
        var sections: [(String, [String])] = []
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "=") else {
                throw ValidationError("--set \(pair): expected key=value, e.g. --set seeds=2")
            }
            let key = pair[..<eq].trimmingCharacters(in: .whitespaces)
            var value = pair[pair.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            // Let bare words through as strings: --set probe.loads=square
            if let first = value.first, first.isLetter, !["true", "false", "inf", "nan"].contains(value) {
                value = "\"\(value)\""
            }
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                if let i = sections.firstIndex(where: { $0.0 == parts[0] }) {
                    sections[i].1.append("\(parts[1]) = \(value)")
                } else {
                    sections.append((parts[0], ["\(parts[1]) = \(value)"]))
                }
            } else {
                top.append("\(key) = \(value)")
            }
        }
        return (top + sections.flatMap { ["[\($0.0)]"] + $0.1 }).joined(separator: "\n") + "\n"
    }
}

extension ConfigError: LocalizedError {
    public var errorDescription: String? { description }
}
