extension ModularAdditionTask {
    public static let entry = TaskEntry(
        name: "modadd",
        knobs: [
            .integer("modadd_p", default: 47, min: 2, max: 1000, "modadd: the modulus p (N = 3ph)."),
            .real("modadd_train_fraction", default: 0.8, "in (0, 1)", { $0 > 0 && $0 < 1 }, "modadd: share of the p² pairs used for training."),
            .real(
                "modadd_init_scale", default: 0.5, "positive", { $0 > 0 },
                "modadd: weights start N(0, (scale/(2h)^(1/3))²); 0.5 is Doshi et al.'s."),
        ],
        properties: TaskProperties(
            loss: "MSE against one-hot targets", accuracy: "argmax over the p classes", testSets: ["the held-out pairs"],
            sourceFinding:
                "Gromov 2023; Doshi et al.: full-batch AdamW (lr 1e-2, weight decay 5–20) groks (a + b) mod p at training fraction 0.8 within 2,000 epochs."
        ),
        make: { knobs, _ in
            ModularAdditionTask(
                modulus: knobs.integer("modadd_p"), trainingFraction: knobs["modadd_train_fraction"], initScale: knobs["modadd_init_scale"])
        })
}

extension TaskKnobs {
    public var modaddModulus: Int {
        get { integer("modadd_p") }
        set { self["modadd_p"] = Double(newValue) }
    }
    public var modaddTrainingFraction: Double {
        get { self["modadd_train_fraction"] }
        set { self["modadd_train_fraction"] = newValue }
    }
    public var modaddInitScale: Double {
        get { self["modadd_init_scale"] }
        set { self["modadd_init_scale"] = newValue }
    }
}
