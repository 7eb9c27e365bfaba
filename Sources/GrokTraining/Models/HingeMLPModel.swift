import GrokNumerics

/// A binary classifier n → h → 1 with biases, ReLU hidden units and the hinge loss
/// max(0, 1 − y·f), on a fixed data set of ±1 labels (sparse parity and rule learning).
///
/// Canonical parameter order (N = (n + 2)h + 1): W1 row-major (θ[j·n + i]), b1, w2, b2.
/// Init (chosen, fan-in scaling): W1 ~ N(0, 1/n), w2 ~ N(0, 1/h), drawn in that order; biases 0.
/// A prediction is +1 for f > 0, else −1. Loss and gradient are means over the examples,
/// summed example by example in the order given. The layers run in `precision`
/// (``DenseScalar``); the loss is summed in float64 either way.
public struct HingeMLPModel: TaskModel {
    public let inputs: Int
    public let width: Int
    /// Row-major examples (count × inputs) and their labels, training first.
    let trainX: [Double], trainY: [Double], testX: [Double], testY: [Double]
    public let precision: Precision
    private var float64 = Scratch<Double>(), float32 = Scratch<Float>()
    private var float64Buffers = PassBuffers<Double>(), float32Buffers = PassBuffers<Float>()

    /// One chunk of examples: their inputs gathered, pre-activations, a unit's activations, unit slopes.
    struct Scratch<S: DenseScalar> {
        var xb: [S] = [], u: [S] = [], a: [S] = [], du: [S] = []

        mutating func prepare(n: Int, h: Int, block: Int) {
            if u.isEmpty {
                xb = [S](repeating: 0, count: block * n)
                u = [S](repeating: 0, count: block * h)
                du = u
                a = [S](repeating: 0, count: h)
            }
        }
    }

    public init(
        inputs: Int, width: Int, trainX: [Double], trainY: [Double], testX: [Double], testY: [Double], precision: Precision = .float64
    ) {
        precondition(trainX.count == trainY.count * inputs && testX.count == testY.count * inputs, "examples and labels disagree")
        self.inputs = inputs
        self.width = width
        self.trainX = trainX; self.trainY = trainY; self.testX = testX; self.testY = testY
        self.precision = precision
    }

    public var parameterCount: Int { (inputs + 2) * width + 1 }
    public var trainingCount: Int { trainY.count }
    public var testCount: Int { testY.count }

    public func initialParameters(stream: inout RandomStream) -> [Double] {
        let n = inputs, h = width
        var theta = [Double](repeating: 0, count: parameterCount)
        let s1 = 1 / Double(n).squareRoot(), s2 = 1 / Double(h).squareRoot()
        for i in 0..<(n * h) { theta[i] = stream.nextGaussian() * s1 }
        for j in 0..<h { theta[(n + 1) * h + j] = stream.nextGaussian() * s2 }
        return theta
    }

    public mutating func evaluate(_ theta: [Double], batch: ArraySlice<Int>?, gradient: UnsafeMutablePointer<Double>?) -> (loss: Double, correct: Int)
    {
        let rows = batch.map(Array.init) ?? Array(0..<trainY.count)
        return pass(theta, x: trainX, y: trainY, rows: rows, gradient: gradient)
    }

    public mutating func testCorrect(_ theta: [Double]) -> Int {
        pass(theta, x: testX, y: testY, rows: Array(0..<testY.count), gradient: nil).correct
    }

    private mutating func pass(
        _ theta: [Double], x: [Double], y: [Double], rows: [Int], gradient: UnsafeMutablePointer<Double>?
    ) -> (loss: Double, correct: Int) {
        switch precision {
        case .float64:
            return Self.pass(theta, x: x, y: y, rows: rows, gradient: gradient, n: inputs, h: width, scratch: &float64, buffers: &float64Buffers)
        case .float32:
            return Self.pass(theta, x: x, y: y, rows: rows, gradient: gradient, n: inputs, h: width, scratch: &float32, buffers: &float32Buffers)
        }
    }

