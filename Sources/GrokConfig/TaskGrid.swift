import GrokTraining

/// The grid axes beyond width, seed and topology and the knobs of the tasks, the
/// optimizers and the per-group analysis. The defaults give the legacy XOR sweep.
public struct TaskGrid: Sendable, Hashable {
    /// Axis `tasks`: names from `TaskCatalog.names`.
    public var tasks = ["xor"]
    /// Axis `optimizers`.
    public var optimizers: [OptimizerKind] = [.gd]
    /// Axis `regularizers`.
    public var regularizers: [Regularizer] = [.none]
    /// Axis `weight_decays`: the regularizer's strength λ ≥ 0.
    public var weightDecays: [Double] = [0]
    /// Axis `dropouts`: dropout rates p ∈ [0, 1) (tasks declaring ``TaskAxis/dropout``).
    public var dropouts: [Double] = [0]
    /// Axis `softmax_betas`: softmax inverse temperatures β > 0 (``TaskAxis/softmaxBeta``).
    public var softmaxBetas: [Double] = [1]
    /// Axis `init_scales`: init scales > 0; empty means each task's documented default.
    public var initScales: [Double] = []
    public var knobs = TaskKnobs()
    public var optimizer = OptimizerSettings()
    /// Minibatch size of sgd / adam / adamw (0: full batch); gd is always full batch.
    public var batchSize = 32
    /// t_g: first epoch with test accuracy ≥ this (tasks with a split); t_train likewise.
    public var onsetAccuracy = 0.99
    /// Outer bootstrap resamples of the early-warning lead time, and the inner resamples that
    /// give each resample's D(τ) bands.
    public var leadResamples = 200
    public var leadInnerResamples = 200
    /// Kaplan–Meier median bootstrap resamples.
    public var survivalResamples = 2000
    /// The group whose fits make the report's headline `summary` and `timing` (its key, e.g.
    /// "modadd-adamw-decoupled-wd5"); "" means the grid's first group.
    public var headlineGroup = ""

    public init() {}
}
