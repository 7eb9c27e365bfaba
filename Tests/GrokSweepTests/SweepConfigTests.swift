import GrokConfig
import GrokTasks
import Testing

@Suite("Sweep configuration: every knob, checked, printed and hashed")
struct SweepConfigTests {
    @Test("the defaults are docs/method.md's")
    func defaults() {
        let c = SweepConfig()
        #expect(c.widths == [20, 30, 50, 75, 100, 150, 250, 500])
        #expect(c.seeds == 6)
        #expect(c.topologies == ["ba", "er", "ws", "rr", "ring"])
        #expect(c.training.epochs == 5000 && c.training.learningRate == 0.1 && c.training.initStd == 0.1)
        #expect(c.snapshotEpochs.count == 51 && c.snapshotEpochs.last == 5000)
        #expect(c.probe.conservation == 0.9 && c.probe.quantile == 0.9)
        #expect(c.analysis.window == 400 && c.analysis.bootstrapResamples == 10_000)
        #expect(c.tasks.count == 48)
    }

    @Test("printing the resolved TOML and reading it back gives the same configuration and hash")
    func roundTrip() throws {
        var c = SweepConfig.paper
        c.seeds = 3
        c.probe.controlFields = 7
        c.network.heartbeatLiveness = 5
        let back = try SweepConfig.load(toml: c.tomlText)
        #expect(back == c)
        #expect(back.configurationHash == c.configurationHash)
        let example = try SweepConfig.load(toml: SweepConfig().exampleTOML)
        #expect(example == SweepConfig())
    }

    @Test("the hash (the sweep's identity) covers grid, training, graphs and probe keys; analysis, primary topology and network keys leave it alone")
    func hashCoverage() {
        let base = SweepConfig()
        var seedChanged = base; seedChanged.seed = 1
        var cChanged = base; cChanged.probe.conservation = 0.95
        var epochsChanged = base; epochsChanged.training.epochs = 4000
        var graphChanged = base; graphChanged.graphs.baM = 4
        var statChanged = base; statChanged.analysis.statistic = .extent
        var windowChanged = base; windowChanged.analysis.window = 200; windowChanged.analysis.bootstrapResamples = 10
        var primaryChanged = base; primaryChanged.primaryTopology = "er"
        var netChanged = base; netChanged.network.heartbeatIntervalMs = 50; netChanged.network.replication = 3
        for changed in [seedChanged, cChanged, epochsChanged, graphChanged] {
            #expect(changed.configurationHash != base.configurationHash)
        }
        for same in [statChanged, windowChanged, primaryChanged, netChanged] {
            #expect(same.configurationHash == base.configurationHash)
        }
        #expect(epochsChanged.resultKeysDiffering(from: base) == ["training.epochs"])
    }

    @Test(
        "out-of-range values (seeds, epochs, widths, resamples, snapshots, tasks) and deep nesting are refused with key and line before anything runs"
    )
    func ranges() {
        let cases: [(String, String)] = [
            ("seeds = 1000000000\n", "sweep.toml:1: seeds: must be between 1 and 100000"),
            ("[training]\nepochs = 1000000000000\n", "sweep.toml:2: training.epochs: must be between 1 and 10000000"),
            ("widths = [20, 30, 2000000]\n", "sweep.toml:1: widths: values must be between 1 and 1000000"),
            ("[analysis]\nbootstrap_resamples = 1000000000\n", "sweep.toml:2: analysis.bootstrap_resamples: must be between 1 and 1000000"),
            (
                "[training]\nepochs = 1000000\nsnapshot_interval = 1\n",
                "sweep.toml:3: training.snapshot_interval: training.epochs / snapshot_interval gives 1000001 snapshots"
            ),
            ("[network]\nreplication = 99\n", "sweep.toml:2: network.replication: must be between 1 and 16"),
            ("[network]\nspot_check = 1.5\n", "sweep.toml:2: network.spot_check: must be between 0 and 1"),
            (
                "widths = [" + (1...20).map { String($0 * 10) }.joined(separator: ", ") + "]\nseeds = 100000\n",
                "sweep.toml:2: seeds: 20 widths × 100000 seeds is 2000000 tasks; at most 1000000"
            ),
            ("seeds = " + String(repeating: "[", count: 1_000_000) + "\n", "sweep.toml:1: arrays and inline tables nested more than 32 deep"),
            ("seeds = " + String(repeating: "{a=", count: 100) + "\n", "sweep.toml:1: arrays and inline tables nested more than 32 deep"),
        ]
        // The ranges are documented where users look: the commented example.
        let example = SweepConfig().exampleTOML
        #expect(example.contains("# Seeds per width (seed indices 0 … seeds−1). Range: 1 … 100000.\nseeds = 6"))
        #expect(example.contains("Range: 1 … 1000000.\nbootstrap_resamples"))
        for (text, expected) in cases {
            do {
                _ = try SweepConfig.load(toml: text, source: "sweep.toml")
                Issue.record("accepted: \(text.prefix(60))")
            } catch {
                #expect(error.description.contains(expected), "\(error.description) should contain \(expected)")
            }
        }
    }

