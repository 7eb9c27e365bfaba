extension XORTask {
    /// XOR declares no knobs: its width, activation and init come from `[training]`.
    public static let entry = TaskEntry(
        name: "xor",
        properties: TaskProperties(loss: "sigmoid + binary cross-entropy", accuracy: "sign of the output on the 4 points", testSets: []),
        make: { _, activation in XORTask(activation: activation) })
}
