import GrokNumerics

/// `modadd` (tasks.md): (a + b) mod p, two-layer quadratic MLP without biases, MSE on one-hot
/// targets, a seeded split with training fraction f (companion: p = 47 or 59, f = 0.8).
/// N = 3ph. Train it full batch with AdamW as Doshi et al. do (batch size 0).
public struct ModularAdditionTask: ModelTrainingTask {
    public var modulus: Int
    public var trainingFraction: Double
    public var initScale: Double

    public init(modulus: Int = 47, trainingFraction: Double = 0.8, initScale: Double = 0.5) {
        self.modulus = modulus
        self.trainingFraction = trainingFraction
        self.initScale = initScale
    }

    public var name: String { "modadd" }
    public var hasSplit: Bool { true }
    public var summary: String {
        "(a + b) mod \(modulus), one-hot inputs, x → W2·(W1·x)² (no biases), MSE on one-hot targets, training fraction \(trainingFraction)"
    }
    public func parameterCount(width: Int) -> Int { 3 * modulus * width }

    public func validate(width: Int, setup: TrainingSetup) throws(TaskError) {
        guard modulus >= 2 else { throw TaskError("modadd: p is \(modulus); the modulus must be at least 2") }
        guard width >= 1 else { throw TaskError("modadd: width \(width); it must be at least 1") }
        let train = Int((trainingFraction * Double(modulus * modulus)).rounded(.down))
        guard train >= 1 && train < modulus * modulus else {
            throw TaskError("modadd: training fraction \(trainingFraction) leaves \(train) of \(modulus * modulus) pairs for training; both sets need a pair")
        }
    }

    public func makeModel(width: Int, setup: TrainingSetup, data: inout RandomStream) -> ModularAdditionModel {
        ModularAdditionModel(modulus: modulus, width: width, trainingFraction: trainingFraction, initScale: initScale, data: &data)
    }
}
