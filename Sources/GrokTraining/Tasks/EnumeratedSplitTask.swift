import GrokNumerics

/// Tasks whose examples are every item of a finite set (modadd: the p² pairs; rule: the 2ᴸ
/// configurations), split by one seeded shuffle of the item indices: the first ⌊f·count⌋
/// train, the rest test. The split, its check and `hasSplit` live here once.
public protocol EnumeratedSplitTask: ModelTrainingTask {
    /// f, the share of the items used for training.
    var trainingFraction: Double { get }
    /// How many items there are (p², 2ᴸ).
    var itemCount: Int { get }
    /// What the items are called in messages ("pairs", "configurations").
    var itemNoun: String { get }
}

extension EnumeratedSplitTask {
    public var hasSplit: Bool { true }

    /// ⌊f·count⌋, the size of the training set.
    public var splitTrainingCount: Int { Int((trainingFraction * Double(itemCount)).rounded(.down)) }

    /// Accuracies over ⌊f·count⌋ training and the remaining test items.
    public func physicalRanges(width: Int) -> PhysicalRanges {
        PhysicalRanges(trainingCount: splitTrainingCount, testCount: itemCount - splitTrainingCount)
    }

    /// Throws unless both sets get at least one item.
    public func validateSplit() throws(TaskError) {
        let train = splitTrainingCount
        guard train >= 1 && train < itemCount else {
            throw TaskError(
                "\(name): training fraction \(trainingFraction) leaves \(train) of \(itemCount) \(itemNoun) for training; both sets need one")
        }
    }

    /// Item indices 0..<count shuffled by `data` (one `shuffle`), training then test.
    public func split(_ data: inout RandomStream) -> (training: [Int], test: [Int]) {
        var items = Array(0..<itemCount)
        data.shuffle(&items)
        let cut = splitTrainingCount
        return (Array(items[..<cut]), Array(items[cut...]))
    }
}
