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
                            Self.adamStep(
                                t, g, mp.baseAddress!, vp.baseAddress!, count: n, settings: s, learningRate: lr, c1: c1, c2: c2)
                        }
                    }
                }
            }
        }
    }

    /// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − lr·(m/c₁) / (√(v/c₂) + ε), element by
    /// element. Four elements at a time: SIMD4's products, sums, quotients and square roots are
    /// IEEE's correctly rounded operations lane by lane, in the scalar loop's order and unfused, so
    /// the bits are the scalar loop's; the three divisions and the root per parameter made the
    /// scalar loop a fifth of a deep classifier's epoch.
    static func adamStep(
        _ t: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ m: UnsafeMutablePointer<Double>,
        _ v: UnsafeMutablePointer<Double>, count n: Int, settings s: OptimizerSettings, learningRate lr: Double, c1: Double, c2: Double
    ) {
        typealias V = SIMD4<Double>
        let b1 = s.beta1, b2 = s.beta2, eps = s.epsilon
        let oneMinusB1 = 1 - b1, oneMinusB2 = 1 - b2
        let vb1 = V(repeating: b1), vb2 = V(repeating: b2), va1 = V(repeating: oneMinusB1), va2 = V(repeating: oneMinusB2)
        let vc1 = V(repeating: c1), vc2 = V(repeating: c2), vlr = V(repeating: lr), veps = V(repeating: eps)
        var i = 0
        while i + 4 <= n {
            let gi: V = DenseKernels.load(g + i)
            let mi = vb1 * DenseKernels.load(m + i, as: V.self) + va1 * gi
            let vi = vb2 * DenseKernels.load(v + i, as: V.self) + va2 * (gi * gi)
            DenseKernels.store(mi, m + i)
            DenseKernels.store(vi, v + i)
            let mHat = mi / vc1, vHat = vi / vc2
            DenseKernels.store(DenseKernels.load(t + i, as: V.self) - vlr * mHat / (vHat.squareRoot() + veps), t + i)
            i += 4
        }
        while i < n {
            let gi = g[i]
            m[i] = b1 * m[i] + oneMinusB1 * gi
            v[i] = b2 * v[i] + oneMinusB2 * (gi * gi)
            let mHat = m[i] / c1, vHat = v[i] / c2
            t[i] = t[i] - lr * mHat / (vHat.squareRoot() + eps)
            i += 1
        }
    }
}
