import GrokNumerics

/// Langevin dynamics with per-layer weight decay (Rubin, Seroussi & Ringel): each epoch is one step
/// θ ← θ − η (∇L + γ ∘ θ) + √(2ησ²) ξ, with L = ½ Σ_μ (f(x_μ) − y_μ)² summed over the training
/// set, γ = γ_w on the first-layer weights and γ_a on the read-out, and ξ standard normal from the
/// run's noise stream (one draw per parameter per step, in parameter order). The recording is
/// ``RunRecording``, shared with `SupervisedTraining`: at a snapshot the gradient of the mean training loss (the data term
/// alone: no prior, no noise), the loss, both accuracies, Gini(|θ|) and the indicators.
public enum LangevinTraining {
    public struct Schedule: Sendable {
        public var temperature: Double
        /// Per-parameter decay γ (length N).
        public var decay: [Double]
    }

    public static func run<Model: TaskModel>(_ model: inout Model, setup: TrainingSetup, schedule: Schedule, streams: TaskStreams) -> TrainingRun {
        var initStream = streams.initialization, noise = streams.noise
        var theta = model.initialParameters(stream: &initStream)
        let n = model.parameterCount, examples = Double(model.trainingCount)
        precondition(theta.count == n && schedule.decay.count == n)
        let eta = setup.learningRate, kick = (2 * eta * schedule.temperature).squareRoot()
        var gradient = [Double](repeating: 0, count: n)
        var recording = RunRecording(model, setup: setup, streams: streams)
        for epoch in 0...setup.epochs {
            let evaluation = gradient.withUnsafeMutableBufferPointer { model.evaluate(theta, batch: nil, gradient: $0.baseAddress!) }
            recording.observe(
                &model, epoch: epoch, theta: theta, evaluation: evaluation, gradient: gradient, isSnapshot: epoch % setup.snapshotInterval == 0)
            guard epoch < setup.epochs else { break }
            for j in 0..<n {
                theta[j] -= eta * (examples * gradient[j] + schedule.decay[j] * theta[j])
                theta[j] += kick * noise.nextGaussian()
            }
        }
        return recording.run(setup: setup)
    }
}
