import Foundation
import GrokConfig
import GrokReportModel
import GrokRunner
import GrokSweep
import GrokTasks
import GrokTraining
import Testing

/// A small grid over every task, two optimizers and two regularizer settings.
func taskGridConfig(weightDecays: String = "[0.0, 0.01]") throws -> SweepConfig {
    try SweepConfig.load(
        toml: """
            widths = [6, 8, 10]
            seeds = 2
            topologies = ["ba"]
            tasks = ["xor", "modadd", "parity", "rule", "linear"]
            optimizers = ["gd", "adam"]
            regularizers = ["l2"]
            weight_decays = \(weightDecays)
            [training]
            epochs = 40
            snapshot_interval = 10
            [probe]
            control_fields = 2
            [analysis]
            bootstrap_resamples = 50
            window = 20
            [task]
            modadd_p = 7
            modadd_train_fraction = 0.5
            parity_bits = 8
            parity_train = 64
            test_size = 64
            rule_cells = 6
            batch_size = 16
            [groups]
            lead_resamples = 5
            lead_inner_resamples = 10
            survival_resamples = 20
            """)
}

@Suite("Task axes: keys, streams and determinism of every task")
struct TaskAxesTests {
    @Test("every task gives byte-identical reports with one and two threads, in any arrival order")
    func everyTaskIsDeterministic() throws {
        let config = try taskGridConfig()
        #expect(config.tasks.count == 5 * 2 * 1 * 2 * 3 * 2)
        let one = InProcessSweep.run(config: config, threads: 1)
        let two = InProcessSweep.run(config: config, threads: 2)
        #expect(one.failures.isEmpty, "\(one.failures.first?.error ?? "")")
        let provenance = Provenance(gitCommit: nil, hostCount: 1)
        let a = ReportBuilder.build(config: config, results: one.results, provenance: provenance).serialized()
        let b = ReportBuilder.build(config: config, results: two.results.reversed(), provenance: provenance).serialized()
        #expect(a == b)
        let report = ReportBuilder.build(config: config, results: one.results, provenance: provenance)
        guard case .array(let sections)? = report["groups"]?["sections"] else { Issue.record("no group sections"); return }
        #expect(sections.count == 20)
    }

    @Test("adding a weight decay to the grid changes no other grid point's numbers")
    func axisValuesAddressStreams() throws {
        let small = try taskGridConfig(weightDecays: "[0.01]"), large = try taskGridConfig(weightDecays: "[0.01, 0.5]")
        for name in ["modadd", "parity", "linear"] {
            let task = SweepTask(width: 6, seedIndex: 1, group: TaskGroup(task: name, optimizer: .adam, regularizer: .l2, weightDecay: 0.01))
            #expect(try TaskRunner.run(task, config: small) == TaskRunner.run(task, config: large), "\(name)")
        }
    }

    @Test("task keys name every non-default axis value and parse back; legacy keys stay h·-s·")
    func keysRoundTrip() throws {
        let config = try taskGridConfig()
        let keys = config.tasks.map(\.key)
        #expect(Set(keys).count == keys.count)
        for task in config.tasks { #expect(SweepTask(key: task.key) == task, "\(task.key)") }
        #expect(SweepTask(width: 8, seedIndex: 0).key == "h8-s0")
        let odd = SweepTask(width: 3, seedIndex: 2, group: TaskGroup(task: "modadd", optimizer: .adamw, regularizer: .decoupled, weightDecay: 1e-5))
        #expect(odd.key == "modadd-adamw-decoupled-wd1e-05-h3-s2")
        #expect(SweepTask(key: odd.key) == odd)
        let data = try JSONEncoder().encode(odd)
        #expect(try JSONDecoder().decode(SweepTask.self, from: data) == odd)
    }

    @Test("the parameter count the validator checks is the task's: 4h+1, 3ph, (n+2)h+1, d")
    func parameterCounts() throws {
        let config = try taskGridConfig()
        #expect(config.parameterCount(task: "xor", width: 5) == 21)
        #expect(config.parameterCount(task: "modadd", width: 5) == 3 * 7 * 5)
        #expect(config.parameterCount(task: "parity", width: 5) == 10 * 5 + 1)
        #expect(config.parameterCount(task: "rule", width: 5) == 8 * 5 + 1)
        #expect(config.parameterCount(task: "linear", width: 5) == 5)
        let r = try TaskRunner.run(config.tasks.first { $0.group.task == "modadd" }!, config: config)
        #expect(r.parameterCount == config.parameterCount(task: "modadd", width: r.task.width))
    }

    @Test("new keys stay out of a legacy config's TOML, JSON and hash, and appear once set")
    func legacyConfigText() throws {
        let legacy = SweepConfig()
        #expect(!legacy.tomlText.contains("tasks"))
        #expect(!legacy.tomlText.contains("[task]"))
        #expect(legacy.exampleTOML.contains("weight_decays"))
        let grid = try taskGridConfig()
        #expect(grid.tomlText.contains("tasks = "))
        #expect(try SweepConfig.load(toml: grid.tomlText) == grid)
        #expect(grid.configurationHash != legacy.configurationHash)
    }

    @Test("bad axis values are errors naming the key and the fix")
    func badValues() {
        #expect(throws: ConfigError.self) { try SweepConfig.load(toml: #"tasks = ["mnist"]"#) }
        #expect(throws: ConfigError.self) { try SweepConfig.load(toml: #"weight_decays = [-1.0]"#) }
        do {
            _ = try SweepConfig.load(toml: "optimizers = [\"adamw\"]\nregularizers = [\"l1\"]\ntasks = [\"modadd\"]")
            Issue.record("adamw with l1 was accepted")
        } catch {
            #expect("\(error)".contains("decoupled"))
        }
    }

    @Test("the modadd and parity presets load and validate")
    func presets() throws {
        for name in ["modadd", "parity"] {
            let config = try SweepConfig.load(toml: "preset = \"\(name)\"")
            #expect(config.preset == name)
            #expect(!config.isLegacyGrid)
        }
    }
}
