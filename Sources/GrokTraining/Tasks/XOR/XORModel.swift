import GrokNumerics

/// The XOR task's 2 → h → 1 network as a function of its flat parameter vector θ ∈ ℝᴺ, N = 4h + 1.
///
/// - Data: the 4 points (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0, in that order; full batch.
/// - Model: z1 = W1·x + b1 (h), a = act(z1), z2 = w2·a + b2, p = sigmoid(z2).
/// - Loss: the mean over the 4 points of BCE = softplus(z2) − y·z2 (stable form), summed in
///   point order then divided by 4; dLoss/dz2 = (p − y)/4.
/// - A point counts as class 1 when p > 0.5 (p == 0.5 is class 0).
/// - Canonical parameter order (the flattening everything downstream uses): W1 row-major
///   [w_{0,0}, w_{0,1}, w_{1,0}, w_{1,1}, …] (unit j's two input weights together), then b1 (h),
///   then w2 (h), then b2.
///
/// The evaluation order of every sum is documented on the internal kernel it shares with
/// `XORTraining.run`, so a gradient from here is bit for bit the one training uses.
public struct XORModel: Sendable, Hashable {
    public var hiddenWidth: Int
    public var activation: Activation

    /// The inputs of the 4 points, in order.
    public static let inputs: [(Double, Double)] = [(0, 0), (0, 1), (1, 0), (1, 1)]
    /// The labels of the 4 points, in order.
    public static let targets: [Double] = [0, 1, 1, 0]
    static let targetVector = SIMD4<Double>(0, 1, 1, 0)

    public init(hiddenWidth: Int, activation: Activation = .tanh) {
        precondition(hiddenWidth >= 1, "hiddenWidth must be at least 1, got \(hiddenWidth)")
        self.hiddenWidth = hiddenWidth
        self.activation = activation
    }

    /// N = 4h + 1.
    public var parameterCount: Int { 4 * hiddenWidth + 1 }

    /// The initial parameters: W1 then w2 drawn as `stream.nextGaussian() * initStd`, in canonical
    /// order (w_{0,0}, w_{0,1}, w_{1,0}, …, then w2_0, w2_1, …); b1 and b2 are 0 and draw nothing.
    /// This drawing order is part of the reproducibility contract.
    public static func initialParameters(hiddenWidth h: Int, initStd: Double, stream: inout RandomStream) -> [Double] {
        var theta = [Double](repeating: 0, count: 4 * h + 1)
        for i in 0..<(2 * h) { theta[i] = stream.nextGaussian() * initStd }
        for j in 0..<h { theta[3 * h + j] = stream.nextGaussian() * initStd }
        return theta
    }

    /// The logits z2 of the 4 points.
    public func logits(parameters: [Double]) -> [Double] {
        let z = evaluate(parameters).z
        return [z[0], z[1], z[2], z[3]]
    }

    /// p = sigmoid(z2) for the 4 points.
    public func probabilities(parameters: [Double]) -> [Double] {
        let p = XORModel.probabilities(evaluate(parameters).z)
        return [p[0], p[1], p[2], p[3]]
    }

    /// The mean binary cross-entropy over the 4 points.
    public func loss(parameters: [Double]) -> Double {
        XORModel.meanLoss(evaluate(parameters).z)
    }

    /// The full-batch gradient of `loss` with respect to θ, in canonical order.
    public func gradient(parameters: [Double]) -> [Double] {
        let (z, kernel) = evaluate(parameters)
        let d = XORModel.lossSlope(XORModel.probabilities(z))
        switch activation {
        case .tanh: kernel.backward(TanhUnit.self, d: d, learningRate: 0, update: false)
        case .relu: kernel.backward(ReLUUnit.self, d: d, learningRate: 0, update: false)
        }
        return kernel.gradient()
    }

    private func evaluate(_ parameters: [Double]) -> (z: SIMD4<Double>, kernel: XORKernel) {
        let kernel = XORKernel(hiddenWidth: hiddenWidth, canonical: parameters)
        switch activation {
        case .tanh: return (kernel.forward(TanhUnit.self), kernel)
        case .relu: return (kernel.forward(ReLUUnit.self), kernel)
        }
    }

    @inline(__always)
    static func probabilities(_ z: SIMD4<Double>) -> SIMD4<Double> {
        SIMD4(Elementary.sigmoid(z[0]), Elementary.sigmoid(z[1]), Elementary.sigmoid(z[2]), Elementary.sigmoid(z[3]))
    }

    /// dLoss/dz2 = (p − y)/4 per point.
    @inline(__always)
    static func lossSlope(_ p: SIMD4<Double>) -> SIMD4<Double> { (p - targetVector) / 4 }

    /// Mean BCE, softplus(z) − y·z per point, summed in point order, divided by 4.
    static func meanLoss(_ z: SIMD4<Double>) -> Double {
        let y = targetVector
        var sum = 0.0
        for n in 0..<4 { sum += Elementary.softplus(z[n]) - y[n] * z[n] }
        return sum / 4
    }

    /// How many of the 4 points are classified correctly (p > 0.5 ⇔ class 1).
    @inline(__always)
    static func correctCount(_ p: SIMD4<Double>) -> Int {
        var count = 0
        for n in 0..<4 where (p[n] > 0.5) == (targetVector[n] == 1) { count += 1 }
        return count
    }
}
