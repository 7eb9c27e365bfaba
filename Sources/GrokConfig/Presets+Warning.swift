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
}
