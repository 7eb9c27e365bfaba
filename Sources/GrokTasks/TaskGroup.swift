import GrokNumerics
import GrokTraining

/// One point of the grid's non-width axes: task × optimizer × regularizer × weight decay. The
/// per-group analysis pools the runs of one group over widths and seeds.
public struct TaskGroup: Sendable, Hashable, Comparable {
    public var task: String
    public var optimizer: OptimizerKind
    public var regularizer: Regularizer
    public var weightDecay: Double
    /// Dropout, softmax β and init scale, for the tasks that read them.
    public var variant: TaskVariant

    public init(
        task: String = "xor", optimizer: OptimizerKind = .gd, regularizer: Regularizer = .none, weightDecay: Double = 0,
        variant: TaskVariant = .standard
    ) {
        self.variant = variant
        self.task = task
        self.optimizer = optimizer
        self.regularizer = regularizer
        self.weightDecay = weightDecay
    }

    /// The group of a sweep that sets none of the new axes: XOR, GD, no penalty, λ = 0.
    public static let legacy = TaskGroup()

    /// Whether every axis has its default value; such tasks keep the pre-seam keys and streams.
    public var isLegacy: Bool { self == .legacy }

    /// "modadd-adamw-decoupled-wd5": names every axis value (λ in its shortest form); a variant
    /// off its defaults appends its values ("ising-adamw-decoupled-wd0.0005-dropout0.04-beta2").
    public var key: String {
        "\(task)-\(optimizer.rawValue)-\(regularizer.rawValue)-wd\(TaskGroup.format(weightDecay))\(variant.keySuffix)"
    }

    /// The task field of a binary result record: the task name, then "|axis=value" per variant
    /// axis off its default (so records of grids without these axes keep their bytes).
    public var recordField: String { task + variant.recordSuffix }

    /// λ as written in keys and stream labels: an integer when integral, else Swift's shortest
    /// round-trip form (so the text parses back to the same Double).
    public static func format(_ x: Double) -> String { GridValueText.of(x) }

    /// Stream-address components of this group: none for the legacy group (its streams are the
    /// pre-seam ones), else one label per axis value, so a run's numbers depend only on its own
    /// axis values and adding a value to an axis changes no other point.
    public var streamLabels: [StreamLabel] {
        isLegacy
            ? []
            : [
                .name("task:\(task)"), .name("optimizer:\(optimizer.rawValue)"),
                .name("regularizer:\(regularizer.rawValue)"), .name("wd:\(TaskGroup.format(weightDecay))"),
            ] + variant.settings.map { .name("\($0):\(TaskGroup.format($1))") }
    }

    /// Whether `name` may name a program task (`[programs.NAME]`): a lower-case letter, then
    /// lower-case letters, digits or "_", at most 64 characters (so it never contains the key's "-").
    public static func isValidProgramName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.count <= 64 else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    public static func < (a: TaskGroup, b: TaskGroup) -> Bool {
        if (a.task, a.optimizer.rawValue, a.regularizer.rawValue, a.weightDecay) != (
            b.task, b.optimizer.rawValue, b.regularizer.rawValue, b.weightDecay
        ) {
            return (a.task, a.optimizer.rawValue, a.regularizer.rawValue, a.weightDecay) < (
                b.task, b.optimizer.rawValue, b.regularizer.rawValue, b.weightDecay
            )
        }
        return a.variant < b.variant
    }
}
