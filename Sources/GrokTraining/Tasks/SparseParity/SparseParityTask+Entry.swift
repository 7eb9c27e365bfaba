extension SparseParityTask {
    public static let entry = TaskEntry(
        name: "parity",
        knobs: [
            .integer("parity_bits", default: 40, min: 1, max: 4096, "parity: n, the string length."),
            .integer("parity_relevant", default: 3, min: 1, "parity: k, the number of relevant bits."),
            .integer("parity_train", default: 1000, min: 1, "parity: M, the number of training strings."),
            .testSize,
        ],
        properties: TaskProperties(
            loss: "hinge", accuracy: "sign of the output", testSets: ["fresh strings"],
            sourceFinding:
                "Barak et al. 2022: learning is abrupt, after ~n^O(k) steps; Merrill et al. 2023: (n, k) = (40, 3), M = 1,000, SGD with weight decay 0.01 learns it."
        ),
        make: { knobs, _ in
            SparseParityTask(
                bits: knobs.integer("parity_bits"), relevant: knobs.integer("parity_relevant"), trainingCount: knobs.integer("parity_train"),
                testCount: knobs.integer("test_size"))
        })
}

extension TaskKnob {
    /// Shared by parity and linear: both draw fresh test points.
    static let testSize = TaskKnob.integer("test_size", default: 2000, min: 1, "parity and linear: fresh test points.")
}

extension TaskKnobs {
    public var parityBits: Int {
        get { integer("parity_bits") }
        set { self["parity_bits"] = Double(newValue) }
    }
    public var parityRelevant: Int {
        get { integer("parity_relevant") }
        set { self["parity_relevant"] = Double(newValue) }
    }
    public var parityTraining: Int {
        get { integer("parity_train") }
        set { self["parity_train"] = Double(newValue) }
    }
    public var testCount: Int {
        get { integer("test_size") }
        set { self["test_size"] = Double(newValue) }
    }
}
