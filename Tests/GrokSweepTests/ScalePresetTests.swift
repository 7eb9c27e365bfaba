import GrokConfig
import Testing

@Suite("Presets for large sweeps: timing and wide; width scaling of the learning rate or init")
struct ScalePresetTests {
    @Test("timing: the default widths × 1,000 seeds on one topology without the control")
    func timingPreset() throws {
        let c = try #require(SweepConfig.preset(named: "timing"))
        #expect(c.widths == SweepConfig().widths && c.seeds == 1000 && c.tasks.count == 8000)
        #expect(c.topologies == ["ba"] && !c.probe.control && c.preset == "timing")
    }

    @Test("wide: at least three decades of N up to h = 20,000, learning rate scaled above h_ref")
    func widePreset() throws {
        let c = try #require(SweepConfig.preset(named: "wide"))
        let n = c.widths.map { 4 * $0 + 1 }
        #expect(c.widths.max() == 20000 && Double(n.max()!) / Double(n.min()!) >= 1000)
        #expect(c.training.widthScaling == .lr)
        let ref = c.training.referenceWidth
        #expect(c.trainingConfig(width: ref).learningRate == c.training.learningRate)
        #expect(c.trainingConfig(width: 20).learningRate == c.training.learningRate)
        #expect(abs(c.trainingConfig(width: 20000).learningRate - c.training.learningRate * Double(ref) / 20000) < 1e-15)
        #expect(c.trainingConfig(width: 20000).initStd == c.training.initStd)
    }

    @Test("width scaling is off by default and 'init' scales init_std by √(h_ref/h) only above h_ref")
    func scalingRules() throws {
        let plain = SweepConfig()
        #expect(plain.training.widthScaling == .none && plain.trainingConfig(width: 20000).learningRate == plain.training.learningRate)
        var c = try SweepConfig.load(toml: "[training]\nwidth_scaling = \"init\"\nreference_width = 100\n")
        #expect(c.trainingConfig(width: 100).initStd == c.training.initStd)
        #expect(abs(c.trainingConfig(width: 400).initStd - c.training.initStd / 2) < 1e-15)
        #expect(c.trainingConfig(width: 400).learningRate == c.training.learningRate)
        #expect(c.configurationHash != plain.configurationHash)
        c.training.widthScaling = .none
        #expect(throws: (any Error).self) { try SweepConfig.load(toml: "[training]\nwidth_scaling = \"sqrt\"\n") }
    }
}
