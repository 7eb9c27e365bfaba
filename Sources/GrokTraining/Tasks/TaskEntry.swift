/// A task as the catalog registers it: its name, the knobs it declares, what the report says of
/// it, and how to build it from a sweep's knob values.
public struct TaskEntry: Sendable {
    public var name: String
    public var knobs: [TaskKnob]
    public var properties: TaskProperties
    public var make: @Sendable (TaskKnobs, Activation) -> any TrainingTask

    public init(
        name: String, knobs: [TaskKnob] = [], properties: TaskProperties, make: @escaping @Sendable (TaskKnobs, Activation) -> any TrainingTask
    ) {
        self.name = name
        self.knobs = knobs
        self.properties = properties
        self.make = make
    }
}

/// What the report states of a task, declared by the task instead of matched by name.
public struct TaskProperties: Sendable, Hashable {
    /// Whether the setup is our reconstruction where the source is silent ("inferred setup").
    public var inferredSetup: Bool
    /// The training loss, in words ("MSE against one-hot targets").
    public var loss: String
    /// What accuracy counts ("argmax over the p classes").
    public var accuracy: String
    /// The held-out sets t_g is read from (empty: no split, t_g from training accuracy).
    public var testSets: [String]
    /// The grid axes beyond optimizer, regularizer and weight decay that the task reads.
    public var axes: Set<TaskAxis>
    /// What the task's source found, in one or two sentences, printed beside the group's numbers
    /// (docs/seeds.md compares); "" when there is nothing to compare with.
    public var sourceFinding: String

    public init(
        inferredSetup: Bool = false, loss: String, accuracy: String, testSets: [String], axes: Set<TaskAxis> = [], sourceFinding: String = ""
    ) {
        self.sourceFinding = sourceFinding
        self.inferredSetup = inferredSetup
        self.loss = loss
        self.accuracy = accuracy
        self.testSets = testSets
        self.axes = axes
    }
}

/// Grid axes that only some tasks read; a grid that sets one for a task that ignores it is refused.
public enum TaskAxis: String, Sendable, Hashable, CaseIterable {
    case dropout = "dropouts"
    case softmaxBeta = "softmax_betas"
    case initScale = "init_scales"
}
