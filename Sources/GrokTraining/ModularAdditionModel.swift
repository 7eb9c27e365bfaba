import GrokNumerics

/// (a + b) mod p with the two-layer quadratic network of Gromov (2023) and Doshi et al.:
/// x = one-hot(a) ‖ one-hot(b) ∈ ℝ²ᵖ, f(x) = W2·(W1·x)², no biases, MSE on one-hot targets.
///
/// Canonical parameter order (N = 3ph): W1 by input, θ[i·h + j] = W1[j, i] for i < 2p, then W2
/// row-major, θ[2ph + c·h + j] = W2[c, j]. The one-hot input makes W1·x a gather of two columns.
///
/// Loss = (1 / (n·p)) Σ_examples Σ_c (f_c − y_c)² (PyTorch's `MSELoss` mean over all entries),
/// summed example by example, class by class. A prediction is the first index of the largest f_c.
public struct ModularAdditionModel: TaskModel {
    public let modulus: Int
    public let width: Int
    public let initScale: Double
    /// Pair indices k = a·p + b, training then test, after the seeded split.
    public let trainingPairs: [Int]
    public let testPairs: [Int]
    private var z: [Double], q: [Double], out: [Double], slope: [Double], dq: [Double]

    /// The pairs k = a·p + b of each set (the task's seeded split, `EnumeratedSplitTask`).
    public init(modulus p: Int, width h: Int, trainingPairs: [Int], testPairs: [Int], initScale: Double) {
        modulus = p
        width = h
        self.initScale = initScale
        self.trainingPairs = trainingPairs
        self.testPairs = testPairs
        z = [Double](repeating: 0, count: h)
        q = z
        dq = z
        out = [Double](repeating: 0, count: p)
        slope = out
    }

    public var parameterCount: Int { 3 * modulus * width }
    public var trainingCount: Int { trainingPairs.count }
    public var testCount: Int { testPairs.count }

    /// Doshi et al.'s init: every weight N(0, σ²), σ = initScale / (2h)^(1/3) (initScale 0.5 =
    /// √0.25), drawn in canonical order; the cube root as exp(ln(2h)/3) with GrokNumerics.
    public func initialParameters(stream: inout RandomStream) -> [Double] {
        let sigma = initScale / Elementary.exp(Elementary.log(Double(2 * width)) / 3)
        return (0..<parameterCount).map { _ in stream.nextGaussian() * sigma }
    }

    public mutating func evaluate(_ theta: [Double], batch: ArraySlice<Int>?, gradient: UnsafeMutablePointer<Double>?) -> (loss: Double, correct: Int) {
        let pairs = batch.map(Array.init) ?? trainingPairs
        return pass(theta, pairs, gradient: gradient)
    }

    public mutating func testCorrect(_ theta: [Double]) -> Int {
        pass(theta, testPairs, gradient: nil).correct
    }

    private mutating func pass(_ theta: [Double], _ pairs: [Int], gradient: UnsafeMutablePointer<Double>?) -> (loss: Double, correct: Int) {
        let p = modulus, h = width
        let count = pairs.count
        let scale = 1 / (Double(count) * Double(p))
        var total = 0.0, correct = 0
        if let g = gradient { for i in 0..<parameterCount { g[i] = 0 } }
        theta.withUnsafeBufferPointer { tp in
            z.withUnsafeMutableBufferPointer { zp in q.withUnsafeMutableBufferPointer { qp in
            out.withUnsafeMutableBufferPointer { op in slope.withUnsafeMutableBufferPointer { sp in
            dq.withUnsafeMutableBufferPointer { dp in
                let w1 = tp.baseAddress!, w2 = tp.baseAddress! + 2 * p * h
                let z = zp.baseAddress!, q = qp.baseAddress!, o = op.baseAddress!, d = sp.baseAddress!, dq = dp.baseAddress!
                for k in pairs {
                    let a = k / p, b = k % p, label = (a + b) % p
                    let ua = w1 + a * h, ub = w1 + (p + b) * h
                    for j in 0..<h {
                        let zj = ua[j] + ub[j]
                        z[j] = zj
                        q[j] = zj * zj
                    }
                    var best = 0
                    for c in 0..<p {
                        o[c] = DenseKernels.dot(w2 + c * h, q, count: h)
                        if o[c] > o[best] { best = c }
                    }
                    if best == label { correct += 1 }
                    for c in 0..<p {
                        let r = c == label ? o[c] - 1 : o[c]
                        total += r * r
                        d[c] = 2 * r * scale
                    }
                    guard let g = gradient else { continue }
                    let gw2 = g + 2 * p * h
                    for j in 0..<h { dq[j] = 0 }
                    for c in 0..<p {
                        DenseKernels.axpy(d[c], q, gw2 + c * h, count: h)
                        DenseKernels.axpy(d[c], w2 + c * h, dq, count: h)
                    }
                    let ga = g + a * h, gb = g + (p + b) * h
                    for j in 0..<h {
                        let dz = 2 * z[j] * dq[j]
                        ga[j] = ga[j] + dz
                        gb[j] = gb[j] + dz
                    }
                }
            } } } } }
        }
        return (total * scale, correct)
    }
}
