import GrokNumerics

/// A binary classifier n → h → 1 with biases, ReLU hidden units and the hinge loss
/// max(0, 1 − y·f), on a fixed data set of ±1 labels (sparse parity and rule learning).
///
/// Canonical parameter order (N = (n + 2)h + 1): W1 row-major (θ[j·n + i]), b1, w2, b2.
/// Init (chosen, fan-in scaling): W1 ~ N(0, 1/n), w2 ~ N(0, 1/h), drawn in that order; biases 0.
/// A prediction is +1 for f > 0, else −1. Loss and gradient are means over the examples,
/// summed example by example in the order given.
public struct HingeMLPModel: TaskModel {
    public let inputs: Int
    public let width: Int
    /// Row-major examples (count × inputs) and their labels, training first.
    let trainX: [Double], trainY: [Double], testX: [Double], testY: [Double]
    private var u: [Double], a: [Double]

    public init(inputs: Int, width: Int, trainX: [Double], trainY: [Double], testX: [Double], testY: [Double]) {
        precondition(trainX.count == trainY.count * inputs && testX.count == testY.count * inputs, "examples and labels disagree")
        self.inputs = inputs
        self.width = width
        self.trainX = trainX; self.trainY = trainY; self.testX = testX; self.testY = testY
        u = [Double](repeating: 0, count: 4 * width)
        a = u
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
        let n = inputs, h = width
        let inverseCount = 1 / Double(rows.count)
        var total = 0.0, correct = 0
        if let g = gradient { for i in 0..<parameterCount { g[i] = 0 } }
        theta.withUnsafeBufferPointer { tp in
            x.withUnsafeBufferPointer { xp in
                u.withUnsafeMutableBufferPointer { up in
                    a.withUnsafeMutableBufferPointer { ap in
                        let w1 = tp.baseAddress!, b1 = w1 + n * h, w2 = b1 + h, b2 = w2[h]
                        let u = up.baseAddress!, a = ap.baseAddress!
                        // The hidden layer four rows at a time (each W1 row read once per block, the sums in
                        // `dot`'s order: ``DenseKernels/dot4``); the rest example by example, in row order.
                        var start = 0
                        while start < rows.count {
                            let m = min(4, rows.count - start)
                            let x0 = xp.baseAddress! + rows[start] * n
                            if m == 4 {
                                let x1 = xp.baseAddress! + rows[start + 1] * n, x2 = xp.baseAddress! + rows[start + 2] * n,
                                    x3 = xp.baseAddress! + rows[start + 3] * n
                                for j in 0..<h {
                                    let pre = DenseKernels.dot4(w1 + j * n, x0, x1, x2, x3, count: n)
                                    for e in 0..<4 { u[e * h + j] = pre[e] + b1[j] }
                                }
                            } else {
                                for e in 0..<m {
                                    let xe = xp.baseAddress! + rows[start + e] * n
                                    for j in 0..<h { u[e * h + j] = DenseKernels.dot(w1 + j * n, xe, count: n) + b1[j] }
                                }
                            }
                            for e in 0..<m {
                                let r = rows[start + e]
                                let xr = xp.baseAddress! + r * n, label = y[r]
                                let ue = u + e * h
                                for j in 0..<h { a[j] = ue[j] > 0 ? ue[j] : 0 }
                                let f = DenseKernels.dot(w2, a, count: h) + b2
                                if (f > 0) == (label > 0) { correct += 1 }
                                let margin = 1 - label * f
                                guard margin > 0 else { continue }
                                total += margin
                                guard let g = gradient else { continue }
                                let df = -label * inverseCount
                                let gw1 = g, gb1 = g + n * h, gw2 = gb1 + h
                                for j in 0..<h {
                                    gw2[j] = gw2[j] + df * a[j]
                                    guard ue[j] > 0 else { continue }
                                    let du = df * w2[j]
                                    gb1[j] = gb1[j] + du
                                    DenseKernels.axpy(du, xr, gw1 + j * n, count: n)
                                }
                                g[(n + 2) * h] = g[(n + 2) * h] + df
                            }
                            start += m
                        }
                    }
                }
            }
        }
        return (total * inverseCount, correct)
    }
}
