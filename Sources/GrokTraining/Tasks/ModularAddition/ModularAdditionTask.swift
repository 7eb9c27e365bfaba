import GrokNumerics

/// `modadd` (docs/tasks.md): (a + b) mod p, two-layer quadratic MLP without biases, MSE on one-hot
/// targets, a seeded split of the p² pairs with training fraction f (companion: p = 47 or 59,
/// f = 0.8). N = 3ph. Train it full batch with AdamW as Doshi et al. do (batch size 0).
public struct ModularAdditionTask: EnumeratedSplitTask {
    public var modulus: Int
    public var trainingFraction: Double
    public var initScale: Double

    public init(modulus: Int = 47, trainingFraction: Double = 0.8, initScale: Double = 0.5) {
        self.modulus = modulus
        self.trainingFraction = trainingFraction
        self.initScale = initScale
    }

    public var name: String { "modadd" }
    public var itemCount: Int { modulus * modulus }
    public var itemNoun: String { "pairs" }
    public var summary: String {
        "(a + b) mod \(modulus), one-hot inputs, x → W2·(W1·x)² (no biases), MSE on one-hot targets, training fraction \(trainingFraction), init scale \(initScale)"
    }
    public func parameterCount(width: Int) -> Int { 3 * modulus * width }

    public func validate(width: Int, setup: TrainingSetup) throws(TaskError) {
        guard modulus >= 2 else { throw TaskError("modadd: p is \(modulus); the modulus must be at least 2") }
        guard width >= 1 else { throw TaskError("modadd: width \(width); it must be at least 1") }
        try validateSplit()
    }

    public func makeModel(width: Int, setup: TrainingSetup, data: inout RandomStream) -> ModularAdditionModel {
        let pairs = split(&data)
        return ModularAdditionModel(modulus: modulus, width: width, trainingPairs: pairs.training, testPairs: pairs.test, initScale: initScale, precision: setup.precision)
    }
}
