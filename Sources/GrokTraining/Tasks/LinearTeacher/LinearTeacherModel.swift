import GrokNumerics

/// Linear teacher–student regression (Levi, Beck & Bar-Sinai 2023): x ~ N(0, I_d), teacher
/// y = w*·x/√d with w* ~ N(0, I_d), student f = w·x/√d (N = d, no bias), loss
/// (1/2n) Σ (f − y)². "Correct" means sign(f) = sign(y) (f > 0 ⇔ y > 0): the accuracy measure
/// whose sharp rise is the artefact under test. Init: w ~ N(0, initStd²).
public struct LinearTeacherModel: TaskModel {
    public let dimension: Int
    public let initStd: Double
    let trainX: [Double], trainY: [Double], testX: [Double], testY: [Double]

    /// Draws w*, then the training inputs, then the test inputs from `data`, row by row.
    public init(dimension d: Int, trainingCount: Int, testCount: Int, initStd: Double, data: inout RandomStream) {
        dimension = d
        self.initStd = initStd
        let teacher = (0..<d).map { _ in data.nextGaussian() }
        let norm = 1 / Double(d).squareRoot()
        func sample(_ count: Int) -> ([Double], [Double]) {
            var x = [Double](repeating: 0, count: count * d), y = [Double](repeating: 0, count: count)
            for r in 0..<count {
                for i in 0..<d { x[r * d + i] = data.nextGaussian() }
                y[r] =
                    x.withUnsafeBufferPointer { xp in
                        teacher.withUnsafeBufferPointer { tp in
                            DenseKernels.dot(xp.baseAddress! + r * d, tp.baseAddress!, count: d)
                        }
                    } * norm
            }
            return (x, y)
        }
        (trainX, trainY) = sample(trainingCount)
        (testX, testY) = sample(testCount)
    }

    public var parameterCount: Int { dimension }
    public var trainingCount: Int { trainY.count }
    public var testCount: Int { testY.count }

    public func initialParameters(stream: inout RandomStream) -> [Double] {
        (0..<dimension).map { _ in stream.nextGaussian() * initStd }
    }

    public mutating func evaluate(_ theta: [Double], batch: ArraySlice<Int>?, gradient: UnsafeMutablePointer<Double>?) -> (loss: Double, correct: Int)
    {
        pass(theta, x: trainX, y: trainY, rows: batch.map(Array.init) ?? Array(0..<trainY.count), gradient: gradient)
    }

    public mutating func testCorrect(_ theta: [Double]) -> Int {
        pass(theta, x: testX, y: testY, rows: Array(0..<testY.count), gradient: nil).correct
    }

    private func pass(
        _ theta: [Double], x: [Double], y: [Double], rows: [Int], gradient: UnsafeMutablePointer<Double>?
    ) -> (loss: Double, correct: Int) {
        let d = dimension, norm = 1 / Double(d).squareRoot(), inverseCount = 1 / Double(rows.count)
        var total = 0.0, correct = 0
        if let g = gradient { for i in 0..<d { g[i] = 0 } }
        theta.withUnsafeBufferPointer { tp in
            x.withUnsafeBufferPointer { xp in
                for r in rows {
                    let xr = xp.baseAddress! + r * d
                    let f = DenseKernels.dot(tp.baseAddress!, xr, count: d) * norm
                    if (f > 0) == (y[r] > 0) { correct += 1 }
                    let residual = f - y[r]
                    total += residual * residual
                    if let g = gradient { DenseKernels.axpy(residual * norm * inverseCount, xr, g, count: d) }
                }
            }
        }
        return (total * inverseCount / 2, correct)
    }
}
