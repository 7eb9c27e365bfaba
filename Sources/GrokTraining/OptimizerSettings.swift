/// Hyper-parameters of the optimizers other than the learning rate (method defaults: Doshi et
/// al.'s AdamW betas (0.9, 0.98) and eps 1e-8; SGD momentum 0.9, chosen).
public struct OptimizerSettings: Sendable, Hashable, Codable {
    public var momentum: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double

    public init(momentum: Double = 0.9, beta1: Double = 0.9, beta2: Double = 0.98, epsilon: Double = 1e-8) {
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }
}
