import Foundation
import GrokNumerics
import GrokTraining
import Testing

/// A regular quadratic loss L(w) = ½ Σ (w_i − 1)² (the same for every one of n samples): its
/// learning coefficient is d/2 everywhere, the known answer of the LLC estimator.
private func quadraticLoss(_ w: [Double], _ g: UnsafeMutablePointer<Double>) -> Double {
    var loss = 0.0
    for (i, x) in w.enumerated() {
        g[i] = x - 1
        loss += 0.5 * (x - 1) * (x - 1)
    }
    return loss
}

@Suite("Indicators: known answers and no effect on training")
struct IndicatorTests {
    @Test("Jacobi eigenvalues: [[2, 1], [1, 2]] has 3 and 1; a diagonal matrix its diagonal, descending")
    func eigenvalues() {
        let e = SymmetricEigenvalues.compute([2, 1, 1, 2], n: 2)
        #expect(abs(e[0] - 3) < 1e-12 && abs(e[1] - 1) < 1e-12)
        #expect(SymmetricEigenvalues.compute([1, 0, 0, 0, 5, 0, 0, 0, 3], n: 3) == [5, 3, 1])
    }

    @Test("the gradient PCA dimension of planted rank-3 gradients (equal variance) is 3; D_eff of k equal directions is k")
    func plantedLowRank() {
        var s = RandomStream(seed: 4)
        let d = 50
        let basis = (0..<3).map { _ in (0..<d).map { _ in s.nextGaussian() } }
        // Orthonormalise so the three directions carry equal variance.
        var q: [[Double]] = []
        for var v in basis {
            for u in q {
                let dot = zip(v, u).reduce(0) { $0 + $1.0 * $1.1 }
                v = zip(v, u).map { $0 - dot * $1 }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            q.append(v.map { $0 / norm })
        }
        // Rows ±e_k on each direction: the scatter is exactly diagonal in that basis.
        var rows: [[Double]] = []
        for k in 0..<3 { for sign in [1.0, -1.0] { rows.append(q[k].map { $0 * sign }) } }
        let spectrum = SpectralDimensions.spectrum(rows)
        #expect(SpectralDimensions.componentsFor(share: 0.9, spectrum: spectrum) == 3)
        #expect(abs(SpectralDimensions.entropyDimension(spectrum: spectrum) - 3) < 1e-9)
        #expect(SpectralDimensions.componentsFor(share: 0.6, spectrum: spectrum) == 2)
    }

    @Test("the LLC of a regular quadratic loss in d = 6 is d/2 = 3 (within 10%)")
    func llcQuadratic() throws {
        var stream = RandomStream(seed: 9)
        let center = [Double](repeating: 1, count: 6)
        // n = 10,000: nβ ≈ 1086 ≫ γ = 1, so the localisation biases λ̂ by < 0.1%.
        let llc = try #require(
            LocalLearningCoefficient.estimate(
                center: center, centerLoss: 0, sampleCount: 10_000, steps: 40_000, stepSize: 1e-5, localization: 1, stream: &stream,
                evaluate: quadraticLoss))
        #expect(abs(llc - 3) < 0.3, "λ̂ = \(llc)")
    }

    @Test("a chain that leaves the finite numbers gives no LLC rather than a number")
    func llcDiverges() {
        var stream = RandomStream(seed: 1)
        let llc = LocalLearningCoefficient.estimate(
            center: [0], centerLoss: 0, sampleCount: 100, steps: 50, stepSize: 1, localization: 0, stream: &stream
        ) { w, g in
            g[0] = 1e308 * (w[0] + 1)
            return .infinity
        }
        #expect(llc == nil)
    }

    @Test("the margin of scores [0, 0] is 0; of [ln 3, 0] is 3/4 − 1/4")
    func margin() {
        #expect(IndicatorRecorder.meanMargin([[0, 0]]) == 0)
        #expect(abs(IndicatorRecorder.meanMargin([[Elementary.log(3), 0, -.infinity]]) - 0.5) < 1e-12)
    }

