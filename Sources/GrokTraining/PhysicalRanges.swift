/// What a run of a task can honestly report, stated by the task itself: the coordinator refuses
/// a result outside these ranges as invalid (naming the field), so that a flaky host's garbage
/// that still looks well-formed never reaches the analysis.
public struct PhysicalRanges: Sendable, Equatable {
    /// The default bound of the mean training loss. Every task's loss is a mean of per-example
    /// terms that start O(1) and that training lowers; a mean above 10⁶ is a diverged run (or a
    /// lie), not a measurement, and far below what makes the plots' arithmetic overflow.
    public static let defaultMaxLoss = 1e6

    /// The largest mean loss a result may report; the smallest is 0.
    public var maxLoss: Double
    /// Training accuracy is k / trainingCount for an integer k.
    public var trainingCount: Int
    /// Test accuracy is k / testCount (nil: the task has no held-out test set).
    public var testCount: Int?

    public init(maxLoss: Double = PhysicalRanges.defaultMaxLoss, trainingCount: Int, testCount: Int?) {
        self.maxLoss = maxLoss
        self.trainingCount = trainingCount
        self.testCount = testCount
    }

    /// A user's program: its data set sizes are not known here, so an accuracy may be any value
    /// in [0, 1] (trainingCount 0 says so) and it reports no separate test accuracy.
    public static let program = PhysicalRanges(trainingCount: 0, testCount: nil)

    public func isLoss(_ x: Double) -> Bool { x.isFinite && x >= 0 && x <= maxLoss }
    public func isTrainingAccuracy(_ a: Double) -> Bool {
        trainingCount == 0 ? (a.sign == .plus && a >= 0 && a <= 1) : PhysicalRanges.isFraction(a, of: trainingCount)
    }
    public func isTestAccuracy(_ a: Double) -> Bool { testCount.map { PhysicalRanges.isFraction(a, of: $0) } ?? false }

    /// Whether `a` is exactly the Double of k / n for an integer 0 ≤ k ≤ n, bit for bit (so −0.0,
    /// or a value one ulp off, is refused: training computes `Double(correct) / Double(n)`).
    public static func isFraction(_ a: Double, of n: Int) -> Bool {
        guard n > 0, a.sign == .plus, a <= 1 else { return false }
        let k = (a * Double(n)).rounded()
        return (k / Double(n)).bitPattern == a.bitPattern
    }

    /// A sentence for a value outside the ranges, naming the field and what it may be.
    public func problem(loss: [Double], accuracy: [Double], testAccuracy: [Double]?) -> String? {
        if let i = loss.firstIndex(where: { !isLoss($0) }) {
            return "loss[\(i)] = \(loss[i]) is outside the task's physical range [0, \(maxLoss)] (a diverged run or a corrupted result)"
        }
        if let i = accuracy.firstIndex(where: { !isTrainingAccuracy($0) }) {
            if trainingCount == 0 { return "accuracy[\(i)] = \(accuracy[i]) is outside [0, 1]" }
            return "accuracy[\(i)] = \(accuracy[i]) is not k/\(trainingCount) for an integer k (the task has \(trainingCount) training examples)"
        }
        if let test = testAccuracy {
            guard let n = testCount else { return "testAccuracy is given, but the task has no test set" }
            if let i = test.firstIndex(where: { !isTestAccuracy($0) }) {
                return "testAccuracy[\(i)] = \(test[i]) is not k/\(n) for an integer k (the task has \(n) test examples)"
            }
        }
        return nil
    }
}
