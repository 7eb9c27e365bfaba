import GrokNumerics

/// One fitted quantity: its value on the full data and its bootstrap over seeds.
/// Non-finite values mean "could not be estimated" (the caller writes null).
public struct Estimate: Sendable, Hashable, Codable {
    /// The fit on the full data.
    public var value: Double
    /// R² of the full-data fit, where meaningful.
    public var r2: Double?
    /// Mean of the finite bootstrap values.
    public var mean: Double
    /// Population standard deviation (ddof = 0, NumPy's default) of the finite bootstrap values.
    public var std: Double
    /// [lo, hi]: percentile interval at the confidence level, `Quantile.linear` at (1−c)/2 and
    /// 1−(1−c)/2 of the finite bootstrap values.
    public var ci: [Double]
    /// How many resamples gave a finite value.
    public var resamples: Int
    /// The finite bootstrap values binned for plots (nil when built from summary numbers).
    public var histogram: BootstrapHistogram?
    /// Width-range systematic: half the range of the leave-one-out refits (nil where not made).
    public var systematic: Double?
    /// The τ window [lo, hi) the value comes from (nil: not a windowed quantity).
    public var window: [Int]?
    /// N of the widths the full-data fit used, ascending (nil: not a fit over widths).
    public var widthsUsed: [Int]?
    /// N of the used widths whose share of cascades with extent = N exceeds the saturation limit.
    public var saturatedWidths: [Int] = []

    public init(value: Double, r2: Double?, mean: Double, std: Double, ci: [Double], resamples: Int) {
        self.value = value
        self.r2 = r2
        self.mean = mean
        self.std = std
        self.ci = ci
        self.resamples = resamples
        self.histogram = nil
    }

    /// Summarises bootstrap values (non-finite ones are dropped and not counted).
    public init(value: Double, r2: Double?, bootstrap samples: [Double], confidence: Double) {
        let finite = samples.filter { $0.isFinite }.sorted()
        self.value = value
        self.r2 = r2
        self.resamples = finite.count
        guard let first = finite.first else {
            mean = .nan; std = .nan; ci = [.nan, .nan]; histogram = nil
            return
        }
        histogram = BootstrapHistogram(sorted: finite)
        // Shifted two-pass sums (in sorted order): identical samples give exactly mean = x, std = 0.
        let n = Double(finite.count)
        var sum = 0.0
        for x in finite { sum += x - first }
        let shift = sum / n
        var squares = 0.0
        for x in finite { let d = (x - first) - shift; squares += d * d }
        mean = first + shift
        std = (squares / n).squareRoot()
        let tail = (1 - confidence) / 2
        ci = finite.withUnsafeBufferPointer {
            [Quantile.linear(sorted: $0, q: tail), Quantile.linear(sorted: $0, q: 1 - tail)]
        }
    }
}
