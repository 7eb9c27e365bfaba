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
        z = [Double](repeating: 0, count: Self.block * h)
        q = z
        dq = z
        out = [Double](repeating: 0, count: Self.block * p)
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

    public mutating func evaluate(_ theta: [Double], batch: ArraySlice<Int>?, gradient: UnsafeMutablePointer<Double>?) -> (loss: Double, correct: Int)
    {
        let pairs = batch.map(Array.init) ?? trainingPairs
        return pass(theta, pairs, gradient: gradient)
    }

    public mutating func testCorrect(_ theta: [Double]) -> Int {
        pass(theta, testPairs, gradient: nil).correct
    }

    /// Examples go through in blocks of four (``DenseKernels/dot4`` and friends: each W2 row is
    /// read once per block); every sum keeps the order of the example-by-example pass.
    private mutating func pass(_ theta: [Double], _ pairs: [Int], gradient: UnsafeMutablePointer<Double>?) -> (loss: Double, correct: Int) {
        let p = modulus, h = width
        let count = pairs.count
        let scale = 1 / (Double(count) * Double(p))
        var total = 0.0, correct = 0
        if let g = gradient { for i in 0..<parameterCount { g[i] = 0 } }
        theta.withUnsafeBufferPointer { tp in
            z.withUnsafeMutableBufferPointer { zp in
                q.withUnsafeMutableBufferPointer { qp in
                    out.withUnsafeMutableBufferPointer { op in
                        slope.withUnsafeMutableBufferPointer { sp in
                            dq.withUnsafeMutableBufferPointer { dp in
                                let w1 = tp.baseAddress!, w2 = tp.baseAddress! + 2 * p * h
                                let z = zp.baseAddress!, q = qp.baseAddress!, o = op.baseAddress!, d = sp.baseAddress!, dq = dp.baseAddress!
                                var start = 0
                                while start < count {
                                    let m = min(Self.block, count - start)
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
                                    if m == Self.block {
                                        for c in 0..<p {
                                            let v = DenseKernels.dot4(w2 + c * h, q, q + h, q + 2 * h, q + 3 * h, count: h)
                                            o[c] = v[0]; o[p + c] = v[1]; o[2 * p + c] = v[2]; o[3 * p + c] = v[3]
                                        }
                                    } else {
                                        for e in 0..<m { for c in 0..<p { o[e * p + c] = DenseKernels.dot(w2 + c * h, q + e * h, count: h) } }
                                    }
                                    for e in 0..<m {
                                        let k = pairs[start + e], label = (k / p + k % p) % p
                                        let oe = o + e * p, de = d + e * p
                                        var best = 0
                                        for c in 1..<max(p, 1) where oe[c] > oe[best] { best = c }
                                        if best == label { correct += 1 }
                                        for c in 0..<p {
                                            let r = c == label ? oe[c] - 1 : oe[c]
                                            total += r * r
                                            de[c] = 2 * r * scale
                                        }
                                    }
                                    if let g = gradient {
                                        let gw2 = g + 2 * p * h
                                        for j in 0..<(m * h) { dq[j] = 0 }
                                        if m == Self.block {
                                            for c in 0..<p {
                                                let alpha = SIMD4(d[c], d[p + c], d[2 * p + c], d[3 * p + c])
                                                DenseKernels.axpy4(alpha, q, q + h, q + 2 * h, q + 3 * h, gw2 + c * h, count: h)
                                                DenseKernels.axpyInto4(alpha, w2 + c * h, dq, dq + h, dq + 2 * h, dq + 3 * h, count: h)
                                            }
                                        } else {
                                            for e in 0..<m {
                                                for c in 0..<p {
                                                    DenseKernels.axpy(d[e * p + c], q + e * h, gw2 + c * h, count: h)
                                                    DenseKernels.axpy(d[e * p + c], w2 + c * h, dq + e * h, count: h)
                                                }
                                            }
                                        }
                                        for e in 0..<m {
                                            let k = pairs[start + e]
                                            let ga = g + (k / p) * h, gb = g + (p + k % p) * h
                                            let ze = z + e * h, dqe = dq + e * h
                                            for j in 0..<h {
                                                let dz = 2 * ze[j] * dqe[j]
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
        return (total * scale, correct)
    }

    /// Examples per block of the blocked pass.
    static let block = 4
}
