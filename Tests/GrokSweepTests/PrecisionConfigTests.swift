import Foundation
import GrokConfig
import GrokReportModel
import GrokSweep
import GrokTasks
import GrokTraining
import Testing

/// `training.precision`: float64 stays invisible (every earlier report and hash keeps its
/// bytes); float32 is a different configuration, as deterministic as float64, and refused where
/// a task has no float32 path.
@Suite("training.precision: the float32 knob")
struct PrecisionConfigTests {
    static let float32Modadd = """
        preset = "modadd"
        widths = [24, 33, 41]
        seeds = 2
        weight_decays = [2]
        [training]
        epochs = 120
        precision = "float32"
        [analysis]
        bootstrap_resamples = 100
        """

    @Test("at its default the key is in neither the TOML text nor the report's config, and the example documents it")
    func defaultIsInvisible() throws {
        let config = SweepConfig()
        #expect(!config.tomlText.contains("precision"))
        #expect(!config.json.serialized().contains("precision"))
        #expect(SweepConfig().exampleTOML.contains("precision"), "the example documents the key")
    }

    @Test("float32 round-trips through the file and changes the configuration's identity")
    func float32IsAConfiguration() throws {
        let config = try SweepConfig.load(toml: Self.float32Modadd)
        #expect(config.training.precision == .float32)
        #expect(try SweepConfig.load(toml: config.tomlText) == config)
        var float64 = config
        float64.training.precision = .float64
        #expect(config.json.serialized().contains("\"precision\": \"float32\""))
        #expect(config.json.serialized() != float64.json.serialized())
    }

    @Test("a float32 sweep is the same bytes with one thread or two, and differs from float64")
    func float32Determinism() throws {
        let config = try SweepConfig.load(toml: Self.float32Modadd)
        let provenance = Provenance(gitCommit: nil, hostCount: 1)
        let one = InProcessSweep.run(config: config, threads: 1), two = InProcessSweep.run(config: config, threads: 2)
        #expect(one.failures.isEmpty)
        let a = ReportBuilder.build(config: config, results: one.results, failures: one.failures, provenance: provenance).serialized()
        let b = ReportBuilder.build(config: config, results: two.results, failures: two.failures, provenance: provenance).serialized()
        #expect(a == b)
        var float64 = config
        float64.training.precision = .float64
        let other = InProcessSweep.run(config: float64, threads: 2)
        let losses = { (results: [TaskResult]) in Set(results.map { $0.loss.map(\.bitPattern) }) }
        #expect(losses(one.results) != losses(other.results), "float32 and float64 runs gave the same losses")
    }

    @Test("xor, linear and a program with float32, and an unknown precision, are refused with the key named")
    func refusals() {
        let cases = [
            ("[training]\nprecision = \"float32\"\n", "training.precision"),
            ("tasks = [\"linear\"]\n[training]\nprecision = \"float32\"\n", "training.precision"),
            ("[training]\nprecision = \"float16\"\n", "\"float64\", \"float32\""),
            (
                "widths = [4, 6, 8]\ntasks = [\"my_model\"]\n[programs.my_model]\ncommand = [\"python3\", \"t.py\", \"{out}\"]\n[training]\nprecision = \"float32\"\n",
                "own precision"
            ),
        ]
        for (text, expected) in cases {
            do {
                _ = try SweepConfig.load(toml: text, source: "sweep.toml")
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains(expected), "\(error.description) should contain \(expected)")
            }
        }
    }
}
