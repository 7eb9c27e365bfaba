import GrokNumerics

/// Rubin, Seroussi & Ringel's student (arXiv 2310.03789) bound to its data: f(x) = Σᵢ aᵢ erf(wᵢ·x)
/// with N neurons (the width), θ = (W row-major N × d, then a), per-example loss ½(f − y)², and
/// "correct" meaning |f − y| < `threshold` (the task sets tolerance · σ_y, σ_y² = 1 + 6ε² the
/// teacher's output variance: our accuracy for this regression task). Init from the Langevin prior: wᵢ ~ N(0, σ_w²/d),
/// aᵢ ~ N(0, σ_a²/N).
public struct ErfStudentModel: TaskModel {
    public let dimension: Int, width: Int
    public let sigmaW2: Double, sigmaA2: Double
    public let teacher: [Double]
    let trainX: [Double], trainY: [Double], testX: [Double], testY: [Double]
    /// |f − y| below this counts as correct.
    let threshold: Double

    public init(
        dimension: Int, width: Int, sigmaW2: Double, sigmaA2: Double, teacher: [Double], train: ([Double], [Double]), test: ([Double], [Double]),
        threshold: Double
    ) {
        self.dimension = dimension
        self.width = width
        self.sigmaW2 = sigmaW2
        self.sigmaA2 = sigmaA2
        self.teacher = teacher
        (trainX, trainY) = train
        (testX, testY) = test
        self.threshold = threshold
    }

    public var parameterCount: Int { width * (dimension + 1) }
    public var trainingCount: Int { trainY.count }
    public var testCount: Int { testY.count }

    public func initialParameters(stream: inout RandomStream) -> [Double] {
        let sw = (sigmaW2 / Double(dimension)).squareRoot(), sa = (sigmaA2 / Double(width)).squareRoot()
        return (0..<(width * dimension)).map { _ in stream.nextGaussian() * sw } + (0..<width).map { _ in stream.nextGaussian() * sa }
    }

    /// Pre-activations wᵢ·x of every example (rows × N).
    func preActivations(_ theta: [Double], _ x: [Double], rows: Int) -> [Double] {
        var z = [Double](repeating: 0, count: rows * width)
        theta.withUnsafeBufferPointer { w in
            x.withUnsafeBufferPointer { xp in
                z.withUnsafeMutableBufferPointer { zp in
                    DenseKernels.dotProducts(
                        xp.baseAddress!, rows: rows, xStride: dimension, w.baseAddress!, outputs: width, wStride: dimension, depth: dimension,
                        into: zp.baseAddress!, yStride: width)
                }
            }
        }
        return z
    }

    /// f for every example from the erf of its pre-activations.
    func outputs(_ theta: [Double], activations: [Double], rows: Int) -> [Double] {
        let a = width * dimension
        return (0..<rows).map { e in
            var f = 0.0
            for i in 0..<width { f += theta[a + i] * activations[e * width + i] }
            return f
        }
    }

    public mutating func evaluate(_ theta: [Double], batch: ArraySlice<Int>?, gradient: UnsafeMutablePointer<Double>?) -> (loss: Double, correct: Int)
    {
        let rows = batch.map(Array.init) ?? Array(0..<trainY.count)
        let m = rows.count, d = dimension
        let x = DenseKernels.gatherRows(trainX, columns: d, rows: rows)
        let z = preActivations(theta, x, rows: m)
        let activations = z.map(ErrorFunction.erf)
        let f = outputs(theta, activations: activations, rows: m)
        var loss = 0.0, hits = 0
        var residual = [Double](repeating: 0, count: m)
        for r in 0..<m {
            residual[r] = f[r] - trainY[rows[r]]
            loss += 0.5 * residual[r] * residual[r]
            if abs(residual[r]) < threshold { hits += 1 }
        }
        guard let g = gradient else { return (loss / Double(m), hits) }
        let a = width * d, scale = 1 / Double(m)
        for i in 0..<parameterCount { g[i] = 0 }
        var delta = [Double](repeating: 0, count: m * width)
        for r in 0..<m {
            for i in 0..<width {
                let zi = z[r * width + i]
                g[a + i] += residual[r] * activations[r * width + i] * scale
                delta[r * width + i] = residual[r] * theta[a + i] * ErrorFunction.derivative(zi) * scale
            }
        }
        delta.withUnsafeBufferPointer { dp in
            x.withUnsafeBufferPointer { xp in
                DenseKernels.accumulateProducts(
                    dp.baseAddress!, aRow: 1, aDepth: width, xp.baseAddress!, bStride: d, into: g, cStride: d, rows: width, columns: d, depth: m)
            }
        }
        return (loss / Double(m), hits)
    }

    public mutating func testCorrect(_ theta: [Double]) -> Int {
        let f = outputs(theta, activations: preActivations(theta, testX, rows: testY.count).map(ErrorFunction.erf), rows: testY.count)
        return zip(f, testY).filter { abs($0 - $1) < threshold }.count
    }

    /// Φᵢ = wᵢ·w* for every neuron (the paper's order parameter).
    public func overlaps(_ theta: [Double]) -> [Double] {
        (0..<width).map { i in (0..<dimension).reduce(0.0) { $0 + theta[i * dimension + $1] * teacher[$1] } }
    }

    public mutating func inspect(_ theta: [Double]) -> ModelInspection? {
        let phi = overlaps(theta)
        let aligned = Double(phi.filter { abs($0) > 0.5 }.count) / Double(max(width, 1))
        let histogram = zip(IndicatorName.teacherPhiBins, IndicatorName.teacherPhiHistogram(phi)).map { (name: $0, value: $1) }
        return ModelInspection(scores: nil, features: nil, taskIndicators: [(.teacherOverlap, aligned)] + histogram)
    }
}
