import GrokNumerics

/// `teacher` (Rubin, Seroussi & Ringel, arXiv 2310.03789): a cubic teacher y = w*·x +
/// ε((w*·x)³ − 3 w*·x), x ~ N(0, I_d), |w*| = 1, and an erf student of N = width neurons
/// (``ErfStudentModel``) trained by Langevin dynamics (``LangevinTraining``) at temperature σ²
/// with per-layer decay γ_w = σ²d/σ_w², γ_a = σ²N/σ_a². N = width · (d + 1).
///
/// From `data`: w* (d Gaussians, normalised), then the n training inputs, then the test inputs,
/// row by row. The optimizer and regularizer axes do not apply (Langevin carries its own decay):
/// the task asks for gd and none.
public struct TeacherTask: TrainingTask {
    public var dimension: Int
    public var trainingCount: Int
    public var testCount: Int
    public var epsilon: Double
    public var temperature: Double
    public var sigmaW2: Double
    public var sigmaA2: Double
    public var tolerance: Double

    public init(
        dimension: Int = 30, trainingCount: Int = 120, testCount: Int = 1000, epsilon: Double = -1.2, temperature: Double = 0.05,
        sigmaW2: Double = 0.5, sigmaA2: Double = 0.011, tolerance: Double = 0.5
    ) {
        self.dimension = dimension
        self.trainingCount = trainingCount
        self.testCount = testCount
        self.epsilon = epsilon
        self.temperature = temperature
        self.sigmaW2 = sigmaW2
        self.sigmaA2 = sigmaA2
        self.tolerance = tolerance
    }

    public var name: String { "teacher" }
    public var hasSplit: Bool { true }
    public var summary: String {
        "cubic teacher (ε = \(epsilon), d = \(dimension)), erf student Σ aᵢ erf(wᵢ·x), n = \(trainingCount), Langevin σ² = \(temperature), σ_w² = \(sigmaW2), σ_a² = \(sigmaA2), correct when |f − y| < \(tolerance) σ_y"
    }
    public func parameterCount(width: Int) -> Int { width * (dimension + 1) }
    public func physicalRanges(width: Int) -> PhysicalRanges { PhysicalRanges(trainingCount: trainingCount, testCount: testCount) }

    /// The teacher's output for a projection p = w*·x.
    public func label(_ p: Double) -> Double { p + epsilon * (p * p * p - 3 * p) }

    /// u = n²σ_a² / (σ⁴ d N), the paper's control parameter at this width.
    public func controlParameter(width: Int) -> Double {
        Double(trainingCount * trainingCount) * sigmaA2 / (temperature * temperature * Double(dimension) * Double(width))
    }

    public func validate(width: Int, setup: TrainingSetup) throws(TaskError) {
        guard width >= 1, dimension >= 1, trainingCount >= 1, testCount >= 1 else {
            throw TaskError("teacher: width, teacher_d, teacher_n and teacher_test must be at least 1")
        }
        guard setup.optimizer == .gd, setup.regularizer == .none else {
            throw TaskError(
                "teacher trains by Langevin dynamics with its own per-layer decay; use optimizers = [\"gd\"] and regularizers = [\"none\"] (found \(setup.optimizer.rawValue), \(setup.regularizer.rawValue))"
            )
        }
        let stiffest = setup.learningRate * max(decayW, decayA(width: width))
        guard stiffest < 1 else {
            throw TaskError(
                "teacher: η·γ = \(stiffest) at width \(width) (γ_w = σ²d/σ_w² = \(decayW), γ_a = σ²N/σ_a² = \(decayA(width: width))); the Langevin step is unstable from 2 on and oscillates from 1: lower training.learning_rate below \(1 / max(decayW, decayA(width: width)))"
            )
        }
        try setup.requireFloat64(task: "teacher")
    }

    /// γ_w = σ²d/σ_w², the first layer's decay.
    public var decayW: Double { temperature * Double(dimension) / sigmaW2 }
    /// γ_a = σ²N/σ_a², the read-out's decay at width N.
    public func decayA(width: Int) -> Double { temperature * Double(width) / sigmaA2 }

    public func makeModel(width: Int, data: inout RandomStream) -> ErfStudentModel {
        let d = dimension
        var teacher = (0..<d).map { _ in data.nextGaussian() }
        let norm = teacher.reduce(0) { $0 + $1 * $1 }.squareRoot()
        teacher = teacher.map { $0 / norm }
        func sample(_ count: Int) -> ([Double], [Double]) {
            var x = [Double](repeating: 0, count: count * d), y = [Double](repeating: 0, count: count)
            for r in 0..<count {
                var p = 0.0
                for j in 0..<d {
                    x[r * d + j] = data.nextGaussian()
                    p += x[r * d + j] * teacher[j]
                }
                y[r] = label(p)
            }
            return (x, y)
        }
        let train = sample(trainingCount), test = sample(testCount)
        return ErfStudentModel(
            dimension: d, width: width, sigmaW2: sigmaW2, sigmaA2: sigmaA2, teacher: teacher, train: train, test: test,
            threshold: tolerance * (1 + 6 * epsilon * epsilon).squareRoot())
    }

    public func run(width: Int, setup: TrainingSetup, streams: TaskStreams) -> TrainingRun {
        var data = streams.data
        var model = makeModel(width: width, data: &data)
        let decay = [Double](repeating: decayW, count: width * dimension) + [Double](repeating: decayA(width: width), count: width)
        return LangevinTraining.run(&model, setup: setup, schedule: .init(temperature: temperature, decay: decay), streams: streams)
    }
}
