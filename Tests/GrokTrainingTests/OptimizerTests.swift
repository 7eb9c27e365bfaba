import GrokNumerics
import GrokTraining
import Testing

@Suite("Optimizers and regularizers: the documented update rules")
struct OptimizerTests {
    let theta = [0.5, -0.25, 2.0, -1.5]
    let g = [0.1, -0.3, 0.05, 0.2]

    func step(
        _ kind: OptimizerKind, _ r: Regularizer, _ lambda: Double, lr: Double, gradients: [[Double]],
        settings: OptimizerSettings = OptimizerSettings()
    ) -> [Double] {
        var o = Optimizer(kind: kind, settings: settings, regularizer: r, weightDecay: lambda, parameterCount: theta.count)
        var t = theta
        for gradient in gradients { var gg = gradient; o.step(&t, gradient: &gg, learningRate: lr) }
        return t
    }

    @Test("coupled l2 and l1: the GD step direction is the finite-difference gradient of loss + penalty")
    func penaltiesMatchFiniteDifferences() {
        // Loss L(θ) = Σ gᵢθᵢ (gradient g), so ∇(L + R) = g + ∇R; GD with lr ε moves by −ε∇.
        for r in [Regularizer.l2, .l1] {
            let lambda = 0.7, lr = 1e-3
            let moved = step(.gd, r, lambda, lr: lr, gradients: [g])
            let direction = zip(theta, moved).map { ($0 - $1) / lr }
            let fd = (0..<theta.count).map { i -> Double in
                var p = theta, m = theta
                p[i] += 1e-6; m[i] -= 1e-6
                let f = { (x: [Double]) in zip(g, x).map { $0 * $1 }.reduce(0, +) + r.penalty(x, strength: lambda) }
                return (f(p) - f(m)) / 2e-6
            }
            for (a, b) in zip(direction, fd) { #expect(abs(a - b) < 1e-6, "\(r): \(a) vs \(b)") }
        }
    }

    @Test("decoupled decay shrinks θ by (1 − lr·λ) before the step; none ignores λ")
    func decoupledDecay() {
        let moved = step(.gd, .decoupled, 2, lr: 0.1, gradients: [g])
        for i in theta.indices { #expect(moved[i] == theta[i] * (1 - 0.1 * 2) - 0.1 * g[i]) }
        #expect(step(.gd, .none, 5, lr: 0.1, gradients: [g]) == step(.gd, .none, 0, lr: 0.1, gradients: [g]))
    }

    @Test("SGD momentum: b₁ = g₁, b₂ = μ·b₁ + g₂ (PyTorch's heavy ball)")
    func momentum() {
        let g2 = [0.2, 0.1, -0.4, 0.0]
        let moved = step(.sgd, .none, 0, lr: 0.5, gradients: [g, g2], settings: OptimizerSettings(momentum: 0.9))
        for i in theta.indices {
            let b2 = 0.9 * g[i] + g2[i]
            #expect(moved[i] == (theta[i] - 0.5 * g[i]) - 0.5 * b2)
        }
    }

    @Test("Adam's first step is lr·g/(|g| + ε) after bias correction; AdamW decays first")
    func adam() {
        let s = OptimizerSettings(beta1: 0.9, beta2: 0.98, epsilon: 1e-8)
        let a = step(.adam, .none, 0, lr: 0.01, gradients: [g], settings: s)
        let w = step(.adamw, .decoupled, 1, lr: 0.01, gradients: [g], settings: s)
        for i in theta.indices {
            let m = (0.1 * g[i]) / (1 - 0.9), v = (0.02 * (g[i] * g[i])) / (1 - 0.98)
            let update = 0.01 * m / (v.squareRoot() + 1e-8)
            #expect(abs(a[i] - (theta[i] - update)) < 1e-15)
            #expect(abs(w[i] - (theta[i] * (1 - 0.01) - update)) < 1e-15)
        }
    }

    @Test("Adam four lanes at a time gives the scalar rule's bits: 13 parameters (three vectors and a tail), 50 steps, gradients of every scale")
    func adamVectorMatchesScalar() {
        let n = 13, settings = OptimizerSettings()
        var stream = RandomStream(seed: 9)
        var theta = (0..<n).map { _ in stream.nextGaussian() }
        var reference = theta, m = [Double](repeating: 0, count: n), v = m
        var o = Optimizer(kind: .adam, settings: settings, regularizer: .none, weightDecay: 0, parameterCount: n)
        var p1 = 1.0, p2 = 1.0
        for k in 0..<50 {
            // Magnitudes from 1e-12 to 1e6, some exactly zero: the quotients and roots cover many binades.
            var g = [Double](repeating: 0, count: n)
            for i in 0..<n where i % 5 != 0 {
                let binade: Double = Double((k + i) % 19 - 6) * 2.3
                g[i] = stream.nextGaussian() * Elementary.exp(binade)
            }
            p1 *= settings.beta1
            p2 *= settings.beta2
            for i in 0..<n {
                m[i] = settings.beta1 * m[i] + (1 - settings.beta1) * g[i]
                v[i] = settings.beta2 * v[i] + (1 - settings.beta2) * (g[i] * g[i])
                let mHat: Double = m[i] / (1 - p1), vHat: Double = v[i] / (1 - p2)
                reference[i] = reference[i] - 0.01 * mHat / (vHat.squareRoot() + settings.epsilon)
            }
            o.step(&theta, gradient: &g, learningRate: 0.01)
            #expect(theta.map(\.bitPattern) == reference.map(\.bitPattern), "step \(k)")
        }
    }

    @Test("minibatch training draws its batch order from the order stream and is repeatable")
    func minibatchDeterminism() {
        let task = SparseParityTask(bits: 8, relevant: 2, trainingCount: 64, testCount: 32)
        let setup = TrainingSetup(
            epochs: 5, learningRate: 0.1, snapshotInterval: 5, optimizer: .sgd, regularizer: .l2, weightDecay: 0.01, batchSize: 8)
        func streams(_ order: UInt64) -> TaskStreams {
            TaskStreams(initialization: RandomStream(seed: 1), data: RandomStream(seed: 2), order: RandomStream(seed: order))
        }
        let a = task.run(width: 6, setup: setup, streams: streams(3)), b = task.run(width: 6, setup: setup, streams: streams(3))
        let c = task.run(width: 6, setup: setup, streams: streams(4))
        #expect(a == b)
        #expect(a.gradients != c.gradients)
        #expect(a.snapshotEpochs == [0, 5] && a.testAccuracy?.count == 2)
    }
}
