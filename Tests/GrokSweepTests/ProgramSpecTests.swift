import GrokConfig
import GrokProbe
import GrokRunner
import GrokTasks
import Testing

/// `[programs.NAME]` tables: read, written back, checked, and part of the sweep's identity.
@Suite("Program tasks in the configuration")
struct ProgramSpecTests {
    static let grid = """
        widths = [4, 6, 8]
        seeds = 2
        topologies = ["ba"]
        tasks = ["my_model"]
        [programs.my_model]
        script = "/opt/train.py"
        command = ["python3", "{script}", "--width", "{width}", "--seed", "{seed}", "--out", "{out}"]
        environment = ["OMP_NUM_THREADS=1"]
        timeout_seconds = 120
        """

    func load(_ text: String) throws -> SweepConfig { try SweepConfig.load(toml: text, source: "t.toml") }

    func refusal(_ text: String) -> ConfigError? {
        do { _ = try load(text); return nil } catch { return error as? ConfigError }
    }

    @Test("a program table is read, its tasks are keyed by its name, and tomlText parses back to the same value")
    func roundTrip() throws {
        let config = try load(Self.grid)
        let program = try #require(config.program(named: "my_model"))
        #expect(program.command.count == 8 && program.timeoutSeconds == 120 && program.environment == ["OMP_NUM_THREADS=1"])
        #expect(config.tasks.first?.key == "my_model-gd-none-wd0-h4-s0")
        #expect(SweepTask(key: "my_model-gd-none-wd0-h4-s0") == config.tasks.first)
        let again = try SweepConfig.load(toml: config.tomlText)
        #expect(again == config)
        #expect(again.configurationHash == config.configurationHash)
        guard case .object(let block) = config.json else { Issue.record("config block is not an object"); return }
        #expect(block.last?.0 == "programs")
    }

    @Test("a sweep without programs keeps its hash and text: no programs block is written")
    func noProgramsNoBytes() throws {
        let plain = SweepConfig()
        #expect(!plain.tomlText.contains("programs"))
        guard case .object(let block) = plain.json else { return }
        #expect(!block.contains { $0.0 == "programs" })
    }

    @Test("the script's hash, the command and the environment change the configuration hash; the script's folder does not")
    func identity() throws {
        let base = try load(Self.grid)
        var a = base, b = base, c = base, d = base
        a.programs[0].scriptSHA256 = String(repeating: "a", count: 64)
        b.programs[0].scriptSHA256 = String(repeating: "b", count: 64)
        #expect(a.configurationHash != b.configurationHash)
        c.programs[0].environment = ["OMP_NUM_THREADS=2"]
        #expect(c.configurationHash != base.configurationHash)
        d.programs[0].script = "/elsewhere/train.py"
        #expect(d.configurationHash == base.configurationHash)
    }

    @Test(
        "bad program tables are refused with the key and what to do",
        arguments: [
            ("command = [\"python3\", \"t.py\", \"{width}\"]", "programs.my_model.command", "{out}"),
            ("command = [\"python3\", \"{wdth}\", \"{out}\"]", "programs.my_model.command", "unknown placeholder {wdth}"),
            ("command = [\"x\", \"{out}\"]\nspeed = 3", "programs.my_model.speed", "unknown key"),
            ("command = [\"x\", \"{out}\"]\ndeterministic = false", "programs.my_model.tolerance", "tolerance > 0"),
            ("command = [\"x\", \"{out}\"]\ntimeout_seconds = 0", "programs.my_model.timeout_seconds", "between 1"),
            ("command = [\"x\", \"{out}\"]\nenvironment = [\"NOEQUALS\"]", "programs.my_model.environment", "NAME=value"),
            ("command = [\"x\", \"{script}\", \"{out}\"]", "programs.my_model.script", "no script"),
        ])
    func refusals(_ body: String, _ key: String, _ phrase: String) {
        let text = "widths = [4, 6, 8]\ntasks = [\"my_model\"]\n[programs.my_model]\n\(body)\n"
        let error = refusal(text)
        #expect(error?.key == key, "\(String(describing: error))")
        #expect(error?.message.contains(phrase) == true, "\(String(describing: error))")
        #expect(error?.line != nil)
    }

    @Test("a task naming no program, and a program named like a built-in task, are refused")
    func names() {
        let undeclared = refusal("widths = [4, 6, 8]\ntasks = [\"mine\"]\n")
        #expect(undeclared?.key == "tasks" && undeclared?.message.contains("[programs.mine]") == true, "\(String(describing: undeclared))")
        let clash = refusal("widths = [4, 6, 8]\n[programs.xor]\ncommand = [\"x\", \"{out}\"]\n")
        #expect(clash?.key == "programs.xor", "\(String(describing: clash))")
        let bad = refusal("widths = [4, 6, 8]\n[programs.My-Model]\ncommand = [\"x\", \"{out}\"]\n")
        #expect(bad?.message.contains("lowercase") == true, "\(String(describing: bad))")
    }

    @Test("a later table (a --set pair) changes only the keys it names of a configured program")
    func override() throws {
        let base = try load(Self.grid)
        let changed = try SweepConfig.load(toml: "[programs.my_model]\ntimeout_seconds = 5\n", base: base)
        #expect(changed.programs[0].timeoutSeconds == 5)
        #expect(changed.programs[0].command == base.programs[0].command && changed.programs[0].script == base.programs[0].script)
    }

    @Test("placeholders are replaced in every argument")
    func argv() {
        let p = ProgramSpec(name: "m", command: ["python3", "--w={width}", "{out}/x", "{width}{seed}"])
        #expect(p.argv(values: ["width": "8", "seed": "3", "out": "/tmp/o"]) == ["python3", "--w=8", "/tmp/o/x", "83"])
    }

    @Test("a program's result is validated with its own N and any accuracy in [0, 1]; its N must be a usable size")
    func validation() throws {
        let config = try load(Self.grid)
        let task = config.tasks[0]
        let e = ExpectedResult(task: task, config: config)
        #expect(e.parameterCountIsReported)
        let n = 37
        let epochs = config.snapshotEpochs
        let field = FieldCascades(cascades: [.init(size: 3, extent: 2, duration: 2)])
        let topologies = [TopologyCascades(topology: "ba", gradient: epochs.map { _ in field }, control: epochs.map { _ in field })]
        var r = TaskResult(
            task: task, parameterCount: n, onsetEpoch: nil, snapshotEpochs: epochs, loss: epochs.map { _ in 0.5 },
            accuracy: epochs.map { _ in 0.123 }, gini: epochs.map { _ in 0.2 }, topologies: topologies)
        #expect(ResultValidator.problem(with: r, expected: e) == nil)
        r.parameterCount = 1
        #expect(ResultValidator.problem(with: r, expected: e)?.contains("a program's N") == true)
        r.parameterCount = n
        r.accuracy[0] = 1.5
        #expect(ResultValidator.problem(with: r, expected: e)?.contains("accuracy") == true)
    }
}
