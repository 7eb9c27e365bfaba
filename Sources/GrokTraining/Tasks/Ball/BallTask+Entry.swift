extension BallTask {
    public static let entry = TaskEntry(
        name: "ball",
        knobs: [
            .real("ball_epsilon", default: 0.3, "positive", { $0 > 0 }, "ball: ε, the half-gap between the two classes (tan of the critical angle)."),
            .real("ball_target", default: 1, "positive", { $0 > 0 }, "ball: a, the teacher's score scale (the minimum is a e₁/(1 + λ))."),
            .real("ball_init_radius", default: 1, "positive", { $0 > 0 }, "ball: ρ, the radius of the ball the initial weights are uniform in."),
            .integer("ball_train", default: 50, min: 1, max: 1_000_000, "ball: training points (they set training accuracy only)."),
        ],
        properties: TaskProperties(
            inferredSetup: true, loss: "½‖w − a e₁‖², the population squared loss on whitened inputs",
            accuracy: "training: sign(w·x) on the training points; test: 1 when the whole distribution is classified correctly, else 0",
            testSets: ["the whole distribution (exact)"],
            sourceFinding:
                "Our solvable model after Žunkovič & Ilievski's ball: its exact P(grok) and median t_g are printed per width below; the paper's own formulas (critical exponent (D + 1)/2) are not reproduced here."
        ),
        make: { knobs, _ in
            BallTask(
                epsilon: knobs["ball_epsilon"], target: knobs["ball_target"], initRadius: knobs["ball_init_radius"],
                trainingCount: knobs.integer("ball_train"))
        })
}
