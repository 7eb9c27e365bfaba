import GrokNumerics

/// The Kaplan–Meier estimate of a survival function S(t) = P(T > t) from right-censored
/// observations (Kaplan & Meier 1958), with Greenwood's variance.
///
/// For grokking times: T is the onset t_g, a run that never groks is censored at its last
/// epoch (it is known only that t_g > epochs). Ungrokked runs thus lower the estimated
/// probability of grokking by t, rather than being dropped (which would bias t_g low).
/// At tied times, events come before censorings (the usual convention).
public struct KaplanMeier: Sendable, Hashable {
    /// One step of S(t), at each distinct time with at least one event.
    public struct Step: Sendable, Hashable {
        public var time: Double
        public var atRisk: Int
        public var events: Int
        /// S just after `time`.
        public var survival: Double
        /// Greenwood's sum Σ d / (n (n − d)) over the steps up to here: Var S = S² · sum.
        public var greenwoodSum: Double
    }

    public let steps: [Step]
    public let count: Int
    public let eventCount: Int

    /// `times[i]` with `observed[i]` true for an event (onset seen), false for a censored run.
    public init(times: [Double], observed: [Bool]) {
        precondition(times.count == observed.count, "KaplanMeier: one observed flag per time")
        let sorted = KaplanMeier.sortedObservations(times: times, observed: observed)
        self.init(sorted: sorted, weights: nil)
    }

    /// The core on observations sorted by ``sortedObservations(times:observed:)``, each counted
    /// `weights[i]` times (a bootstrap resample), or once when `weights` is nil.
    init(sorted: [(time: Double, observed: Bool)], weights: [Int]?) {
        var steps: [Step] = []
        var atRisk = weights.map { $0.reduce(0, +) } ?? sorted.count
        count = atRisk
        var survival = 1.0, greenwood = 0.0, events = 0
        var i = 0
        while i < sorted.count {
            let t = sorted[i].time
            var d = 0, c = 0
            while i < sorted.count && sorted[i].time == t {
                let w = weights?[i] ?? 1
                if sorted[i].observed { d += w } else { c += w }
                i += 1
            }
            if d > 0 {
                survival *= Double(atRisk - d) / Double(atRisk)
                // n = d (everyone left has the event) makes S = 0; its Greenwood term is undefined.
                greenwood += atRisk > d ? Double(d) / (Double(atRisk) * Double(atRisk - d)) : .infinity
                steps.append(Step(time: t, atRisk: atRisk, events: d, survival: survival, greenwoodSum: greenwood))
                events += d
            }
            atRisk -= d + c
        }
        self.steps = steps
        eventCount = events
    }

    /// Observations in time order, events before censorings at equal times.
    static func sortedObservations(times: [Double], observed: [Bool]) -> [(time: Double, observed: Bool)] {
        zip(times, observed).map { (time: $0, observed: $1) }
            .sorted { $0.time < $1.time || ($0.time == $1.time && $0.observed && !$1.observed) }
    }

    /// S(t): 1 before the first event, then the product over event times ≤ t.
    public func survival(at t: Double) -> Double {
        var s = 1.0
        for step in steps where step.time <= t { s = step.survival }
        return s
    }

    /// The median: the first event time at which S ≤ 1/2; where S equals 1/2 exactly on a
    /// flat stretch, the midpoint between that time and the next event time (the convention of
    /// R's survival and SAS). Nil when S never falls to 1/2 (more than half censored).
    public var median: Double? { KaplanMeier.median(steps) }

    static func median(_ steps: [Step]) -> Double? {
        for (k, step) in steps.enumerated() where step.survival <= 0.5 {
            if step.survival == 0.5, k + 1 < steps.count { return (step.time + steps[k + 1].time) / 2 }
            return step.time
        }
        return nil
    }

    /// Pointwise interval for S at a step, on the log(−log S) scale (Kalbfleisch & Prentice;
    /// SAS's default): it stays inside (0, 1) and is better behaved than the plain one in the tails.
    public static func pointwiseInterval(_ step: Step, confidence: Double) -> (lower: Double, upper: Double) {
        let s = step.survival
        guard s > 0, s < 1, step.greenwoodSum.isFinite else { return (s, s) }
        let logS = Elementary.log(s)
        let spread = NormalQuantile.twoSided(confidence) * (step.greenwoodSum / (logS * logS)).squareRoot()
        let factor = Elementary.exp(spread)
        return (Elementary.exp(logS * factor), Elementary.exp(logS / factor))
    }

    /// The interval for the median (Brookmeyer & Crowley 1982): the times whose pointwise
    /// interval for S contains 1/2. `lower` is the first event time where the lower band falls
    /// to 1/2, `upper` the first where the upper band does; nil when that never happens within
    /// the data (the bound is beyond the last time: report it as "not reached").
    public func medianInterval(confidence: Double = 0.95) -> (lower: Double?, upper: Double?) {
        var lower: Double?, upper: Double?
        for step in steps {
            let band = KaplanMeier.pointwiseInterval(step, confidence: confidence)
            if lower == nil, band.lower <= 0.5 { lower = step.time }
            if upper == nil, band.upper <= 0.5 { upper = step.time }
        }
        return (lower, upper)
    }
}
