import GrokNumerics

/// `parity` (docs/tasks.md): sparse parity of k of n bits (Barak et al. 2022; Merrill et al. 2023).
/// From `data`: the k relevant coordinates (the first k of a shuffle of 0..<n), then M training
/// strings, then the test strings, each bit uniform on ±1 (one `nextUniform() < 0.5` per bit);
/// label = the product of the relevant bits. Test strings are fresh draws (they may repeat a
/// training string with probability ≈ M/2ⁿ). Model: `HingeMLPModel`, N = (n + 2)h + 1.
public struct SparseParityTask: ModelTrainingTask {
    public var bits: Int
    public var relevant: Int
    public var trainingCount: Int
    public var testCount: Int

    public init(bits: Int = 40, relevant: Int = 3, trainingCount: Int = 1000, testCount: Int = 2000) {
        self.bits = bits
        self.relevant = relevant
        self.trainingCount = trainingCount
        self.testCount = testCount
    }

    public var name: String { "parity" }
    public var hasSplit: Bool { true }
    public var summary: String {
        "sparse parity: \(relevant) of \(bits) bits, \(trainingCount) training strings, \(testCount) fresh test strings, \(bits) → h → 1 ReLU, hinge loss"
    }
    public func parameterCount(width: Int) -> Int { (bits + 2) * width + 1 }
    public func physicalRanges(width: Int) -> PhysicalRanges { PhysicalRanges(trainingCount: trainingCount, testCount: testCount) }

    public func validate(width: Int, setup: TrainingSetup) throws(TaskError) {
        guard bits >= 1, relevant >= 1, relevant <= bits else {
            throw TaskError("parity: k = \(relevant) relevant of n = \(bits) bits; need 1 ≤ k ≤ n")
        }
        guard trainingCount >= 1, testCount >= 1 else { throw TaskError("parity: training and test sets need at least 1 string each") }
        guard width >= 1 else { throw TaskError("parity: width \(width); it must be at least 1") }
    }

    public func makeModel(width: Int, setup: TrainingSetup, data: inout RandomStream) -> HingeMLPModel {
        let n = bits
        var coordinates = Array(0..<n)
        data.shuffle(&coordinates)
        let support = Array(coordinates[..<relevant])
        func sample(_ count: Int) -> ([Double], [Double]) {
            var x = [Double](repeating: 0, count: count * n), y = [Double](repeating: 0, count: count)
            for r in 0..<count {
                for i in 0..<n { x[r * n + i] = data.nextUniform() < 0.5 ? -1 : 1 }
                var label = 1.0
                for i in support { label *= x[r * n + i] }
                y[r] = label
            }
            return (x, y)
        }
        let (trainX, trainY) = sample(trainingCount)
        let (testX, testY) = sample(testCount)
        return HingeMLPModel(inputs: n, width: width, trainX: trainX, trainY: trainY, testX: testX, testY: testY, precision: setup.precision)
    }
}
