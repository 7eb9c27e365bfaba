import GrokNumerics
import GrokTraining
import Testing

@Suite("Backpropagation and the gradient-descent step")
struct GradientTests {
    private func randomParameters(_ h: Int, std: Double, seed: UInt64) -> [Double] {
        var rng = RandomStream(seed: seed)
        return (0..<(4 * h + 1)).map { _ in rng.nextGaussian() * std }
    }

    @Test(
        "the backpropagated gradient matches central finite differences of the loss",
        arguments: [(Activation.tanh, 1), (.tanh, 3), (.tanh, 7), (.tanh, 20), (.relu, 5), (.relu, 20)])
    func finiteDifferences(activation: Activation, h: Int) {
        let model = XORModel(hiddenWidth: h, activation: activation)
        for seed: UInt64 in [1, 2] {
            let theta = randomParameters(h, std: 0.8, seed: seed &+ UInt64(h))
            let g = model.gradient(parameters: theta)
            #expect(g.count == 4 * h + 1)
            let scale = max(g.map(\.magnitude).max()!, 1e-3)
            let eps = 1e-6
            for i in 0..<theta.count {
                var plus = theta, minus = theta
                plus[i] += eps
                minus[i] -= eps
                let numeric = (model.loss(parameters: plus) - model.loss(parameters: minus)) / (2 * eps)
                #expect(abs(numeric - g[i]) < 1e-6 * scale, "∂L/∂θ[\(i)] h=\(h) \(activation)")
            }
        }
    }

    @Test("the loss is the mean BCE of sigmoid(z2) over the 4 points")
    func lossDefinition() {
        let model = XORModel(hiddenWidth: 4)
        let theta = randomParameters(4, std: 0.7, seed: 9)
        let p = model.probabilities(parameters: theta)
        var expected = 0.0
        for (n, y) in XORModel.targets.enumerated() {
            expected -= y == 1 ? Elementary.log(p[n]) : Elementary.log(1 - p[n])
        }
        #expect(abs(model.loss(parameters: theta) - expected / 4) < 1e-12)
    }

    @Test("the canonical order puts unit j's two input weights together, then b1, w2, b2")
    func canonicalOrder() {
        // h = 2, only unit 1's weight from input 0 (θ[2]) and w2_1 (θ[7]) set:
        // z2 = w2_1·tanh(w_{1,0}·x0), so only the points with x0 = 1 see it.
        var theta = [Double](repeating: 0, count: 9)
        theta[2] = 0.5
        theta[7] = 2
        let z = XORModel(hiddenWidth: 2).logits(parameters: theta)
        let t = Elementary.tanh(0.5) * 2
        #expect(z == [0, 0, t, t])
        theta[8] = 1  // b2 shifts every logit
        #expect(XORModel(hiddenWidth: 2).logits(parameters: theta) == [1, 1, t + 1, t + 1])
        theta[4] = 0.25  // b1_0 with w2_0 = 0 changes nothing
        #expect(XORModel(hiddenWidth: 2).logits(parameters: theta) == [1, 1, t + 1, t + 1])
    }

    @Test("the initial weights are drawn W1 then w2 in canonical order, biases zero")
    func initOrder() {
        var stream = RandomStream(seed: 5)
        let theta = XORModel.initialParameters(hiddenWidth: 3, initStd: 0.1, stream: &stream)
        var reference = RandomStream(seed: 5)
        let draws = (0..<9).map { _ in reference.nextGaussian() * 0.1 }
        #expect(Array(theta[0..<6]) == Array(draws[0..<6]))
        #expect(Array(theta[6..<9]) == [0, 0, 0])
        #expect(Array(theta[9..<12]) == Array(draws[6..<9]))
        #expect(theta[12] == 0)
    }

    @Test(
        "a run is plain gradient descent: snapshot e holds the raw gradient after e updates θ ← θ − lr·g",
        arguments: [Activation.tanh, .relu])
    func runIsGradientDescent(activation: Activation) {
        let h = 7
        let config = TrainingConfig(
            hiddenWidth: h, epochs: 30, learningRate: 0.3, initStd: 0.5,
            snapshotInterval: 1, activation: activation)
        let stream = RandomStream(baseSeed: 0, labels: ["gd", 1])
        let run = XORTraining.run(config, initStream: stream)
        var s = stream
        var theta = XORModel.initialParameters(hiddenWidth: h, initStd: 0.5, stream: &s)
        let model = XORModel(hiddenWidth: h, activation: activation)
        #expect(run.gradients.count == 31)
        for e in 0...30 {
            let g = model.gradient(parameters: theta)
            #expect(run.gradients[e] == g, "gradient at epoch \(e)")
            #expect(run.loss[e] == model.loss(parameters: theta), "loss at epoch \(e)")
            #expect(run.gini[e] == XORTraining.gini(theta.map(\.magnitude)), "Gini at epoch \(e)")
            let correct = zip(model.probabilities(parameters: theta), XORModel.targets)
                .filter { ($0 > 0.5) == ($1 == 1) }.count
            #expect(run.accuracy[e] == Double(correct) / 4)
            for i in theta.indices { theta[i] -= 0.3 * g[i] }
        }
    }

    @Test("a 0-epoch run evaluates the initial network once and does not update it")
    func zeroEpochs() {
        let config = TrainingConfig(hiddenWidth: 5, epochs: 0)
        let stream = RandomStream(seed: 77)
        let run = XORTraining.run(config, initStream: stream)
        var s = stream
        let theta = XORModel.initialParameters(hiddenWidth: 5, initStd: 0.1, stream: &s)
        #expect(run.snapshotEpochs == [0])
        #expect(run.gradients == [XORModel(hiddenWidth: 5).gradient(parameters: theta)])
    }
}
