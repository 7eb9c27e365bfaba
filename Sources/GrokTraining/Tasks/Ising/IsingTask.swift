import GrokNumerics

/// `ising` (Hutchison & Yevick, arXiv 2510.25966): classify 8 × 8 Ising lattices into the four
/// energy classes of ``IsingLattices`` with a deep bias-free ReLU MLP (``DeepReLUClassifier``),
/// softmax with inverse temperature β, cross-entropy, full batch in the paper. N = 64h + (L−1)h²
/// + 4h for L hidden layers (the paper: L = 4, h = 48, N = 10,176).
///
/// From `data`: the training lattices (`perLevel` at each of the 32 levels), then the fresh test
/// lattices made the same way (`testPerLevel`), then the 5-spin-inverted copies of the training
/// lattices (whose accuracy is the indicator `inverted_accuracy`). t_g comes from the fresh set.
public struct IsingTask: ModelTrainingTask {
    public var perLevel: Int
    public var testPerLevel: Int
    public var depth: Int
    public var invertedSpins: Int
    /// The paper's init: PyTorch's default uniform scaled by 7 ("the default scale gives no grokking").
    public static let defaultInitScale = 7.0

    public init(perLevel: Int = 125, testPerLevel: Int = 125, depth: Int = 4, invertedSpins: Int = 5) {
        self.perLevel = perLevel
        self.testPerLevel = testPerLevel
        self.depth = depth
        self.invertedSpins = invertedSpins
    }

    public var name: String { "ising" }
    public var hasSplit: Bool { true }
    public var summary: String {
        "2-D Ising 8×8 lattices in 4 energy classes, \(perLevel * 32) training and \(testPerLevel * 32) fresh test lattices (generator inferred), 64 → h ×\(depth) → 4 bias-free ReLU MLP, softmax(βz) cross-entropy"
    }

    public func parameterCount(width: Int) -> Int {
        DeepReLUClassifier.parameterCount(inputs: IsingLattices.sites, width: width, depth: depth, classes: IsingLattices.bins.count)
    }

    public func physicalRanges(width: Int) -> PhysicalRanges { PhysicalRanges(trainingCount: perLevel * 32, testCount: testPerLevel * 32) }

    public func validate(width: Int, setup: TrainingSetup) throws(TaskError) {
        guard width >= 1 else { throw TaskError("ising: width \(width); it must be at least 1") }
        guard perLevel >= 1, testPerLevel >= 1 else { throw TaskError("ising: ising_per_level and ising_test_per_level must be at least 1") }
        guard invertedSpins >= 1 && invertedSpins <= IsingLattices.sites else {
            throw TaskError("ising: ising_inverted_spins = \(invertedSpins); use 1 … 64 (the paper flips 5)")
        }
        try setup.requireFloat64(task: "ising")
    }

    public func makeModel(width: Int, setup: TrainingSetup, data: inout RandomStream) -> DeepReLUClassifier {
        func flattened(_ lattices: [[Double]]) -> [Double] { lattices.flatMap { $0 } }
        let train = IsingLattices.generate(perLevel: perLevel, stream: &data)
        let test = IsingLattices.generate(perLevel: testPerLevel, stream: &data)
        let inverted = IsingLattices.inverted(train.lattices, flips: invertedSpins, stream: &data)
        let label = { (e: Int) in IsingLattices.energyClass(e)! }
        return DeepReLUClassifier(
            inputs: IsingLattices.sites, width: width, depth: depth, classes: IsingLattices.bins.count, beta: setup.softmaxBeta,
            dropout: setup.dropout, initScale: setup.initScale ?? Self.defaultInitScale,
            train: (flattened(train.lattices), train.energies.map(label)), test: (flattened(test.lattices), test.energies.map(label)),
            extraTests: [(.invertedAccuracy, flattened(inverted.lattices), inverted.classes)])
    }
}
