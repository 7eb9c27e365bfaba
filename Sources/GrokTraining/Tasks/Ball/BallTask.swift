import GrokNumerics

/// `ball`: the solvable model of ``BallModel``, trained by ``SupervisedTraining`` with gd and
/// "none" or "l2" (the closed form covers exactly these). Microseconds per run.
public struct BallTask: ModelTrainingTask {
    public var epsilon: Double
    public var target: Double
    public var initRadius: Double
    public var trainingCount: Int

    public init(epsilon: Double = 0.3, target: Double = 1, initRadius: Double = 1, trainingCount: Int = 50) {
        self.epsilon = epsilon
        self.target = target
        self.initRadius = initRadius
        self.trainingCount = trainingCount
    }

    public var name: String { "ball" }
    public var hasSplit: Bool { true }
    public var summary: String {
        "solvable ball model (our construction after Žunkovič & Ilievski): D = width, gap ε = \(epsilon), linear student, squared loss ½‖w − \(target)e₁‖², init uniform in radius \(initRadius), \(trainingCount) training points, test = the whole distribution"
    }
    public func parameterCount(width: Int) -> Int { width }
    public func physicalRanges(width: Int) -> PhysicalRanges { PhysicalRanges(trainingCount: trainingCount, testCount: 1) }

    public func validate(width: Int, setup: TrainingSetup) throws(TaskError) {
        guard width >= 2 else { throw TaskError("ball: width (the dimension D) is \(width); it must be at least 2") }
        guard setup.optimizer == .gd, setup.regularizer == .none || setup.regularizer == .l2 else {
            throw TaskError(
                "ball: the closed form covers gradient descent with \"none\" or \"l2\"; use optimizers = [\"gd\"] and regularizers \"none\" or \"l2\" (found \(setup.optimizer.rawValue), \(setup.regularizer.rawValue))"
            )
        }
        let q = 1 - setup.learningRate * (1 + (setup.regularizer == .l2 ? setup.weightDecay : 0))
        guard q > 0 && q < 1 else {
            throw TaskError("ball: learning rate \(setup.learningRate) makes q = 1 − η(1 + λ) = \(q); it must lie in (0, 1) (monotone descent)")
        }
        try setup.requireFloat64(task: "ball")
    }

    public func makeModel(width: Int, setup: TrainingSetup, data: inout RandomStream) -> BallModel {
        BallModel(dimension: width, epsilon: epsilon, target: target, initRadius: initRadius, trainingCount: trainingCount, data: &data)
    }

    /// The exact onset epoch of a run from w₀ (nil if later than `epochs`): 0 when w₀ already
    /// generalizes, else the first k with q^k (‖w₀⊥‖ − ε w₀₁ + ε m₁) < ε m₁.
    public func onset(initial w: [Double], setup: TrainingSetup) -> Int? {
        let lambda = setup.regularizer == .l2 ? setup.weightDecay : 0
        let m = target / (1 + lambda), q = 1 - setup.learningRate * (1 + lambda)
        let perpendicular = w.dropFirst().reduce(0) { $0 + $1 * $1 }.squareRoot()
        let excess = perpendicular - epsilon * w[0]
        if excess < 0 && w[0] > 0 { return 0 }
        var s = 1.0
        for k in 1...max(setup.epochs, 1) {
            s *= q
            if s * (excess + epsilon * m) < epsilon * m { return k <= setup.epochs ? k : nil }
        }
        return nil
    }
}
