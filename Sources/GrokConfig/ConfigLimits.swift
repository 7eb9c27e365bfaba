/// The documented range of every sized configuration value. Each bound keeps a sweep within
/// what one machine can hold (memory of a task's result, of the report, of the analysis), so an
/// out-of-range value is a configuration error naming the key and line before anything runs,
/// never an abort after the tasks were computed.
public enum ConfigLimits {
    /// Hidden-layer width h (N = 4h + 1 ≤ 4,000,001 parameters).
    public static let maxWidth = 1_000_000
    /// Widths in one sweep.
    public static let maxWidthCount = 1000
    /// Seeds per width.
    public static let maxSeeds = 100_000
    /// Tasks (widths × seeds) in one sweep.
    public static let maxTasks = 1_000_000
    /// Training epochs (and the longest snapshot interval or D(τ) window).
    public static let maxEpochs = 10_000_000
    /// Gradient snapshots (and control fields) per run.
    public static let maxSnapshots = 100_000
    /// Degree-like graph parameters.
    public static let maxDegree = 10_000
    /// Bootstrap resamples.
    public static let maxResamples = 1_000_000
    /// network.replication.
    public static let maxReplication = 16
}

extension SweepConfig {
    /// The bounds that involve more than one key.
    func validateLimits() throws(ConfigError) {
        let snapshots = training.epochs / training.snapshotInterval + 1
        if snapshots > ConfigLimits.maxSnapshots {
            throw ConfigError(
                key: "training.snapshot_interval",
                message:
                    "training.epochs / snapshot_interval gives \(snapshots) snapshots per run; at most \(ConfigLimits.maxSnapshots) (raise the interval)"
            )
        }
        let tasks = widths.count * seeds
        if tasks > ConfigLimits.maxTasks {
            throw ConfigError(key: "seeds", message: "\(widths.count) widths × \(seeds) seeds is \(tasks) tasks; at most \(ConfigLimits.maxTasks)")
        }
    }
}
