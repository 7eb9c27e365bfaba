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

/// The float32 layers: the analytic gradient is the loss's gradient up to float32 rounding, and
/// the float32 run stays close to the float64 one (the relative difference of the first
/// snapshot's gradient is float32's precision, not a different model).
@Suite("Float32 task models: gradients agree with finite differences of the float64 loss")
struct Float32GradientTests {
    func setup() -> TrainingSetup { TrainingSetup(epochs: 1, learningRate: 0.1, snapshotInterval: 1, precision: .float32) }

    func check<T: ModelTrainingTask>(_ task: T, width: Int, offset: Double, _ what: String) {
        var data = RandomStream(seed: 9)
        var model32 = task.makeModel(width: width, setup: setup(), data: &data)
        data = RandomStream(seed: 9)
        var double = setup()
        double.precision = .float64
        var model64 = task.makeModel(width: width, setup: double, data: &data)
        var initStream = RandomStream(seed: 10)
        let theta = model64.initialParameters(stream: &initStream).map { $0 + offset }
        let reference = finiteDifferenceGradient(&model64, theta)
        expectClose(analyticGradient(&model32, theta), reference, tolerance: 1e-5, what)
        let l32 = model32.evaluate(theta, batch: nil, gradient: nil).loss, l64 = model64.evaluate(theta, batch: nil, gradient: nil).loss
        #expect(abs(l32 - l64) <= 1e-6 * max(1, abs(l64)), "\(what): loss \(l32) in float32, \(l64) in float64")
    }

    @Test("modadd, parity and rule in float32")
    func tasks() {
        check(ModularAdditionTask(modulus: 7, trainingFraction: 0.6, initScale: 1.5), width: 40, offset: 0, "modadd")
        check(SparseParityTask(bits: 9, relevant: 2, trainingCount: 70, testCount: 10), width: 37, offset: 0.01, "parity")
        check(CellularRuleTask(rule: 110, cells: 6, trainingFraction: 0.5), width: 19, offset: 0.013, "rule")
    }

    @Test("xor and linear refuse float32 with a message that names the knob")
    func refusals() {
        for task in [XORTask() as any TrainingTask, LinearTeacherTask()] {
            #expect(throws: TaskError.self) { try task.validate(width: 8, setup: setup()) }
            do { try task.validate(width: 8, setup: setup()) } catch { #expect(error.message.contains("training.precision"), "\(error)") }
        }
    }
}
