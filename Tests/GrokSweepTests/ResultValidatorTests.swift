import GrokConfig
import GrokProbe
import GrokRunner
import GrokTasks
import Testing

@Suite("Result validation: a result must be what the configuration implies")
struct ResultValidatorTests {
    static let config: SweepConfig = {
        var c = SweepConfig()
        c.widths = [20, 30, 50]
        c.seeds = 2
        c.topologies = ["ba", "ring"]
        c.training.epochs = 600
        return c
    }()

    static let valid = try! TaskRunner.run(SweepTask(width: 20, seedIndex: 1), config: config)

    @Test("every honestly computed result is valid, in global and per-seed mode")
    func honestResultsPass() throws {
        #expect(ResultValidator.problem(with: Self.valid, key: "h20-s1", config: Self.config) == nil)
        var perSeed = Self.config
        perSeed.probe.mode = .perSeed
        let r = try TaskRunner.run(SweepTask(width: 30, seedIndex: 0), config: perSeed)
        #expect(ResultValidator.problem(with: r, key: "h30-s0", config: perSeed) == nil)
    }

    @Test("out-of-range, wrong-length and wrong-key results are refused, each with a reason naming the field")
    func mutationsRefused() {
        let cases: [(String, (inout TaskResult) -> Void)] = [
            ("expected h20-s1", { $0.task = SweepTask(width: 30, seedIndex: 1) }),
            ("parameterCount", { $0.parameterCount += 1 }),
            ("onsetEpoch 1000000000", { $0.onsetEpoch = 1_000_000_000 }),
            ("onsetEpoch -1", { $0.onsetEpoch = -1 }),
            ("snapshot epochs", { $0.snapshotEpochs[1] += 1 }),
            ("loss has", { $0.loss.removeLast() }),
            ("loss[0]", { $0.loss[0] = .nan }),
            ("loss[2]", { $0.loss[2] = -1 }),
            ("accuracy[1]", { $0.accuracy[1] = 1.25 }),
            ("gini[0]", { $0.gini[0] = 1e308 }),
            ("topologies", { $0.topologies.removeLast() }),
            ("gradient fields", { $0.topologies[0].gradient.append($0.topologies[0].gradient[0]) }),
            ("control fields", { $0.topologies[1].control.removeFirst() }),
            ("2 cascades, 1 expected", { $0.topologies[0].gradient[0].cascades.append(Cascade(size: 1, extent: 1, duration: 1)) }),
            ("extent", { $0.topologies[0].gradient[0].cascades[0].extent = 10_000 }),
            ("duration", { $0.topologies[0].gradient[0].cascades[0].duration = $0.topologies[0].gradient[0].cascades[0].size + 1 }),
            ("size", { $0.topologies[0].gradient[0].cascades[0].size = -5 }),
            ("size", { $0.topologies[0].control[0].cascades[0].size = 1 << 50 }),
            ("carries no cascades", { $0.topologies[0].gradient[0].error = "x" }),
        ]
        for (fragment, mutate) in cases {
            var r = Self.valid
            mutate(&r)
            let problem = ResultValidator.problem(with: r, key: "h20-s1", config: Self.config)
            #expect(problem?.contains(fragment) == true, "\(fragment): \(problem ?? "accepted")")
        }
        #expect(ResultValidator.problem(with: Self.valid, key: "h999-s0", config: Self.config)?.contains("not a task of this sweep") == true)
    }

    @Test("the expected shape comes from the configuration: another epoch count or control setting changes it")
    func shapeFollowsConfiguration() {
        var other = Self.config
        other.training.epochs = 500
        #expect(ResultValidator.problem(with: Self.valid, key: "h20-s1", config: other)?.contains("snapshot epochs") == true)
        var noControl = Self.config
        noControl.probe.control = false
        #expect(ExpectedResult(task: SweepTask(width: 20, seedIndex: 0), config: noControl).controlFields == 0)
        #expect(ExpectedResult(task: SweepTask(width: 20, seedIndex: 0), config: Self.config).parameterCount == 81)
    }
}
