import GrokNumerics

/// (a + b) mod p with the two-layer quadratic network of Gromov (2023) and Doshi et al.:
/// x = one-hot(a) ‖ one-hot(b) ∈ ℝ²ᵖ, f(x) = W2·(W1·x)², no biases, MSE on one-hot targets.
///
/// Canonical parameter order (N = 3ph): W1 by input, θ[i·h + j] = W1[j, i] for i < 2p, then W2
/// row-major, θ[2ph + c·h + j] = W2[c, j]. The one-hot input makes W1·x a gather of two columns.
///
/// Loss = (1 / (n·p)) Σ_examples Σ_c (f_c − y_c)² (PyTorch's `MSELoss` mean over all entries),
/// summed example by example, class by class. A prediction is the first index of the largest f_c.
/// The layers run in `precision` (``DenseScalar``); the loss is summed in float64 either way.
public struct ModularAdditionModel: TaskModel {
    public let modulus: Int
    public let width: Int
    public let initScale: Double
    /// Pair indices k = a·p + b, training then test, after the seeded split.
    public let trainingPairs: [Int]
    public let testPairs: [Int]
    public let precision: Precision
    private var float64 = Scratch<Double>(), float32 = Scratch<Float>()
    private var float64Buffers = PassBuffers<Double>(), float32Buffers = PassBuffers<Float>()

    /// One chunk's activations.
    struct Scratch<S: DenseScalar> {
        var z: [S] = [], q: [S] = [], out: [S] = [], slope: [S] = [], dq: [S] = []

        mutating func prepare(p: Int, h: Int, block: Int) {
            if z.isEmpty {
                z = [S](repeating: 0, count: block * h)
                q = z
                dq = z
                out = [S](repeating: 0, count: block * p)
                slope = out
            }
        }
    }

    /// The pairs k = a·p + b of each set (the task's seeded split, `EnumeratedSplitTask`).
    public init(modulus p: Int, width h: Int, trainingPairs: [Int], testPairs: [Int], initScale: Double, precision: Precision = .float64) {
        modulus = p
        width = h
        self.initScale = initScale
        self.trainingPairs = trainingPairs
        self.testPairs = testPairs
        self.precision = precision
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

    public mutating func evaluate(_ theta: [Double], batch: ArraySlice<Int>?, gradient: UnsafeMutablePointer<Double>?) -> (loss: Double, correct: Int)
    {
        let pairs = batch.map(Array.init) ?? trainingPairs
        return pass(theta, pairs, gradient: gradient)
    }

    private mutating func pass(_ theta: [Double], _ pairs: [Int], gradient: UnsafeMutablePointer<Double>?) -> (loss: Double, correct: Int) {
        switch precision {
        case .float64: return Self.pass(theta, pairs, gradient: gradient, p: modulus, h: width, scratch: &float64, buffers: &float64Buffers)
        case .float32: return Self.pass(theta, pairs, gradient: gradient, p: modulus, h: width, scratch: &float32, buffers: &float32Buffers)
        }
    }

    public mutating func testCorrect(_ theta: [Double]) -> Int {
        pass(theta, testPairs, gradient: nil).correct
    }

    /// Examples go through in chunks (``DenseKernels/layerForward`` forward,
    /// ``DenseKernels/accumulateProducts`` for both backward products); every sum keeps the
    /// order of the example-by-example pass: W2's gradient adds the examples' terms in example
    /// order, each dq sums the classes in class order, each output is `dot`'s sum (float64;
    /// float32 keeps its own fixed order, ``ForwardOrder``).
    private static func pass<S: DenseScalar>(
        _ theta: [Double], _ pairs: [Int], gradient: UnsafeMutablePointer<Double>?, p: Int, h: Int, scratch: inout Scratch<S>,
        buffers: inout PassBuffers<S>
    ) -> (loss: Double, correct: Int) {
        let count = pairs.count
        let scaleD = 1 / (Double(count) * Double(p))
        let scale = S(scaleD), two = S(2)
        var total = 0.0, correct = 0
        scratch.prepare(p: p, h: h, block: block)
        buffers.run(theta: theta, gradient: gradient) { tp, g, transposed in
            scratch.z.withUnsafeMutableBufferPointer { zp in
                scratch.q.withUnsafeMutableBufferPointer { qp in
                    scratch.out.withUnsafeMutableBufferPointer { op in
                        scratch.slope.withUnsafeMutableBufferPointer { sp in
                            scratch.dq.withUnsafeMutableBufferPointer { dp in
                                let w1 = tp, w2 = tp + 2 * p * h
                                let z = zp.baseAddress!, q = qp.baseAddress!, o = op.baseAddress!, d = sp.baseAddress!, dq = dp.baseAddress!
                                var start = 0
                                while start < count {
                                    let m = min(block, count - start)
                                    for e in 0..<m {
                                        let k = pairs[start + e]
                                        let ua = w1 + (k / p) * h, ub = w1 + (p + k % p) * h
                                        let ze = z + e * h, qe = q + e * h
                                        for j in 0..<h {
                                            let zj = ua[j] + ub[j]
                                            ze[j] = zj
                                            qe[j] = zj * zj
                                        }
                                    }
                                    DenseKernels.layerForward(
                                        q, rows: m, xStride: h, w2, outputs: p, wStride: h, depth: h, into: o, yStride: p, transposed: &transposed
                                    )
                                    for e in 0..<m {
                                        let k = pairs[start + e], label = (k / p + k % p) % p
                                        let oe = o + e * p, de = d + e * p
                                        var best = 0
                                        for c in 1..<max(p, 1) where oe[c] > oe[best] { best = c }
                                        if best == label { correct += 1 }
                                        for c in 0..<p {
                                            let r = c == label ? oe[c] - 1 : oe[c]
                                            let rd = r.asDouble
                                            total += rd * rd
                                            de[c] = two * r * scale
                                        }
                                    }
                                    if let g {
                                        let gw2 = g + 2 * p * h
                                        for j in 0..<(m * h) { dq[j] = 0 }
                                        // gW2[c, ·] += Σ_e d[e, c]·q[e, ·]; dq[e, ·] = Σ_c d[e, c]·W2[c, ·].
                                        DenseKernels.accumulateProducts(
                                            d, aRow: 1, aDepth: p, q, bStride: h, into: gw2, cStride: h, rows: p, columns: h, depth: m)
                                        DenseKernels.accumulateProducts(
                                            d, aRow: p, aDepth: 1, w2, bStride: h, into: dq, cStride: h, rows: m, columns: h, depth: p)
                                        for e in 0..<m {
                                            let k = pairs[start + e]
                                            let ga = g + (k / p) * h, gb = g + (p + k % p) * h
                                            let ze = z + e * h, dqe = dq + e * h
                                            for j in 0..<h {
                                                let dz = two * ze[j] * dqe[j]
                                                ga[j] = ga[j] + dz
                                                gb[j] = gb[j] + dz
                                            }
                                        }
                                    }
                                    start += m
                                }
                            }
                        }
                    }
                }
            }
        }
        return (total * scaleD, correct)
    }

    /// Examples per chunk of the pass: the chunk's activations stay in cache, and W2's gradient
    /// tiles are loaded and stored once per chunk.
    static let block = 64
}
