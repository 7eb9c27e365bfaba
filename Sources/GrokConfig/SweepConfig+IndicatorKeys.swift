/// The keys of the early-warning comparison: the indicators runs record (results change), the
/// probe's first waves for the branching ratio (results change), and the detector's settings
/// (analysis only). All omitted while at their defaults, so earlier sweeps keep their bytes.
///
/// Each list goes where its section is in ``SweepConfig/keys``: the TOML text and report.json's
/// `config` block write a section once, from its keys in table order.
extension SweepConfig {
    static var probeBranchingKeys: [ConfigKey] {
        [
            ConfigKey.bool(
                "probe.branching", \.probe.branching,
                "Record each cascade's first wave, so the report gives the branching ratio σ per width and phase.")
        ].map { $0.omittedWhenDefault() }
    }

    static var indicatorKeys: [ConfigKey] {
        [
            ConfigKey.bool(
                "indicators.enabled", \.indicators.enabled,
                "Record grokking indicators at every snapshot (weight norm, small weights, gradient PCA dimension, feature D_eff, margin, LLC; docs/indicators.md) and compare their early warning with D(t)."
            ),
            .int(
                "indicators.llc_steps", \.indicators.llcSteps, min: 0, max: 100_000,
                "SGLD steps of the local learning coefficient per snapshot (0: no LLC); the first quarter is burn-in. Costs one full-batch gradient each."
            ),
            .double(
                "indicators.llc_step_size", \.indicators.llcStepSize, "positive", { $0 > 0 }, "ε, the SGLD step size of the LLC."),
            .double(
                "indicators.llc_localization", \.indicators.llcLocalization, "at least 0", { $0 >= 0 },
                "γ, the LLC chain's pull back to the snapshot's weights."),
            .int(
                "indicators.pca_samples", \.indicators.pcaSamples, min: 0, max: 4096,
                "Training examples whose per-sample gradients give the gradient PCA dimension (0: none)."),
        ].map { $0.omittedWhenDefault() }
    }

    static var warningAnalysisKeys: [ConfigKey] {
        [
            ConfigKey.double(
                "analysis.warning_fpr", \.analysis.warningFPR, "in (0, 1)", { $0 > 0 && $0 < 1 }, affectsResults: false,
                "The early warning's false-positive rate: each indicator's alarm threshold is set so that at most this share of ungrokked runs alarm."
            ),
            .int(
                "analysis.warning_baseline", \.analysis.warningBaseline, min: 2, max: ConfigLimits.maxSnapshots, affectsResults: false,
                "Snapshots that standardise each series before the change-point detector (CUSUM) starts."),
            .double(
                "analysis.warning_drift", \.analysis.warningDrift, "at least 0", { $0 >= 0 }, affectsResults: false,
                "The CUSUM's reference value k, in baseline standard deviations."),
        ].map { $0.omittedWhenDefault() }
    }
}