    /// Chunks of examples go through ``DenseKernels/layerForward`` (the hidden layer) and
    /// ``DenseKernels/accumulateProducts`` (W1's gradient); in float64 every sum keeps the order
    /// of the example-by-example pass (float32 has its own, ``ForwardOrder``). An example past the hinge, or a unit at rest, contributes a zero
    /// slope to W1's gradient instead of being skipped: the same bits, as the inputs are finite
    /// and a sum starting at +0 is never −0 (see DenseKernels+Products).
    private static func pass<S: DenseScalar>(
        _ theta: [Double], x: [Double], y: [Double], rows: [Int], gradient: UnsafeMutablePointer<Double>?, n: Int, h: Int,
        scratch: inout Scratch<S>,
        buffers: inout PassBuffers<S>
    ) -> (loss: Double, correct: Int) {
        let inverseCountD = 1 / Double(rows.count), inverseCount = S(inverseCountD)
        var total = 0.0, correct = 0
        scratch.prepare(n: n, h: h, block: block)
        buffers.run(theta: theta, gradient: gradient) { tp, g, transposed in
            scratch.xb.withUnsafeMutableBufferPointer { bp in
                scratch.u.withUnsafeMutableBufferPointer { up in
                    scratch.a.withUnsafeMutableBufferPointer { ap in
                        scratch.du.withUnsafeMutableBufferPointer { dp in
                            let w1 = tp, b1 = w1 + n * h, w2 = b1 + h, b2 = w2[h]
                            let xb = bp.baseAddress!, u = up.baseAddress!, a = ap.baseAddress!, du = dp.baseAddress!
                            var start = 0
                            while start < rows.count {
                                let m = min(block, rows.count - start)
                                for e in 0..<m {
                                    let row = rows[start + e] * n, xe = xb + e * n
                                    for i in 0..<n { xe[i] = S(x[row + i]) }
                                }
                                DenseKernels.layerForward(
                                    xb, rows: m, xStride: n, w1, outputs: h, wStride: n, depth: n, into: u, yStride: h, transposed: &transposed)
                                for e in 0..<m {
                                    let ue = u + e * h, due = du + e * h
                                    for j in 0..<h { ue[j] = ue[j] + b1[j] }
                                    for j in 0..<h { a[j] = ue[j] > 0 ? ue[j] : 0 }
                                    let label = S(y[rows[start + e]])
                                    let f = DenseKernels.vectorDot(w2, a, count: h) + b2
                                    if (f > 0) == (label > 0) { correct += 1 }
                                    let margin = 1 - label * f
                                    guard margin > 0 else {
                                        for j in 0..<h { due[j] = 0 }
                                        continue
                                    }
                                    total += margin.asDouble
                                    guard let g else { continue }
                                    let df = -label * inverseCount
                                    let gb1 = g + n * h, gw2 = gb1 + h
                                    for j in 0..<h {
                                        gw2[j] = gw2[j] + df * a[j]
                                        guard ue[j] > 0 else {
                                            due[j] = 0
                                            continue
                                        }
                                        let slope = df * w2[j]
                                        gb1[j] = gb1[j] + slope
                                        due[j] = slope
                                    }
                                    g[(n + 2) * h] = g[(n + 2) * h] + df
                                }
                                if let g {
                                    // gW1[j, ·] += Σ_e du[e, j]·x[e, ·], examples in order.
                                    DenseKernels.accumulateProducts(
                                        du, aRow: 1, aDepth: h, xb, bStride: n, into: g, cStride: n, rows: h, columns: n, depth: m)
                                }
                                start += m
                            }
                        }
                    }
                }
            }
        }
        return (total * inverseCountD, correct)
    }

    /// Examples per chunk of the pass.
    static let block = 64
}
