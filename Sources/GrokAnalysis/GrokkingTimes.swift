import GrokNumerics

/// Grokking-time statistics over many seeds: per width the probability of grokking by the last
/// epoch (Wilson interval), the Kaplan–Meier median of t_g with ungrokked runs right-censored
/// at the last epoch (Brookmeyer–Crowley interval), and across widths the fit t_g ∝ h^(−b) of
/// the medians with a bootstrap over seeds within each width. Pure: values in, values out.
public enum GrokkingTimes {
    /// One width's runs: t_g per seed (nil: not grokked by `censoredAt`).
    public struct WidthSample: Sendable, Hashable {
        public var width: Int
        public var onsets: [Int?]
        public var censoredAt: Int
        public init(width: Int, onsets: [Int?], censoredAt: Int) {
            self.width = width
            self.onsets = onsets
            self.censoredAt = censoredAt
        }

        var times: [Double] { onsets.map { Double($0 ?? censoredAt) } }
        var observed: [Bool] { onsets.map { $0 != nil } }
    }

    public struct WidthResult: Sendable, Hashable {
        public var width: Int
        public var runs: Int
        public var grokked: Int
        public var probability: Double
        public var probabilityInterval: (lower: Double, upper: Double)?
        /// Kaplan–Meier median of t_g (nil: more than half the runs never grokked).
        public var median: Double?
        public var medianInterval: (lower: Double?, upper: Double?)
        /// Quartiles of t_g (Kaplan–Meier: first times with S ≤ 0.75, S ≤ 0.25; nil if not reached).
        public var lowerQuartile: Double?
        public var upperQuartile: Double?

        public static func == (a: WidthResult, b: WidthResult) -> Bool {
            a.width == b.width && a.runs == b.runs && a.grokked == b.grokked && a.median == b.median
        }
        public func hash(into h: inout Hasher) { h.combine(width); h.combine(runs); h.combine(grokked) }
    }

    public struct Result: Sendable {
        public var perWidth: [WidthResult]
        /// b in t_g ∝ h^(−b) from the Kaplan–Meier medians (value, bootstrap mean/std/interval,
        /// R²); nil with `exponentUnsupported` saying why when fewer than `minimumWidths` have one.
        public var exponent: Estimate?
        public var exponentUnsupported: String?
        public var widthsInFit: [Int]
    }

    public static func analyse(
        _ samples: [WidthSample], confidence: Double = 0.95, resamples: Int, minimumWidths: Int = 3,
        stream: RandomStream
    ) -> Result {
        let samples = samples.sorted { $0.width < $1.width }
        var perWidth: [WidthResult] = []
        for s in samples {
            let km = KaplanMeier(times: s.times, observed: s.observed)
            let grokked = s.onsets.filter { $0 != nil }.count
            let n = s.onsets.count
            perWidth.append(
                WidthResult(
                    width: s.width, runs: n, grokked: grokked, probability: n > 0 ? Double(grokked) / Double(n) : .nan,
                    probabilityInterval: WilsonInterval.interval(successes: grokked, trials: n, confidence: confidence),
                    median: km.median, medianInterval: km.medianInterval(confidence: confidence),
                    lowerQuartile: quantileTime(km.steps, survivalAtMost: 0.75), upperQuartile: quantileTime(km.steps, survivalAtMost: 0.25)))
        }
        let fitted = zip(samples, perWidth).filter { $0.1.median.map { $0 > 0 } ?? false }
        guard fitted.count >= max(2, minimumWidths) else {
            return Result(
                perWidth: perWidth, exponent: nil,
                exponentUnsupported:
                    "t_g ∝ h^-b needs a Kaplan–Meier median at \(max(2, minimumWidths)) widths; \(fitted.count) have one (a median is undefined where more than half the runs never grok)",
                widthsInFit: fitted.map(\.0.width))
        }
        let widths = fitted.map { Double($0.0.width) }
        let full = LogLogFit.fit(x: widths, y: fitted.map { $0.1.median! })
        // Bootstrap over seeds within each width: multinomial counts on the sorted observations.
        let sorted = fitted.map { KaplanMeier.sortedObservations(times: $0.0.times, observed: $0.0.observed) }
        var stream = stream
        var values: [Double] = []
        values.reserveCapacity(resamples)
        var weights = sorted.map { [Int](repeating: 0, count: $0.count) }
        for _ in 0..<resamples {
            var medians: [Double] = []
            for (k, obs) in sorted.enumerated() {
                for i in weights[k].indices { weights[k][i] = 0 }
                for _ in 0..<obs.count { weights[k][stream.nextInt(below: obs.count)] += 1 }
                medians.append(KaplanMeier(sorted: obs, weights: weights[k]).median ?? .nan)
            }
            values.append(medians.allSatisfy { $0 > 0 } ? -(LogLogFit.fit(x: widths, y: medians)?.slope ?? .nan) : .nan)
        }
        let exponent = full.map { Estimate(value: -$0.slope, r2: $0.r2, bootstrap: values, confidence: confidence) }
        return Result(
            perWidth: perWidth, exponent: exponent, exponentUnsupported: exponent == nil ? "the medians do not give a fit" : nil,
            widthsInFit: fitted.map(\.0.width))
    }

    /// First event time at which S ≤ `level` (nil if never).
    static func quantileTime(_ steps: [KaplanMeier.Step], survivalAtMost level: Double) -> Double? {
        steps.first { $0.survival <= level }?.time
    }
}
