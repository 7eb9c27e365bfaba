import GrokNumerics
import GrokTraining
import Testing

/// Central differences of a task model's mean loss, one coordinate at a time.
func finiteDifferenceGradient<M: TaskModel>(_ model: inout M, _ theta: [Double], step: Double = 1e-6) -> [Double] {
    (0..<theta.count).map { i in
        var plus = theta, minus = theta
        plus[i] += step
        minus[i] -= step
        let lp = model.evaluate(plus, batch: nil, gradient: nil).loss
        let lm = model.evaluate(minus, batch: nil, gradient: nil).loss
        return (lp - lm) / (2 * step)
    }
}

func analyticGradient<M: TaskModel>(_ model: inout M, _ theta: [Double], batch: ArraySlice<Int>? = nil) -> [Double] {
    var g = [Double](repeating: .nan, count: theta.count)
    _ = g.withUnsafeMutableBufferPointer { model.evaluate(theta, batch: batch, gradient: $0.baseAddress!) }
    return g
}

func expectClose(_ a: [Double], _ b: [Double], tolerance: Double, _ what: String) {
    #expect(a.count == b.count)
    let scale = max(1e-8, b.map(\.magnitude).max() ?? 0)
    let worst = zip(a, b).map { ($0 - $1).magnitude }.max() ?? 0
    #expect(worst <= tolerance * scale, "\(what): max |analytic − FD| = \(worst), scale \(scale)")
}

@Suite("Task models: analytic gradients agree with finite differences")
struct TaskGradientTests {
    func setup() -> TrainingSetup { TrainingSetup(epochs: 1, learningRate: 0.1, snapshotInterval: 1) }

    @Test("modadd (quadratic MLP, MSE on one-hot): gradient matches central differences")
    func modularAddition() {
        var data = RandomStream(seed: 1)
        var model = ModularAdditionTask(modulus: 5, trainingFraction: 0.6, initScale: 1.5).makeModel(width: 3, setup: setup(), data: &data)
        var initStream = RandomStream(seed: 2)
        let theta = model.initialParameters(stream: &initStream)
        #expect(theta.count == 3 * 5 * 3)
        expectClose(analyticGradient(&model, theta), finiteDifferenceGradient(&model, theta), tolerance: 1e-6, "modadd")
    }

    @Test("parity (ReLU MLP, hinge): gradient matches central differences away from kinks")
    func sparseParity() {
        var data = RandomStream(seed: 3)
        var model = SparseParityTask(bits: 6, relevant: 2, trainingCount: 40, testCount: 10).makeModel(width: 5, setup: setup(), data: &data)
        var initStream = RandomStream(seed: 4)
        let theta = model.initialParameters(stream: &initStream).map { $0 + 0.01 }  // biases off 0
        #expect(theta.count == (6 + 2) * 5 + 1)
        expectClose(analyticGradient(&model, theta), finiteDifferenceGradient(&model, theta, step: 1e-7), tolerance: 1e-5, "parity")
    }

    @Test("rule (ReLU MLP, hinge on CA configurations): gradient matches central differences")
    func cellularRule() {
        var data = RandomStream(seed: 5)
        var model = CellularRuleTask(rule: 110, cells: 5, trainingFraction: 0.5).makeModel(width: 4, setup: setup(), data: &data)
        var initStream = RandomStream(seed: 6)
        let theta = model.initialParameters(stream: &initStream).map { $0 + 0.013 }
        expectClose(analyticGradient(&model, theta), finiteDifferenceGradient(&model, theta, step: 1e-7), tolerance: 1e-5, "rule")
    }

    @Test("linear teacher–student (MSE): gradient matches central differences")
    func linearTeacher() {
        var data = RandomStream(seed: 7)
        var model = LinearTeacherTask(ratio: 0.5, testCount: 10).makeModel(width: 6, setup: setup(), data: &data)
        var initStream = RandomStream(seed: 8)
        let theta = model.initialParameters(stream: &initStream)
        expectClose(analyticGradient(&model, theta), finiteDifferenceGradient(&model, theta), tolerance: 1e-6, "linear")
    }

    @Test("a minibatch gradient is the gradient of that batch's mean loss")
    func minibatchGradient() {
        var data = RandomStream(seed: 9)
        var model = ModularAdditionTask(modulus: 5, trainingFraction: 0.6, initScale: 1.5).makeModel(width: 2, setup: setup(), data: &data)
        var initStream = RandomStream(seed: 10)
        let theta = model.initialParameters(stream: &initStream)
        let batch = [0, 3, 7][...]
        let g = analyticGradient(&model, theta, batch: batch)
        let fd = (0..<theta.count).map { i -> Double in
            var p = theta, m = theta
            p[i] += 1e-6; m[i] -= 1e-6
            return (model.evaluate(p, batch: batch, gradient: nil).loss - model.evaluate(m, batch: batch, gradient: nil).loss) / 2e-6
        }
        expectClose(g, fd, tolerance: 1e-6, "modadd minibatch")
    }

    @Test("rule labels follow Wolfram's numbering (rule 30: 111→0, 100→1, 001→1, 000→0)")
    func ruleLabels() {
        let task = CellularRuleTask(rule: 30, cells: 5, trainingFraction: 0.5)
        // site 0: left = cell 4, centre = cell 0, right = cell 1
        #expect(task.nextState(0b10011) == 0)  // 1,1,1
        #expect(task.nextState(0b10000) == 1)  // 1,0,0
        #expect(task.nextState(0b00010) == 1)  // 0,0,1
        #expect(task.nextState(0) == 0)
    }
}
