/// The early-warning preset (method §8; docs/indicators.md).
extension SweepConfig {
    /// Who warns first on modular addition: the `modadd` setup (p = 47, training fraction 0.3,
    /// AdamW lr 1e-2, Doshi et al.'s init) with decoupled weight decay 2, which groks, beside 0,
    /// the natural ungrokked control, 30 seeds each at three widths (180 runs). Every snapshot
    /// records the indicators (LLC from 16 SGLD steps) and every cascade its first wave (σ). The
    /// per-run protocol pools both groups' runs; D(τ) and the ensemble means are the wd-2 group's.
    /// Snapshots every 20 epochs: the onsets (t_g ≈ 250–300 at these widths) leave 12–15
    /// snapshots before them, 5 of which standardise the detector.
    public static var warning: SweepConfig {
        var config = SweepConfig.modularAddition
        config.preset = "warning"
        config.taskGrid.weightDecays = [0, 2]
        config.taskGrid.headlineGroup = "modadd-adamw-decoupled-wd2"
        config.widths = [64, 80, 96]
        config.seeds = 30
        config.training.epochs = 800
        config.training.snapshotInterval = 20
        config.indicators.enabled = true
        config.indicators.llcSteps = 16
        config.probe.branching = true
        config.analysis.window = 50
        return config
    }

    /// Who warns first on XOR, whose natural control is a small init: at init_std 0.04 about
    /// 40% of runs do not grok within 5,000 epochs (30 of 80 at 10 seeds; 0.05 leaves 7 of 80,
    /// 0.03 groks 9 of 80), most at the small widths. The default grid's 8 widths on BA, 40 seeds
    /// (320 runs), indicators with a 16-step LLC, first waves on. The grokked and ungrokked runs
    /// are one group here, so the per-run protocol and D(τ) read the same runs.
    public static var warningXOR: SweepConfig {
        var config = SweepConfig()
        config.preset = "warning_xor"
        config.seeds = 40
        config.topologies = ["ba"]
        config.primaryTopology = "ba"
        config.training.initStd = 0.04
        config.probe.controlFields = 10
        config.indicators.enabled = true
        config.indicators.llcSteps = 16
        config.probe.branching = true
        return config
    }
}
