extension TeacherTask {
    /// Defaults: the paper's time-dependent setting (ε = −1.2, σ² = 0.05, σ_a² = 0.011, n/d = 4)
    /// shrunk from d = 150, n = 600 to d = 30, n = 120 for a CPU budget.
    public static let entry = TaskEntry(
        name: "teacher",
        knobs: [
            .integer("teacher_d", default: 30, min: 1, max: 4096, "teacher: d, the input dimension (the paper: 150)."),
            .integer("teacher_n", default: 120, min: 1, max: 1_000_000, "teacher: n, the training points (the paper: 600)."),
            .integer("teacher_test", default: 1000, min: 1, max: 1_000_000, "teacher: fresh test points."),
            .real("teacher_epsilon", default: -1.2, "finite", { _ in true }, "teacher: ε, the weight of the cubic term (the paper: −1.2)."),
            .real("teacher_temperature", default: 0.05, "positive", { $0 > 0 }, "teacher: σ², the Langevin temperature (the paper: 0.05)."),
            .real("teacher_sigma_w2", default: 0.5, "positive", { $0 > 0 }, "teacher: σ_w², the prior variance scale of the input weights."),
            .real("teacher_sigma_a2", default: 0.011, "positive", { $0 > 0 }, "teacher: σ_a², the prior variance scale of the read-out."),
            .real(
                "teacher_tolerance", default: 0.5, "positive", { $0 > 0 },
                "teacher: a prediction is correct when |f − y| < this × σ_y (our accuracy for this regression task)."),
        ],
        properties: TaskProperties(
            loss: "½(f − y)², Langevin dynamics with per-layer decay", accuracy: "share of points with |f − y| < tolerance · σ_y (our choice)",
            testSets: ["fresh Gaussian inputs"],
            sourceFinding:
                "Rubin, Seroussi & Ringel: grokking is a first-order transition; with d = 150, n = 600, ε = −1.2, σ² = 0.05 the test loss drops sharply at N = 700 only (u ≈ 15), and after it neurons sit at Φ ≈ ±1 beside Φ ≈ 0 (the mixed phase)."
        ),
        make: { knobs, _ in
            TeacherTask(
                dimension: knobs.integer("teacher_d"), trainingCount: knobs.integer("teacher_n"), testCount: knobs.integer("teacher_test"),
                epsilon: knobs["teacher_epsilon"], temperature: knobs["teacher_temperature"], sigmaW2: knobs["teacher_sigma_w2"],
                sigmaA2: knobs["teacher_sigma_a2"], tolerance: knobs["teacher_tolerance"])
        })
}
