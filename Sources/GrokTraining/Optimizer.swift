/// The state of one optimizer over one run: applies a step to θ given the gradient of the loss.
/// Deterministic: element-wise arithmetic in index order, no `pow`, no fused multiply–add.
public struct Optimizer: Sendable {
    public let kind: OptimizerKind
    public let settings: OptimizerSettings
    public let regularizer: Regularizer
    public let weightDecay: Double
    private var first: [Double]
    private var second: [Double]
    private var beta1Power = 1.0
    private var beta2Power = 1.0
    private var steps = 0

    public init(kind: OptimizerKind, settings: OptimizerSettings, regularizer: Regularizer, weightDecay: Double, parameterCount: Int) {
        self.kind = kind
        self.settings = settings
        self.regularizer = regularizer
        self.weightDecay = weightDecay
        let needsFirst = kind != .gd
        let needsSecond = kind == .adam || kind == .adamw
        first = needsFirst ? [Double](repeating: 0, count: parameterCount) : []
        second = needsSecond ? [Double](repeating: 0, count: parameterCount) : []
    }

    /// One update of `theta` with the data-loss gradient `gradient` (which is overwritten: it
    /// receives the coupled penalty's gradient).
    public mutating func step(_ theta: inout [Double], gradient: inout [Double], learningRate lr: Double) {
        let n = theta.count
        precondition(gradient.count == n, "gradient has \(gradient.count) entries for \(n) parameters")
        let lambda = regularizer == .none ? 0 : weightDecay
        steps += 1
        let isFirstStep = steps == 1
        let kind = self.kind, s = settings
        if kind == .adam || kind == .adamw {
            beta1Power = beta1Power * s.beta1
            beta2Power = beta2Power * s.beta2
        }
        let c1 = 1 - beta1Power, c2 = 1 - beta2Power
        let decayFactor = 1 - lr * lambda
        let regularizer = self.regularizer
        theta.withUnsafeMutableBufferPointer { tp in
            gradient.withUnsafeMutableBufferPointer { gp in
                first.withUnsafeMutableBufferPointer { mp in
                    second.withUnsafeMutableBufferPointer { vp in
                        let t = tp.baseAddress!, g = gp.baseAddress!
                        regularizer.addPenaltyGradient(parameters: t, gradient: g, count: n, strength: lambda)
                        if regularizer == .decoupled && lambda != 0 {
                            for i in 0..<n { t[i] = t[i] * decayFactor }
                        }
                        switch kind {
                        case .gd:
                            for i in 0..<n { t[i] = t[i] - lr * g[i] }
                        case .sgd:
                            let b = mp.baseAddress!, mu = s.momentum
                            for i in 0..<n {
                                b[i] = isFirstStep ? g[i] : mu * b[i] + g[i]
                                t[i] = t[i] - lr * b[i]
                            }
                        case .adam, .adamw:
                            let m = mp.baseAddress!, v = vp.baseAddress!
                            let b1 = s.beta1, b2 = s.beta2, eps = s.epsilon
                            let oneMinusB1 = 1 - b1, oneMinusB2 = 1 - b2
                            for i in 0..<n {
                                let gi = g[i]
                                m[i] = b1 * m[i] + oneMinusB1 * gi
                                v[i] = b2 * v[i] + oneMinusB2 * (gi * gi)
                                let mHat = m[i] / c1, vHat = v[i] / c2
                                t[i] = t[i] - lr * mHat / (vHat.squareRoot() + eps)
                            }
                        }
                    }
                }
            }
        }
    }
}
