extension CellularRuleTask {
    /// Our MLP reading of Žunkovič & Ilievski's rule learning (their student is a tensor network
    /// and their ring and rules are not public): the report marks it "inferred setup".
    public static let entry = TaskEntry(
        name: "rule",
        knobs: [
            .integer("rule", default: 30, min: 0, max: 255, "rule: the elementary CA rule (Wolfram number)."),
            .integer("rule_cells", default: 12, min: 3, max: 20, "rule: L, the ring size (all 2^L configurations)."),
            .real(
                "rule_train_fraction", default: 0.25, "in (0, 1)", { $0 > 0 && $0 < 1 }, "rule: share of the configurations used for training."),
        ],
        properties: TaskProperties(
            inferredSetup: true, loss: "hinge", accuracy: "sign of the output", testSets: ["the held-out configurations"],
            sourceFinding:
                "Žunkovič & Ilievski (tensor-network student): ℓ1 gives a higher grokking probability, shorter grokking times and a smaller latent effective dimension than ℓ2."
        ),
        make: { knobs, _ in
            CellularRuleTask(rule: knobs.integer("rule"), cells: knobs.integer("rule_cells"), trainingFraction: knobs["rule_train_fraction"])
        })
}
