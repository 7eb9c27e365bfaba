extension IsingTask {
    public static let entry = TaskEntry(
        name: "ising",
        knobs: [
            .integer(
                "ising_per_level", default: 125, min: 1, max: 10_000,
                "ising: training lattices per energy level (32 levels; the paper's 1,000 per class is 125)."),
            .integer("ising_test_per_level", default: 125, min: 1, max: 10_000, "ising: fresh test lattices per energy level."),
            .integer("ising_depth", default: 4, min: 1, max: 16, "ising: hidden layers of the bias-free ReLU MLP (the paper: 4)."),
            .integer("ising_inverted_spins", default: 5, min: 1, max: 64, "ising: spins flipped in the inverted test set (the paper: 5)."),
        ],
        properties: TaskProperties(
            inferredSetup: true, loss: "cross-entropy of softmax(β z)", accuracy: "argmax over the 4 energy classes",
            testSets: ["fresh lattices", "5-spin-inverted training lattices (indicator inverted_accuracy)"],
            axes: [.dropout, .softmaxBeta, .initScale],
            sourceFinding:
                "Hutchison & Yevick (4,000 lattices, h = 48): overfit until ~10,000 epochs, grokking at 10,000–17,000; final test accuracy ≈ 0.83 fresh / 0.79 inverted (≈ 0.55 / 0.46 without weight decay); the delay shrinks with larger λ and smaller β, and dropout 0.04 removes it; the gradient PCA dimension rises during grokking."
        ),
        make: { knobs, _ in
            IsingTask(
                perLevel: knobs.integer("ising_per_level"), testPerLevel: knobs.integer("ising_test_per_level"), depth: knobs.integer("ising_depth"),
                invertedSpins: knobs.integer("ising_inverted_spins"))
        })
}