    @Test("recording indicators changes no number of the training run, and the series have one value per snapshot")
    func noEffectOnTraining() {
        let task = ModularAdditionTask(modulus: 7, trainingFraction: 0.5)
        func run(_ indicators: IndicatorSettings?) -> TrainingRun {
            let setup = TrainingSetup(
                epochs: 30, learningRate: 1e-2, snapshotInterval: 10, optimizer: .adamw, regularizer: .decoupled, weightDecay: 1,
                indicators: indicators)
            let streams = TaskStreams(
                initialization: RandomStream(seed: 1), data: RandomStream(seed: 2), order: RandomStream(seed: 3), indicators: RandomStream(seed: 4))
            return task.run(width: 6, setup: setup, streams: streams)
        }
        let plain = run(nil)
        let recorded = run(IndicatorSettings(llcSteps: 8, pcaSamples: 8))
        #expect(plain.gradients == recorded.gradients && plain.loss == recorded.loss && plain.onsetEpoch == recorded.onsetEpoch)
        #expect(plain.indicators == nil)
        let names = recorded.indicators?.map(\.name) ?? []
        // modadd records every indicator but the ising and teacher ones.
        let others: Set<IndicatorName> = Set([.invertedAccuracy, .teacherOverlap] + IndicatorName.teacherPhiBins)
        #expect(names == IndicatorName.allCases.filter { !others.contains($0) }.map(\.rawValue))
        #expect(recorded.indicators?.allSatisfy { $0.values.count == 4 } == true)
        // Deterministic: the same streams give the same series.
        #expect(run(IndicatorSettings(llcSteps: 8, pcaSamples: 8)).indicators == recorded.indicators)
    }

    @Test("the XOR legacy kernel records the θ indicators without changing its bytes")
    func xorLegacy() {
        let setup = TrainingSetup(epochs: 20, learningRate: 0.1, snapshotInterval: 5, indicators: IndicatorSettings(llcSteps: 4, pcaSamples: 4))
        var plainSetup = setup
        plainSetup.indicators = nil
        let streams = TaskStreams(initialization: RandomStream(seed: 1), data: RandomStream(seed: 2), order: RandomStream(seed: 3))
        let a = XORTask().run(width: 5, setup: plainSetup, streams: streams)
        let b = XORTask().run(width: 5, setup: setup, streams: streams)
        #expect(a.gradients == b.gradients && a.loss == b.loss && a.gini == b.gini)
        let norm = b.indicators?.first { $0.name == "weight_norm_sq" }
        #expect(norm?.values.count == 5)
    }
}

@Suite("Modular Fourier measures: deterministic trigonometry, key frequencies, restricted and excluded losses")
struct ModularFourierTests {
    @Test("cos and sin of m/p turns agree with libm to 2e-16 and obey the circle's symmetries exactly")
    func trigonometry() {
        for p in [1, 2, 3, 7, 47, 113] {
            for m in -p...(2 * p) {
                let (c, s) = TurnTrigonometry.cosSin(m, of: p)
                let x = 2 * Double.pi * Double(m) / Double(p)
                #expect(abs(c - cos(x)) < 2e-15 && abs(s - sin(x)) < 2e-15, "m = \(m), p = \(p)")
                #expect(TurnTrigonometry.cosSin(p - m, of: p).sin == -s)
            }
        }
    }

    @Test("an embedding on one frequency puts its power there: key frequency 3, Gini (K − 1)/K")
    func singleFrequency() {
        let p = 11
        let rows = (0..<p).map { a in [TurnTrigonometry.cosSin(3 * a, of: p).cos, 0.5 * TurnTrigonometry.cosSin(3 * a, of: p).sin] }
        let power = ModularFourier.embeddingPower(rows, p: p)
        #expect(power.count == 5)
        #expect(ModularFourier.keyFrequencies(power, count: 1) == [3])
        #expect(abs(XORTraining.gini(power) - 4.0 / 5) < 1e-12)
    }

    @Test("perfect logits: every frequency kept restricts to loss 0; none kept excludes nothing (loss 0)")
    func perfectLogits() {
        let p = 7
        let logits = (0..<(p * p)).map { k in (0..<p).map { c in c == (k / p + k % p) % p ? 1.0 : 0 } }
        let pairs = Array(0..<(p * p))
        let all = ModularFourier.restrictedAndExcluded(logits: logits, p: p, keys: [1, 2, 3], pairs: pairs)
        #expect(all.restricted < 1e-28)
        // Without the key frequencies only the constant 1/p is left of a one-hot.
        let expected = (Double(p - 1) / Double(p * p) + (1 - 1 / Double(p)) * (1 - 1 / Double(p))) / Double(p)
        #expect(abs(all.excluded - expected) < 1e-14)
        let none = ModularFourier.restrictedAndExcluded(logits: logits, p: p, keys: [], pairs: pairs)
        #expect(none.excluded == 0 && abs(none.restricted - expected) < 1e-14)
    }
}
