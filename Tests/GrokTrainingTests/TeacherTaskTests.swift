import GrokNumerics
import GrokTraining
import Testing

/// The `teacher` task: erf to double precision, the erf student's gradient, the teacher's
/// labels, the overlap order parameter and Langevin noise from the run's noise stream.
@Suite("teacher: erf, the erf student, the cubic teacher and Langevin dynamics")
struct TeacherTaskTests {
    @Test(
        "erf agrees with tabulated values to 1e-13 (the series loses ~3 digits to cancellation near 3) on both sides of the series/continued-fraction switch, and is odd"
    )
    func errorFunction() {
        let table: [(Double, Double)] = [
            (0.1, 0.1124629160182849), (0.5, 0.5204998778130465), (1, 0.8427007929497149), (2, 0.9953222650189527),
            (2.9, 0.9999589021219005), (3, 0.9999779095030014), (3.1, 0.9999883513426328), (3.5, 0.9999992569016276), (5, 0.9999999999984626),
        ]
        for (z, value) in table {
            #expect(abs(ErrorFunction.erf(z) - value) < 1e-13, "erf(\(z)) = \(ErrorFunction.erf(z)), expected \(value)")
            #expect(ErrorFunction.erf(-z) == -ErrorFunction.erf(z))
        }
        #expect(ErrorFunction.erf(0) == 0)
        let h = 1e-6
        for z in [0.3, 1.7, 3.2] {
            let numeric = (ErrorFunction.erf(z + h) - ErrorFunction.erf(z - h)) / (2 * h)
            #expect(abs(numeric - ErrorFunction.derivative(z)) < 1e-8)
        }
    }

    @Test("the teacher's label is p + ε(p³ − 3p), and u = n²σ_a²/(σ⁴dN) halves when N doubles")
    func teacherLabel() {
        let task = TeacherTask(epsilon: -1.2)
        #expect(task.label(2) == 2 + -1.2 * (8 - 6))
        #expect(abs(task.controlParameter(width: 100) - 2 * task.controlParameter(width: 200)) < 1e-12)
        let paper = TeacherTask(dimension: 150, trainingCount: 600, temperature: 0.05, sigmaA2: 0.011)
        #expect(abs(paper.controlParameter(width: 700) - 15.09) < 0.01, "the paper's time-dependent runs at N = 700")
    }

    @Test("erf student: gradient matches central differences; overlaps are wᵢ·w* with |w*| = 1")
    func gradient() {
        var data = RandomStream(seed: 21)
        let task = TeacherTask(dimension: 6, trainingCount: 15, testCount: 5)
        var model = task.makeModel(width: 4, data: &data)
        #expect(model.parameterCount == 4 * 7 && task.parameterCount(width: 4) == 28)
        var initStream = RandomStream(seed: 22)
        let theta = model.initialParameters(stream: &initStream).map { $0 * 3 }
        expectClose(analyticGradient(&model, theta), finiteDifferenceGradient(&model, theta, step: 1e-6), tolerance: 1e-6, "teacher")
        #expect(abs(model.teacher.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12)
        var aligned = theta
        for j in 0..<6 { aligned[j] = model.teacher[j] }  // neuron 0 is the teacher direction
        #expect(abs(model.overlaps(aligned)[0] - 1) < 1e-12)
    }

    @Test(
        "Φ histogram: planted overlaps land in their |Φ| bins, the sign does not matter, the shares sum to 1, and > 0.5 agrees with teacher_overlap")
    func overlapHistogram() {
        // Bin edges 0, 0.25, 0.5, 0.75, 1, 1.25: the lower edge belongs to its bin.
        let planted = [0.0, -0.1, 0.25, -0.3, 0.5, 0.8, -0.99, 1.0, -1.2, 1.25, 7]
        let shares = IndicatorName.teacherPhiHistogram(planted)
        #expect(shares.map { Int(($0 * 11).rounded()) } == [2, 2, 1, 2, 2, 2])
        #expect(abs(shares.reduce(0, +) - 1) < 1e-12)
        #expect(IndicatorName.teacherPhiHistogram([]) == [0, 0, 0, 0, 0, 0])
        #expect(IndicatorName.teacherPhi1.phiBinText == "[0.25, 0.50)" && IndicatorName.teacherPhi5.phiBinText == "[1.25, ∞)")
        // Through the model: neuron i is set to Φᵢ · w*, so its overlap is exactly the planted one.
        var data = RandomStream(seed: 5)
        let task = TeacherTask(dimension: 4, trainingCount: 6, testCount: 3)
        var model = task.makeModel(width: 5, data: &data)
        let phis = [0.1, -0.6, 0.9, 1.1, -2.0]
        var theta = [Double](repeating: 0.3, count: model.parameterCount)
        for (i, phi) in phis.enumerated() { for j in 0..<4 { theta[i * 4 + j] = phi * model.teacher[j] } }
        let indicators = Dictionary(uniqueKeysWithValues: (model.inspect(theta)?.taskIndicators ?? []).map { ($0.name, $0.value) })
        #expect(IndicatorName.teacherPhiBins.map { indicators[$0] ?? -1 } == [0.2, 0, 0.2, 0.2, 0.2, 0.2])
        #expect(indicators[.teacherOverlap] == 0.8)
    }

    @Test("Langevin: the same streams give the same run, another noise stream another run, and the snapshot gradient is the data term's")
    func langevinDeterminism() {
        let task = TeacherTask(dimension: 5, trainingCount: 20, testCount: 10)
        let setup = TrainingSetup(epochs: 20, learningRate: 1e-3, snapshotInterval: 10, onsetAccuracy: 0.9)
        func run(_ noise: UInt64) -> TrainingRun {
            task.run(
                width: 3, setup: setup,
                streams: TaskStreams(
                    initialization: RandomStream(seed: 1), data: RandomStream(seed: 2), order: RandomStream(seed: 3), noise: RandomStream(seed: noise)
                ))
        }
        let a = run(7), b = run(7), c = run(8)
        #expect(a.gradients == b.gradients && a.loss == b.loss)
        #expect(a.gradients.last != c.gradients.last)
        #expect(a.gradients.first == c.gradients.first, "epoch 0 comes before any noise")
        #expect(throws: TaskError.self) {
            try task.validate(width: 3, setup: TrainingSetup(epochs: 1, learningRate: 1, snapshotInterval: 1, optimizer: .adam))
        }
    }
}
