/// The registered tasks: the one place a configuration's task name becomes a `TrainingTask`.
/// Adding a task is its own folder under `Tasks/` and one line here.
public enum TaskCatalog {
    public static let entries: [TaskEntry] = [
        XORTask.entry,
        ModularAdditionTask.entry,
        SparseParityTask.entry,
        CellularRuleTask.entry,
        LinearTeacherTask.entry,
        IsingTask.entry,
        TeacherTask.entry,
        BallTask.entry,
    ]

    public static let names = entries.map(\.name)

    /// Every declared knob once, in registration order (a knob two tasks share, such as
    /// `test_size`, is declared by both with the same default and listed at its first).
    public static let knobs: [TaskKnob] = {
        var seen = Set<String>()
        return entries.flatMap(\.knobs).filter { seen.insert($0.name).inserted }
    }()

    private static let knobsByName: [String: TaskKnob] = Dictionary(knobs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    public static func knob(named name: String) -> TaskKnob? { knobsByName[name] }

    public static func entry(named name: String) -> TaskEntry? { entries.first { $0.name == name } }

    public static func task(named name: String, knobs: TaskKnobs, activation: Activation) -> (any TrainingTask)? {
        entry(named: name)?.make(knobs, activation)
    }
}
