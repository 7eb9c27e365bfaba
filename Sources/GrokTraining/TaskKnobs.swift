/// The task-specific knobs of a sweep (configuration section `[task]`); each task reads its own.
/// Defaults follow docs/tasks.md (sources, or **chosen** where they are silent).
public struct TaskKnobs: Sendable, Hashable {
    public var modaddModulus = 47
    public var modaddTrainingFraction = 0.8
    public var modaddInitScale = 0.5
    public var parityBits = 40
    public var parityRelevant = 3
    public var parityTraining = 1000
    public var testCount = 2000
    public var rule = 30
    public var ruleCells = 12
    public var ruleTrainingFraction = 0.25
    public var linearRatio = 0.5

    public init() {}
}

/// The tasks by name: the one place a configuration's task name becomes a `TrainingTask`.
public enum TaskCatalog {
    public static let names = ["xor", "modadd", "parity", "rule", "linear"]

    public static func task(named name: String, knobs: TaskKnobs, activation: Activation) -> (any TrainingTask)? {
        switch name {
        case "xor": return XORTask(activation: activation)
        case "modadd":
            return ModularAdditionTask(modulus: knobs.modaddModulus, trainingFraction: knobs.modaddTrainingFraction, initScale: knobs.modaddInitScale)
        case "parity":
            return SparseParityTask(
                bits: knobs.parityBits, relevant: knobs.parityRelevant, trainingCount: knobs.parityTraining, testCount: knobs.testCount)
        case "rule": return CellularRuleTask(rule: knobs.rule, cells: knobs.ruleCells, trainingFraction: knobs.ruleTrainingFraction)
        case "linear": return LinearTeacherTask(ratio: knobs.linearRatio, testCount: knobs.testCount)
        default: return nil
        }
    }
}
