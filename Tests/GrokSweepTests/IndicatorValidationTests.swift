import GrokConfig
import GrokProbe
import GrokRunner
import GrokTasks
import GrokTraining
import Testing

@Suite("Result validation of indicators and first waves: present exactly when asked, each value in its range")
struct IndicatorValidationTests {
    static let config: SweepConfig = {
        var c = SweepConfig()
        c.widths = [4, 6, 8]
        c.seeds = 1
        c.topologies = ["ba"]
        c.training.epochs = 200
        c.training.snapshotInterval = 50
        c.probe.controlFields = 2
        c.indicators.enabled = true
        c.indicators.llcSteps = 4
        c.indicators.pcaSamples = 4
        c.probe.branching = true
        return c
    }()

    static let valid = try! TaskRunner.run(SweepTask(width: 4, seedIndex: 0), config: config)

    @Test("an honest result with indicators and first waves is valid; its first waves are ≤ its sizes")
    func honest() {
        #expect(ResultValidator.problem(with: Self.valid, key: "h4-s0", config: Self.config) == nil)
        #expect(Self.valid.indicators?.count == 4)  // XOR: norm, small weights, PCA dimension, LLC
        let cascades = Self.valid.topologies[0].gradient.flatMap(\.cascades) + Self.valid.topologies[0].control.flatMap(\.cascades)
        #expect(cascades.allSatisfy { c in c.size == 0 ? c.firstWave == nil : (c.firstWave.map { $0 >= 1 && $0 <= c.size } ?? false) })
    }

    @Test("missing, unasked, unknown, duplicated, wrong-length and out-of-range indicators are refused by name")
    func mutationsRefused() {
        let cases: [(String, (inout TaskResult) -> Void)] = [
            ("no indicator series", { $0.indicators = nil }),
            ("unknown indicator", { $0.indicators![0].name = "vibes" }),
            ("appears twice", { $0.indicators!.append($0.indicators![0]) }),
            ("one per snapshot", { $0.indicators![1].values.removeLast() }),
            ("small_weight_fraction[0]", { $0.indicators![1].values[0] = 1.5 }),
            ("weight_norm_sq[2]", { $0.indicators![0].values[2] = .infinity }),
            ("gradient_pca_dim[0]", { $0.indicators![2].values[0] = 2.5 }),
            ("no first wave", { $0.topologies[0].gradient[0].cascades[0].firstWave = nil }),
            ("first wave", { $0.topologies[0].gradient[1].cascades[0].firstWave = $0.topologies[0].gradient[1].cascades[0].size + 1 }),
        ]
        for (needle, mutate) in cases {
            var r = Self.valid
            mutate(&r)
            let problem = ResultValidator.problem(with: r, key: "h4-s0", config: Self.config)
            #expect(problem?.contains(needle) == true, "\(needle): \(problem ?? "accepted")")
        }
        var plain = Self.config
        plain.indicators.enabled = false
        plain.probe.branching = false
        #expect(ResultValidator.problem(with: Self.valid, key: "h4-s0", config: plain)?.contains("did not ask for") == true)
    }

    @Test("every configuration section is one contiguous run of keys, so the TOML text and the config block write each once")
    func sectionsContiguous() {
        var seen: [String] = []
        for key in SweepConfig.keys {
            guard let s = key.section else { continue }
            if seen.last != s {
                #expect(!seen.contains(s), "section [\(s)] is split by \(key.path)")
                seen.append(s)
            }
        }
    }
}

@Suite("The early-warning presets: valid, with their controls, and round-tripping through the configuration text")
struct WarningPresetTests {
    @Test("every preset validates and reads back from its own TOML text with the same hash")
    func everyPresetRoundTrips() throws {
        for name in SweepConfig.presetNames {
            let c = try #require(SweepConfig.preset(named: name))
            let back = try SweepConfig.load(toml: c.tomlText)
            #expect(back.configurationHash == c.configurationHash, "\(name)")
        }
    }

    @Test("warning: λ = 2 beside the ungrokked λ = 0, ≥ 30 seeds each; warning_xor: one small-init group; both record indicators and σ")
    func shapes() throws {
        let m = try #require(SweepConfig.preset(named: "warning"))
        #expect(m.taskGrid.weightDecays == [0, 2] && m.seeds >= 30 && m.indicators.enabled && m.probe.branching)
        #expect(m.headlineGroup.weightDecay == 2)
        let x = try #require(SweepConfig.preset(named: "warning_xor"))
        #expect(x.isLegacyGrid && x.seeds >= 30 && x.training.initStd == 0.04 && x.indicators.enabled && x.probe.branching)
    }
}
