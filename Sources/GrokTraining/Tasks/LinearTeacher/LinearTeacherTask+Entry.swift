extension LinearTeacherTask {
    public static let entry = TaskEntry(
        name: "linear",
        knobs: [
            .testSize,
            .real("linear_ratio", default: 0.5, "positive", { $0 > 0 }, "linear: λ = d / N_train (the width is d)."),
        ],
        properties: TaskProperties(
            loss: "MSE against the teacher's output", accuracy: "sign agreement with the teacher", testSets: ["fresh Gaussian points"],
            sourceFinding:
                "Levi, Beck & Bar-Sinai 2023: the sharp rise of test accuracy is an artefact of the accuracy measure; the grokking time is set mainly by λ = d/N_train."
        ),
        make: { knobs, _ in LinearTeacherTask(ratio: knobs["linear_ratio"], testCount: knobs.integer("test_size")) })
}
