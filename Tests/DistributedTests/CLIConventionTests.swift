import Foundation
import Testing

/// The command line's conventions: machine-readable output on stdout, one exit-status table,
/// one error format, completion, --version, and folders that belong to one configuration.
@Suite("CLI conventions", .serialized)
struct CLIConventionTests {
    static func grid(seeds: Int = 2) -> [String] {
        ["--set", "widths=[20,30,50]", "--set", "seeds=\(seeds)", "--set", "topologies=[\"ba\"]", "--set", "analysis.bootstrap_resamples=50"]
    }
    static let grid = grid()

    @Test("--help prints every row of the exit-status table; the codes are distinct")
    func exitStatusTableInHelp() throws {
        let help = try CapturedRun.run(["--help"])
        #expect(help.status == 0)
        let rows: [(Int, String)] = [
            (0, "success"), (1, "runtime error"), (3, "sweep finished with failed tasks"), (4, "worker gave up"), (5, "sweep unfinished"),
            (64, "bad arguments"), (65, "bad input data"), (66, "input file or folder missing"), (69, "port in use"),
            (73, "output cannot be written"), (75, "output folder locked"), (78, "configuration refused"), (130, "stopped by a signal"),
        ]
        for (code, words) in rows {
            #expect(
                help.stdout.range(of: "\n  \(code) +\(words)", options: .regularExpression) != nil, "row \(code) missing from --help: \(help.stdout)")
        }
    }

    @Test("every failure prints one 'error: …' line on stderr (no 'Error:') and exits with its table status")
    func errorsUseTheTable() throws {
        let folder = try Harness.temporaryFolder("cli-errors")
        let cases: [([String], Int32, String)] = [
            (["status", folder.appendingPathComponent("nothing-here").path], 66, "nothing-here does not exist"),
            (["report", folder.path], 66, "no journal.sqlite"),
            (["run", "--workers", "0", "--out", folder.path], 64, "--workers must be at least 1"),
            (["run", "--in-process", "--set", "widths=[20]", "--out", folder.path], 78, "widths"),
            (["run", "--preset", "nonsense"], 64, "unknown preset"),
            (["completion", "tcsh"], 64, "unknown shell"),
            (["worker"], 64, "--connect"),
        ]
        for (arguments, status, words) in cases {
            let r = try CapturedRun.run(arguments)
            #expect(r.status == status, "\(arguments): status \(r.status), stderr \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains(words), "\(arguments): \(r.stderr)")
            #expect(!r.stderr.contains("Error:"), "\(arguments): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(arguments): nothing on stdout, got \(r.stdout)")
        }
    }

    @Test(
        "run --json prints one JSON object on stdout with the report path and estimates; a folder of another configuration is refused, in process and distributed"
    )
    func runJSONAndFolderGuard() throws {
        let folder = try Harness.temporaryFolder("run-json")
        let out = folder.appendingPathComponent("out").path
        let r = try CapturedRun.run(["run", "--in-process", "--json", "--out", out] + Self.grid)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(r.json, "stdout is not one JSON object: \(r.stdout)")
        #expect(json["report"] as? String == out + "/report.json")
        #expect(json["tasks_done"] as? Int == 6 && json["tasks_total"] as? Int == 6)
        #expect(json["intervals"] as? String == "bootstrap over seeds")
        let summary = try #require(json["summary"] as? [String: Any])
        #expect((summary["D_post"] as? [String: Any])?["value"] is Double)
        let before = try Data(contentsOf: URL(fileURLWithPath: out + "/report.json"))

        for mode in [["--in-process"], []] {
            let other = try CapturedRun.run(["run", "--quiet", "--out", out, "--workers", "1"] + mode + Self.grid(seeds: 3))
            #expect(other.status == 78, "\(mode): \(other.stderr)")
            #expect(other.stderr.contains("holds a sweep with configuration hash"), "\(other.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/report.json")) == before, "the report was left as it was")
    }

    @Test("with one seed the estimates say they have no interval instead of ± 0.000")
    func oneSeedHasNoInterval() throws {
        let folder = try Harness.temporaryFolder("one-seed")
        let r = try CapturedRun.run(["run", "--in-process", "--json", "--out", folder.path] + Self.grid(seeds: 1))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("D_post = ") && r.stderr.contains("(no interval: one seed)"), "\(r.stderr)")
        #expect(!r.stderr.contains("± 0.000"), "\(r.stderr)")
        #expect(r.json?["intervals"] as? String == "none: one seed per width")
    }

    @Test("default workers follow the CPU set: taskset -c 0 gives 1, SLURM_CPUS_PER_TASK=1 gives 1")
    func defaultWorkersFollowTheCPUSet() throws {
        let folder = try Harness.temporaryFolder("cpuset")
        let pinned = try CapturedRun.run(
            ["run", "--in-process", "--json", "--quiet", "--out", folder.appendingPathComponent("a").path] + Self.grid,
            launcher: ["/usr/bin/taskset", "-c", "0"])
        #expect(pinned.status == 0, "\(pinned.stderr)")
        #expect(pinned.json?["workers"] as? Int == 1, "\(pinned.stdout)")
        let slurm = try CapturedRun.run(
            ["run", "--in-process", "--json", "--quiet", "--out", folder.appendingPathComponent("b").path] + Self.grid,
            environment: ["SLURM_CPUS_PER_TASK": "1"])
        #expect(slurm.json?["workers"] as? Int == 1, "\(slurm.stdout)")
    }

    @Test("status --json parses and agrees with the journal of a finished distributed run")
    func statusJSON() throws {
        let folder = try Harness.temporaryFolder("status-json")
        let out = folder.appendingPathComponent("out").path
        let r = try CapturedRun.run(["run", "--quiet", "--workers", "2", "--out", out] + Self.grid)
        #expect(r.status == 0, "\(r.stderr)")
        let s = try CapturedRun.run(["status", "--json", out])
        #expect(s.status == 0, "\(s.stderr)")
        let json = try #require(s.json, "\(s.stdout)")
        #expect(json["tasks_total"] as? Int == 6 && json["tasks_done"] as? Int == 6)
        #expect(json["finished"] as? Bool == true)
        #expect((json["done"] as? [String])?.count == 6)
        #expect((json["pending"] as? [String]) == [])
    }

    @Test("completion scripts for bash, zsh and fish name the subcommands; --version names the commit")
    func completionAndVersion() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = try CapturedRun.run(["completion", shell])
            #expect(r.status == 0 && r.stdout.contains("coordinator") && r.stdout.contains("worker"), "\(shell): \(r.stderr)")
        }
        let v = try CapturedRun.run(["--version"], environment: ["GROKSCALE_GIT_COMMIT": "0123456789abcdef0123456789abcdef01234567"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("grokscale 0.1.0 (commit 0123456789abcdef0123456789abcdef01234567, kernels built for "), "\(v.stdout)")
    }
}
