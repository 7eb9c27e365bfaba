import Foundation
import Testing

/// Messages a user reads when something is wrong: each names what the user typed, in the user's
/// words, with the table's status, and never a Swift `Optional(…)`.
@Suite("CLI messages name what the user typed")
struct CLIMessagesTests {
    @Test("a bad --set names its own pair, not a line of a document the user never wrote, nor the next key")
    func setErrorsNameThePair() throws {
        let r = try CapturedRun.run(["run", "--in-process", "--set", "seeds=2", "--set", "widths=[20,30", "--set", "analysis.bootstrap_resamples=50"])
        #expect(r.status == 78, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error: --set widths=[20,30: "), "\(r.stderr)")
        #expect(!r.stderr.contains("--set:") && !r.stderr.contains("bootstrap_resamples"), "\(r.stderr)")
        let unknown = try CapturedRun.run(["run", "--in-process", "--set", "trainig.epochs=5"])
        #expect(unknown.status == 78 && unknown.stderr.contains("--set trainig.epochs=5"), "\(unknown.stderr)")
    }

    @Test("a missing --config file is 66 and says how to write one; a missing status folder is named as missing")
    func missingInputs() throws {
        let config = try CapturedRun.run(["run", "--config", "/nonexistent/sweep.toml"])
        #expect(
            config.status == 66 && config.stderr.contains("/nonexistent/sweep.toml does not exist") && config.stderr.contains("config --example"),
            "\(config.stderr)")
        let status = try CapturedRun.run(["status", "/nonexistent/sweep-out"])
        #expect(status.status == 66 && status.stderr.contains("/nonexistent/sweep-out does not exist"), "\(status.stderr)")
    }

    @Test("completion offers the presets and log levels as values")
    func completionValues() throws {
        let script = try CapturedRun.run(["completion", "bash"])
        #expect(script.status == 0)
        for word in ["paper", "timing", "wide", "warning", "critical"] { #expect(script.stdout.contains(word), "\(word) not offered") }
    }

    @Test("the coordinator binds loopback by default (works on a laptop without CURVE); the cluster form is documented in --help")
    func loopbackDefaultBind() throws {
        let help = try CapturedRun.run(["coordinator", "--help"])
        #expect(help.stdout.contains("tcp://127.0.0.1:5555") && help.stdout.contains("tcp://0.0.0.0:PORT"), "\(help.stdout)")
    }
}

/// Usage errors name the right command.
@Suite("Usage errors: suggestions for mistyped commands, the subcommand's own usage")
struct CommandUsageTests {
    func run(_ arguments: [String], _ name: String) throws -> (Int32?, String) {
        let folder = try Harness.temporaryFolder("usage-\(name)")
        let child = try Child(arguments, log: folder.appendingPathComponent("out.log"))
        return (child.wait(timeout: 30), child.logText)
    }

    @Test("a mistyped subcommand gets the nearest name, exit 64; an unknown one the list of commands")
    func didYouMean() throws {
        let (status, text) = try run(["wrker"], "typo")
        #expect(status == 64 && text.contains("Did you mean 'worker'?"), "\(text)")
        let (status2, text2) = try run(["xyzzy"], "unknown")
        #expect(status2 == 64 && text2.contains("commands are run, coordinator, worker"), "\(text2)")
    }

    @Test("a subcommand's own check prints that subcommand's usage, not the top-level one")
    func subcommandUsage() throws {
        let (status, text) = try run(["worker"], "worker")
        #expect(status == 64, "\(text)")
        #expect(text.contains("Usage: grokscale worker [--connect <endpoint>]") && !text.contains("grokscale <subcommand>"), "\(text)")
    }
}
