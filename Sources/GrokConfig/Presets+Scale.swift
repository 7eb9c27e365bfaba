/// The presets that need a cluster (or a long afternoon): many seeds, many decades of N.
extension SweepConfig {
    /// Grokking-time statistics: the default 8 widths × 1,000 seeds (the paper's count). The
    /// probe runs on one topology (BA) without the Gaussian control: t_g comes from training
    /// alone, and the BA cascades keep D_pre/D_post available at 1,000 seeds for free.
    public static var timing: SweepConfig {
        var config = SweepConfig()
        config.preset = "timing"
        config.seeds = 1000
        config.topologies = ["ba"]
        config.primaryTopology = "ba"
        config.probe.control = false
        return config
    }

    /// Three decades of N on BA: h = 16 … 20,000 (N = 65 … 80,001, a ratio of 1,231), 9 widths
    /// about 0.4 decade apart, 40 seeds (≈ 6 min on 2 cores).
    /// Above h = 150 the learning rate falls as 150/h (``WidthScaling/lr``): unscaled, wide
    /// nets grok within 1–2 snapshots of epoch 0 (t_g ≈ 150 at h = 2000) and leave no pre-onset
    /// window; with it, every width measured groks at t_g ≈ 500–2700 (README, "Wide N").
    /// The Gaussian control runs on 5 fields per run, so D_synth and its local slopes are shown
    /// at large N too (the report's local-slope words compare them).
    public static var wide: SweepConfig {
        var config = SweepConfig()
        config.preset = "wide"
        config.widths = [16, 40, 100, 250, 632, 1600, 4000, 10000, 20000]
        config.seeds = 40
        config.topologies = ["ba"]
        config.primaryTopology = "ba"
        config.probe.controlFields = 5
        config.training.widthScaling = .lr
        config.training.referenceWidth = 150
        return config
    }
}
