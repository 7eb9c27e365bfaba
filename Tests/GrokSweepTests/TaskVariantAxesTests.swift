import Foundation
import GrokConfig
import GrokReportModel
import GrokSweep
import GrokTasks
import GrokTestSupport
import GrokTraining
import Testing

/// The axes only some tasks read (dropouts, softmax_betas, init_scales) and the opened task
/// seam: invisible at their defaults, refused for tasks that ignore them, carried through keys,
/// wire records and reports, and deterministic however many threads ran the grid.
@Suite("Task variant axes and the task seam")
struct TaskVariantAxesTests {
    static let isingTOML = TestGrids.isingVariantsTOML

    @Test("at their defaults the axes and the ising knobs are absent from the TOML text and the report's config; the example documents them")
    func defaultsInvisible() {
        let config = SweepConfig()
        for key in ["dropouts", "softmax_betas", "init_scales", "ising_per_level"] {
            #expect(!config.tomlText.contains(key))
            #expect(!config.json.serialized().contains(key))
            #expect(config.exampleTOML.contains(key), "the example does not document \(key)")
        }
        #expect(SweepConfig().taskGroups == [.legacy])
    }

    @Test(
        "a key set back to the default under a preset that changes it is written out, so the TOML text (what workers receive) parses to the same configuration and hash"
    )
    func defaultUnderPresetRoundTrips() throws {
        // preset ising has dropouts [0, 0.04] and teacher σ² 0.25; [0] and 0.05 are the defaults.
        for (preset, text) in [
            ("ising", "preset = \"ising\"\ndropouts = [0]\n"),
            ("teacher", "preset = \"teacher\"\n[task]\nteacher_temperature = 0.05\n"),
        ] {
            let config = try SweepConfig.load(toml: text)
            #expect(config.preset == preset)
            let back = try SweepConfig.load(toml: config.tomlText)
            #expect(back.taskGrid == config.taskGrid, "\(preset): the TOML text lost a key set to its default:\n\(config.tomlText)")
            #expect(back.configurationHash == config.configurationHash)
        }
        // The preset's own value stays invisible, as every default does (older reports keep their bytes).
        #expect(!SweepConfig.ising.tomlText.contains("softmax_betas"))
        #expect(SweepConfig.ising.tomlText.contains("dropouts"))
    }

    @Test("every knob a registered task declares is a configuration key task.<name>, once")
    func knobsAreKeys() {
        let paths = SweepConfig.keys.map(\.path)
        for knob in TaskCatalog.knobs { #expect(paths.filter { $0 == "task.\(knob.name)" }.count == 1, "task.\(knob.name)") }
        #expect(Set(TaskCatalog.names).count == TaskCatalog.names.count)
        #expect(TaskCatalog.entry(named: "rule")?.properties.inferredSetup == true)
        #expect(TaskCatalog.entry(named: "modadd")?.properties.inferredSetup == false)
    }

    @Test("a knob value outside its declared range is refused with the key and the range")
    func knobRange() {
        #expect(throws: ConfigError.self) { try SweepConfig.load(toml: "tasks = [\"ising\"]\n[task]\nising_depth = 0") }
        do {
            _ = try SweepConfig.load(toml: "[task]\nmodadd_p = 1")
            Issue.record("modadd_p = 1 was accepted")
        } catch {
            #expect("\(error)".contains("modadd_p") && "\(error)".contains("between 2 and 1000, found 1"), "\(error)")
            #expect(!"\(error)".contains("1.0"), "an integer knob's message shows the integer: \(error)")
        }
    }

    @Test("an axis set for a task that does not read it is refused, naming the axis and the tasks that do")
    func axisRefusedWhereIgnored() {
        for (axis, value) in [("dropouts", "[0.1]"), ("softmax_betas", "[2]"), ("init_scales", "[3]")] {
            do {
                _ = try SweepConfig.load(toml: "tasks = [\"modadd\"]\n\(axis) = \(value)")
                Issue.record("\(axis) accepted for modadd")
            } catch {
                #expect("\(error)".contains(axis) && "\(error)".contains("\"ising\""), "\(error)")
            }
        }
        #expect(throws: ConfigError.self) { try SweepConfig.load(toml: "tasks = [\"ising\"]\ndropouts = [1.0]") }
        #expect(throws: ConfigError.self) { try SweepConfig.load(toml: "tasks = [\"ising\"]\nsoftmax_betas = [0]") }
    }

    @Test("variant groups: keys name the values, parse back to the same task, and binary records round-trip them")
    func keysAndRecords() throws {
        let config = try SweepConfig.load(toml: Self.isingTOML)
        let keys = config.taskGroups.map(\.key)
        #expect(
            keys == [
                "ising-adam-l2-wd0.005", "ising-adam-l2-wd0.005-beta0.5", "ising-adam-l2-wd0.005-dropout0.1",
                "ising-adam-l2-wd0.005-dropout0.1-beta0.5",
            ])
        for group in config.taskGroups {
            let task = SweepTask(width: 8, seedIndex: 1, group: group)
            #expect(SweepTask(key: task.key) == task, "\(task.key)")
        }
        let tiny = TaskGroup(
            task: "ising", optimizer: .adam, regularizer: .l2, weightDecay: 1e-5, variant: TaskVariant(dropout: 0.04, softmaxBeta: 1e-5, initScale: 7)
        )
        let task = SweepTask(width: 3, seedIndex: 0, group: tiny)
        #expect(SweepTask(key: task.key) == task, "\(task.key)")
        #expect(SweepTask(key: "ising-adam-l2-wd0-beta1-h3-s0") == nil, "β = 1 is the default and has no key part")
        #expect(SweepTask(key: "ising-adam-l2-wd0-dropout2-h3-s0") == nil)
        #expect(TaskVariant.parseRecordField("ising|dropout=0.04|beta=2")?.variant == TaskVariant(dropout: 0.04, softmaxBeta: 2))
        #expect(TaskVariant.parseRecordField("ising|beta=2|dropout=0.04") == nil, "one canonical spelling")
        #expect(TaskVariant.parseRecordField("ising|dropout=x") == nil)
        let json = try JSONEncoder().encode(task)
        #expect(try JSONDecoder().decode(SweepTask.self, from: json) == task)
    }

    @Test("an ising grid with dropout and β is the same report bytes on one thread or two, and its groups differ")
    func isingDeterminism() throws {
        let config = try SweepConfig.load(toml: Self.isingTOML)
        let provenance = Provenance(gitCommit: nil, hostCount: 1)
        let one = InProcessSweep.run(config: config, threads: 1), two = InProcessSweep.run(config: config, threads: 2)
        #expect(one.failures.isEmpty, "\(one.failures)")
        let a = ReportBuilder.build(config: config, results: one.results, failures: one.failures, provenance: provenance).serialized()
        let b = ReportBuilder.build(config: config, results: two.results, failures: two.failures, provenance: provenance).serialized()
        #expect(a == b)
        #expect(a.contains("\"dropout\": 0.1") && a.contains("\"softmax_beta\": 0.5"))
        for r in one.results {
            let record = TaskResult.binaryRecord(r)
            #expect(try TaskResult.decodeBinary(record) == r)
        }
        let losses = Dictionary(grouping: one.results, by: { $0.task.group.variant }).mapValues { Set($0.map { $0.loss.map(\.bitPattern) }) }
        #expect(Set(losses.values).count == 4, "two variants trained identically")
    }
}