    @Test("the paper preset is docs/method.md §5's combination, also selectable from the file")
    func paperPreset() throws {
        let p = try SweepConfig.load(toml: "preset = \"paper\"\nseeds = 2\n")
        #expect(p.probe.loads == .square)
        #expect(p.analysis.statistic == .extent)
        #expect(p.graphs.baM == 4)
        #expect(p.widths == [20, 50, 100, 150, 200, 300, 400, 500])
        #expect(p.seeds == 2)
        // The preset is applied first even when written after another key.
        let late = try SweepConfig.load(toml: "seeds = 2\npreset = \"paper\"\n")
        #expect(late == p)
    }

    @Test("bad files are refused with the key and the line named")
    func errors() {
        let cases: [(String, String)] = [
            ("seeds = 2\n[training]\nepochs = \"many\"\n", "sweep.toml:3: training.epochs: must be an integer, found a string"),
            ("[training]\nepoch = 10\n", "sweep.toml:2: training.epoch: unknown key"),
            ("[trainig]\nepochs = 10\n", "sweep.toml:1: trainig: unknown section"),
            ("[probe]\nconservation = 1.5\n", "sweep.toml:2: probe.conservation: must be in (0, 1]"),
            ("[probe]\nloads = \"cube\"\n", "sweep.toml:2: probe.loads: must be one of \"abs\", \"square\""),
            ("widths = [20, 20, 30]\n", "sweep.toml:1: widths: lists a width twice"),
            ("topologies = [\"ba\", \"hex\"]\n", "sweep.toml:1: topologies: unknown topology \"hex\""),
            ("primary_topology = \"er\"\ntopologies = [\"ba\"]\n", "sweep.toml:1: primary_topology"),
            ("widths = [20, 30]\n", "sweep.toml:1: widths: a scaling fit needs at least"),
            ("seeds = 0\n", "sweep.toml:1: seeds: must be between 1 and 100000, found 0"),
            ("preset = \"nature\"\n", "sweep.toml:1: preset: unknown preset \"nature\""),
            ("[graphs]\nws_k = 5\n", "sweep.toml:2: graphs.ws_k: must be even"),
        ]
        for (text, expected) in cases {
            do {
                _ = try SweepConfig.load(toml: text, source: "sweep.toml")
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains(expected), "\(error.description) should contain \(expected)")
                #expect(error.description.hasPrefix("sweep.toml"), "\(error.description)")
            }
        }
    }

    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("task keys are canonical and parse back")
    func taskKeys() {
        let t = SweepTask(width: 250, seedIndex: 4)
        #expect(t.key == "h250-s4")
        #expect(SweepTask(key: t.key) == t)
        #expect(SweepTask(key: "h-1-s0") == nil)
        #expect(SweepTask(key: "garbage") == nil)
    }
}
