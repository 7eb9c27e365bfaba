import Foundation
import GrokAnalysis
import GrokNumerics
import GrokTraining
import Testing

/// The ball model's exact onset distribution against the timing machinery: thousands of seeds,
/// then the Wilson interval of P(grok), the Kaplan–Meier median and the whole Kaplan–Meier curve
/// must agree with the closed form within their sampling error (docs/seeds.md derives it).
@Suite("ball: the timing statistics against the exact answer")
struct BallKnownAnswerTests {
    /// P(t_g ≤ K) for w₀ uniform in the ρ-ball: P(r − εc ≤ B), B = εm(q^(−K) − 1), with c = w₀₁ and
    /// r = ‖w₀⊥‖. In unit-ball coordinates c has density ∝ (1 − c²)^((D−1)/2) and, given c, r has
    /// CDF (r/√(1 − c²))^(D−1); the c integral by Simpson's rule on 100,000 intervals.
    static func exactCDF(_ k: Int, dimension d: Int, epsilon: Double, target m: Double, radius rho: Double, q: Double) -> Double {
        let b = epsilon * m * (1 / pow(q, Double(k)) - 1) / rho
        let intervals = 100_000, h = 2.0 / Double(intervals)
        var mass = 0.0, hit = 0.0
        for i in 0...intervals {
            let c = -1 + Double(i) * h
            let weight = (i == 0 || i == intervals) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
            let radius = (1 - c * c).squareRoot()
            let density = pow(radius, Double(d - 1))
            let reach = radius > 0 ? min(1, max(0, (b + epsilon * c) / radius)) : (b + epsilon * c >= 0 ? 1 : 0)
            mass += weight * density
            hit += weight * density * pow(reach, Double(d - 1))
        }
        return hit / mass
    }

    struct Sample {
        var onsets: [Int?]
        var agreeing: Int
    }

    static func sample(_ task: BallTask, width: Int, setup: TrainingSetup, seeds: Int) -> Sample {
        var onsets: [Int?] = [], agreeing = 0
        for seed in 0..<seeds {
            let streams = TaskStreams(
                initialization: RandomStream(baseSeed: 7, labels: ["init", .int(seed)]),
                data: RandomStream(baseSeed: 7, labels: ["data", .int(seed)]),
                order: RandomStream(seed: 0))
            let run = task.run(width: width, setup: setup, streams: streams)
            onsets.append(run.onsetEpoch)
            var initial = streams.initialization
            if task.onset(initial: BallModel.uniformInBall(dimension: width, radius: task.initRadius, stream: &initial), setup: setup)
                == run.onsetEpoch
            {
                agreeing += 1
            }
        }
        return Sample(onsets: onsets, agreeing: agreeing)
    }

    @Test("4,000 seeds at D = 5: per-run onsets equal the closed form; Wilson covers P(grok); the KM median and curve match the exact distribution")
    func exactDistribution() {
        let task = BallTask(epsilon: 0.3, target: 1, initRadius: 1, trainingCount: 20)
        let setup = TrainingSetup(epochs: 27, learningRate: 0.05, snapshotInterval: 27, optimizer: .gd, onsetAccuracy: 1)
        let n = 4000, d = 5, q = 1 - 0.05
        let s = Self.sample(task, width: d, setup: setup, seeds: n)
        #expect(s.agreeing >= n - 4, "\(n - s.agreeing) runs disagree with the closed-form onset")
        let exact = (0...setup.epochs).map { Self.exactCDF($0, dimension: d, epsilon: 0.3, target: 1, radius: 1, q: q) }
        let grokked = s.onsets.compactMap { $0 }.count
        let wilson = WilsonInterval.interval(successes: grokked, trials: n, confidence: 0.999)!
        #expect(wilson.lower <= exact.last! && exact.last! <= wilson.upper, "P(grok) exact \(exact.last!), Wilson 99.9% \(wilson)")
        #expect(exact.last! > 0.6 && exact.last! < 0.9, "the budget should censor some runs: P = \(exact.last!)")
        let observations = s.onsets.map { KaplanMeier.Observation(time: $0 ?? setup.epochs, event: $0 != nil) }
        let exactMedian = exact.firstIndex { $0 >= 0.5 }!
        let median = KaplanMeier.median(observations)!
        // The product's closed form (what the report prints) is this test's independent one.
        let known = task.knownAnswer(width: d, setup: setup)!
        #expect(abs(known.grokkingProbability - exact.last!) < 1e-6 && known.medianOnset == exactMedian)
        let density = (exact[exactMedian + 1] - exact[exactMedian - 1]) / 2
        let standardError = (0.25 / Double(n)).squareRoot() / density
        #expect(Double(abs(median - exactMedian)) <= 3 * standardError + 1, "KM median \(median), exact \(exactMedian) ± \(standardError)")
        // Kolmogorov–Smirnov: the KM estimate of P(t_g ≤ K) against the exact CDF at every epoch.
        let curve = KaplanMeier.curve(observations)
        var worst = 0.0
        for k in 0...setup.epochs {
            let survival = curve.last { $0.time <= k }?.survival ?? 1
            worst = max(worst, abs((1 - survival) - exact[k]))
        }
        #expect(worst <= 1.95 / Double(n).squareRoot(), "KS distance \(worst)")
    }

    @Test("with coupled ℓ2 the closed form still gives every run's onset, and λ moves P(grok) as the exact answer says")
    func l2() {
        let task = BallTask(epsilon: 0.3, target: 1, initRadius: 1, trainingCount: 10)
        let setup = TrainingSetup(
            epochs: 19, learningRate: 0.05, snapshotInterval: 19, optimizer: .gd, regularizer: .l2, weightDecay: 0.5, onsetAccuracy: 1)
        let s = Self.sample(task, width: 4, setup: setup, seeds: 1000)
        #expect(s.agreeing >= 997)
        let exact = Self.exactCDF(19, dimension: 4, epsilon: 0.3, target: 1 / 1.5, radius: 1, q: 1 - 0.05 * 1.5)
        let wilson = WilsonInterval.interval(successes: s.onsets.compactMap { $0 }.count, trials: 1000, confidence: 0.999)!
        #expect(wilson.lower <= exact && exact <= wilson.upper, "exact \(exact), Wilson \(wilson)")
        #expect(exact > 0.2 && exact < 0.8, "λ = 0.5 at 19 epochs should leave P(grok) in between: \(exact)")
    }
}
