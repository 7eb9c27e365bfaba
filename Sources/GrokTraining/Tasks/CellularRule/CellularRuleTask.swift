import GrokNumerics

/// `rule` (docs/tasks.md; inferred setup — Žunkovič & Ilievski's exact rules, ring and student are
/// not public): learn the next state of site 0 of a ring of L cells under elementary rule r
/// (Wolfram numbering: the new state of a cell with neighbourhood (left, centre, right) is bit
/// 4·left + 2·centre + right of r). Inputs are the 2ᴸ configurations as ±1 vectors, shuffled
/// by `data`, the first ⌊f·2ᴸ⌋ for training, the rest for test; label ±1. Model `HingeMLPModel`.
public struct CellularRuleTask: EnumeratedSplitTask {
    public var rule: Int
    public var cells: Int
    public var trainingFraction: Double

    public init(rule: Int = 30, cells: Int = 12, trainingFraction: Double = 0.25) {
        self.rule = rule
        self.cells = cells
        self.trainingFraction = trainingFraction
    }

    public var name: String { "rule" }
    public var itemCount: Int { 1 << cells }
    public var itemNoun: String { "configurations" }
    public var summary: String {
        "elementary CA rule \(rule), next state of one site of a ring of \(cells) cells, training fraction \(trainingFraction), \(cells) → h → 1 ReLU, hinge loss (inferred setup)"
    }
    public func parameterCount(width: Int) -> Int { (cells + 2) * width + 1 }

    public func validate(width: Int, setup: TrainingSetup) throws(TaskError) {
        guard (0...255).contains(rule) else { throw TaskError("rule: \(rule) is not an elementary rule (0 … 255)") }
        guard (3...20).contains(cells) else { throw TaskError("rule: a ring of \(cells) cells; use 3 … 20 (all 2^L configurations are enumerated)") }
        try validateSplit()
        guard width >= 1 else { throw TaskError("rule: width \(width); it must be at least 1") }
    }

    /// The next state of site 0 of configuration `c` (bit i = cell i).
    public func nextState(_ c: Int) -> Int {
        let left = (c >> (cells - 1)) & 1, centre = c & 1, right = (c >> 1) & 1
        return (rule >> (4 * left + 2 * centre + right)) & 1
    }

    public func makeModel(width: Int, setup: TrainingSetup, data: inout RandomStream) -> HingeMLPModel {
        let n = cells
        let configurations = split(&data)
        func encode(_ list: [Int]) -> ([Double], [Double]) {
            var x: [Double] = [], y: [Double] = []
            x.reserveCapacity(list.count * n)
            for c in list {
                for i in 0..<n { x.append((c >> i) & 1 == 1 ? 1 : -1) }
                y.append(nextState(c) == 1 ? 1 : -1)
            }
            return (x, y)
        }
        let (trainX, trainY) = encode(configurations.training)
        let (testX, testY) = encode(configurations.test)
        return HingeMLPModel(inputs: n, width: width, trainX: trainX, trainY: trainY, testX: testX, testY: testY, precision: setup.precision)
    }
}
