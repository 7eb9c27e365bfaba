import GrokNumerics

/// `linear` (docs/tasks.md): the teacher–student control of Levi, Beck & Bar-Sinai (2023). The width
/// knob is the input dimension d (N = d); the training set has ⌈d/λ⌉ points (λ = d/N_train
/// fixed across widths, since it sets the grokking time), the test set `testCount` points.
public struct LinearTeacherTask: ModelTrainingTask {
    public var ratio: Double
    public var testCount: Int

    public init(ratio: Double = 0.5, testCount: Int = 2000) {
        self.ratio = ratio
        self.testCount = testCount
    }

    public var name: String { "linear" }
    public var hasSplit: Bool { true }
    public var summary: String {
        "linear teacher–student, Gaussian inputs, d = width, N_train = ⌈d/\(ratio)⌉, MSE, accuracy = teacher's sign (control)"
    }
    public func parameterCount(width: Int) -> Int { width }

    public func trainingCount(width: Int) -> Int { Int((Double(width) / ratio).rounded(.up)) }
    public func physicalRanges(width: Int) -> PhysicalRanges { PhysicalRanges(trainingCount: trainingCount(width: width), testCount: testCount) }

    public func validate(width: Int, setup: TrainingSetup) throws(TaskError) {
        try setup.requireFloat64(task: "linear")
        guard ratio.isFinite && ratio > 0 else { throw TaskError("linear: λ = d/N_train is \(ratio); it must be positive") }
        guard width >= 1, testCount >= 1 else { throw TaskError("linear: d = \(width) and \(testCount) test points; both must be at least 1") }
    }

    public func makeModel(width: Int, setup: TrainingSetup, data: inout RandomStream) -> LinearTeacherModel {
        LinearTeacherModel(dimension: width, trainingCount: trainingCount(width: width), testCount: testCount, initStd: setup.initStd, data: &data)
    }
}
