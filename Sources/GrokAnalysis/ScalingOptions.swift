import GrokNumerics

/// Which per-width statistic S(N) the headline D is the slope of (method §3).
public enum ScalingStatistic: String, Sendable, Hashable, Codable, CaseIterable {
    /// Mean of s over the pooled (run, snapshot) pairs.
    case mean
    /// exp(mean ln s) over the pooled pairs with s > 0 (cascades of size 0 are left out).
    case logmean
    /// Maximum of s over the pooled pairs (the paper's s_max).
    case max
    /// Mean extent (distinct toppled nodes) over the pooled pairs.
    case extent
    /// ⟨s²⟩/⟨s⟩ over the pooled pairs: ∝ N^D under P(s|N) = s^(−γ) G(s/N^D) with γ < 2
    /// (Chessa et al., PRE 59, R12, 1999), where the mean scales as N^(D(2−γ)).
    case momentRatio = "moment_ratio"
    /// The lower median of s over the pooled pairs.
    case median
}

/// Every knob of the scaling analysis; the report prints them.
public struct ScalingOptions: Sendable, Hashable, Codable {
    /// The headline S(N).
    public var statistic: ScalingStatistic = .mean
    /// Width W of the D(τ) windows [kW, (k+1)W), in epochs.
    public var windowWidth: Int = 400
    /// A fit (window, group, leave-one-out, collapse) with fewer widths present is not made.
    public var minimumWidthsPerFit: Int = 3
    /// Bootstrap resamples; 0 skips the bootstrap (estimates then carry NaN spreads).
    public var bootstrapResamples: Int = 10_000
    /// Level of the percentile interval.
    public var confidence: Double = 0.95
    /// Log-binning density for P(s|N). Five bins per decade (ratio 1.58) keeps ≥ 1 integer in
    /// every bin from s = 1 on and ~5–8 populated bins per width for the default grid
    /// (≈ 300 cascades per width), enough points to overlap without mostly-empty tail bins.
    public var collapseBinsPerDecade: Int = 5
    /// Bins of P(s|N) holding fewer cascades than this are not collapse points: ln P of a bin with
    /// 1–4 counts has a Poisson error of 0.5–1 and would dominate an unweighted spread.
    public var collapseMinimumCount: Int = 5
    /// Refit the (D, γ) collapse in every bootstrap resample. It is most of the analysis's
    /// cost; a caller may keep it for the headline topology only. When false, `gamma` and
    /// `collapseD` carry the full-data fit with no bootstrap (mean, std and interval NaN).
    public var bootstrapCollapse: Bool = true
    /// D_pre from τ ∈ [−preWindow, 0), D_post from τ ∈ [0, postWindow), in epochs.
    public var preWindow: Int = 800
    public var postWindow: Int = 2000
    /// A width takes part in a window's fit only if this many of its runs have snapshots in it.
    public var minimumRunsPerWidth: Int = 3
    /// Widths a fixed-window fit (D_pre, D_post, D_synth) needs; 0 means every width of the input.
    /// A D(τ) window is "covered" when this many widths take part (D(τ) windows with fewer, but at
    /// least `minimumWidthsPerFit`, are still fitted and shown hollow).
    public var requiredWidths: Int = 0
    /// Width of the finer windows of the second τ* estimate, tiling [−preWindow, postWindow) (0: none).
    public var crossingWindow: Int = 100
    /// Adjacent widths per local slope.
    public var localSlopeWidths: Int = 4
    /// A (width, phase) whose share of cascades with extent = N is above this is "saturated".
    public var saturationLimit: Double = 0.05
    /// Resamples (the first ones of the bootstrap) in which the collapse is refitted by a global
    /// search; 0 gives the full-data fit only.
    public var collapseResamples: Int = 1000
    /// Houdayer–Hartmann S above which a collapse is reported as "does not collapse".
    public var collapseQualityLimit: Double = 3
    /// Semi-parametric bootstrap resamples of the CSN goodness-of-fit test (0: no test).
    public var gofResamples: Int = 100
    /// Base seed of the bootstrap streams.
    public var seed: UInt64 = 0
    /// Stream address prefix; resample r uses RandomStream(baseSeed: seed, labels: streamLabels + [.int(r)]).
    public var streamLabels: [StreamLabel] = []

    public init(
        statistic: ScalingStatistic = .mean, windowWidth: Int = 400, minimumWidthsPerFit: Int = 3,
        bootstrapResamples: Int = 10_000, confidence: Double = 0.95, collapseBinsPerDecade: Int = 5, collapseMinimumCount: Int = 5,
        seed: UInt64 = 0, streamLabels: [StreamLabel] = []
    ) {
        self.statistic = statistic
        self.windowWidth = windowWidth
        self.minimumWidthsPerFit = minimumWidthsPerFit
        self.bootstrapResamples = bootstrapResamples
        self.confidence = confidence
        self.collapseBinsPerDecade = collapseBinsPerDecade
        self.collapseMinimumCount = collapseMinimumCount
        self.seed = seed
        self.streamLabels = streamLabels
    }

    func validate() throws {
        if windowWidth < 1 { throw AnalysisError.invalidOption("windowWidth = \(windowWidth); use a positive number of epochs") }
        if minimumWidthsPerFit < 2 {
            throw AnalysisError.invalidOption("minimumWidthsPerFit = \(minimumWidthsPerFit); a slope needs at least 2 widths")
        }
        if bootstrapResamples < 0 { throw AnalysisError.invalidOption("bootstrapResamples = \(bootstrapResamples); use 0 or more") }
        if !(confidence > 0 && confidence < 1) {
            throw AnalysisError.invalidOption("confidence = \(confidence); use a level strictly between 0 and 1")
        }
        if collapseMinimumCount < 1 { throw AnalysisError.invalidOption("collapseMinimumCount = \(collapseMinimumCount); use 1 or more") }
        if preWindow < 1 || postWindow < 1 {
            throw AnalysisError.invalidOption("preWindow = \(preWindow), postWindow = \(postWindow); use positive numbers of epochs")
        }
        if minimumRunsPerWidth < 1 { throw AnalysisError.invalidOption("minimumRunsPerWidth = \(minimumRunsPerWidth); use 1 or more") }
        if requiredWidths < 0 || requiredWidths == 1 {
            throw AnalysisError.invalidOption("requiredWidths = \(requiredWidths); use 0 (every width) or at least 2")
        }
        if crossingWindow < 0 { throw AnalysisError.invalidOption("crossingWindow = \(crossingWindow); use 0 (none) or a positive number of epochs") }
        if localSlopeWidths < 2 { throw AnalysisError.invalidOption("localSlopeWidths = \(localSlopeWidths); a slope needs at least 2 widths") }
        if !(saturationLimit >= 0 && saturationLimit <= 1) {
            throw AnalysisError.invalidOption("saturationLimit = \(saturationLimit); use a share in [0, 1]")
        }
        if collapseResamples < 0 || gofResamples < 0 {
            throw AnalysisError.invalidOption("collapseResamples = \(collapseResamples), gofResamples = \(gofResamples); use 0 or more")
        }
        if !(collapseQualityLimit > 0) { throw AnalysisError.invalidOption("collapseQualityLimit = \(collapseQualityLimit); use a positive number") }
        if collapseBinsPerDecade < 1 || collapseBinsPerDecade > 100 {
            throw AnalysisError.invalidOption("collapseBinsPerDecade = \(collapseBinsPerDecade); use 1…100")
        }
    }
}

extension ScalingOptions {
    private enum CodingKeys: String, CodingKey {
        case statistic, windowWidth, minimumWidthsPerFit, bootstrapResamples, confidence, collapseBinsPerDecade, collapseMinimumCount,
            bootstrapCollapse, seed, streamLabels
        case preWindow, postWindow, minimumRunsPerWidth, requiredWidths, crossingWindow, localSlopeWidths, saturationLimit, collapseResamples,
            collapseQualityLimit, gofResamples
    }

    /// A stream label as a JSON number or string, the way a configuration file writes it.
    /// (A wrapper, so GrokNumerics' StreamLabel needs no retroactive Codable conformance.)
    private struct CodedLabel: Codable {
        var label: StreamLabel
        init(_ label: StreamLabel) { self.label = label }
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int.self) { label = .int(n) } else { label = .name(try c.decode(String.self)) }
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch label {
            case .int(let n): try c.encode(n)
            case .name(let s): try c.encode(s)
            }
        }
    }

    /// Missing keys take their defaults, so a configuration file may name only what it changes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        statistic = try c.decodeIfPresent(ScalingStatistic.self, forKey: .statistic) ?? statistic
        windowWidth = try c.decodeIfPresent(Int.self, forKey: .windowWidth) ?? windowWidth
        minimumWidthsPerFit = try c.decodeIfPresent(Int.self, forKey: .minimumWidthsPerFit) ?? minimumWidthsPerFit
        bootstrapResamples = try c.decodeIfPresent(Int.self, forKey: .bootstrapResamples) ?? bootstrapResamples
        confidence = try c.decodeIfPresent(Double.self, forKey: .confidence) ?? confidence
        collapseBinsPerDecade = try c.decodeIfPresent(Int.self, forKey: .collapseBinsPerDecade) ?? collapseBinsPerDecade
        collapseMinimumCount = try c.decodeIfPresent(Int.self, forKey: .collapseMinimumCount) ?? collapseMinimumCount
        bootstrapCollapse = try c.decodeIfPresent(Bool.self, forKey: .bootstrapCollapse) ?? bootstrapCollapse
        preWindow = try c.decodeIfPresent(Int.self, forKey: .preWindow) ?? preWindow
        postWindow = try c.decodeIfPresent(Int.self, forKey: .postWindow) ?? postWindow
        minimumRunsPerWidth = try c.decodeIfPresent(Int.self, forKey: .minimumRunsPerWidth) ?? minimumRunsPerWidth
        requiredWidths = try c.decodeIfPresent(Int.self, forKey: .requiredWidths) ?? requiredWidths
        crossingWindow = try c.decodeIfPresent(Int.self, forKey: .crossingWindow) ?? crossingWindow
        localSlopeWidths = try c.decodeIfPresent(Int.self, forKey: .localSlopeWidths) ?? localSlopeWidths
        saturationLimit = try c.decodeIfPresent(Double.self, forKey: .saturationLimit) ?? saturationLimit
        collapseResamples = try c.decodeIfPresent(Int.self, forKey: .collapseResamples) ?? collapseResamples
        collapseQualityLimit = try c.decodeIfPresent(Double.self, forKey: .collapseQualityLimit) ?? collapseQualityLimit
        gofResamples = try c.decodeIfPresent(Int.self, forKey: .gofResamples) ?? gofResamples
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
        streamLabels = try c.decodeIfPresent([CodedLabel].self, forKey: .streamLabels)?.map(\.label) ?? streamLabels
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(statistic, forKey: .statistic)
        try c.encode(windowWidth, forKey: .windowWidth)
        try c.encode(minimumWidthsPerFit, forKey: .minimumWidthsPerFit)
        try c.encode(bootstrapResamples, forKey: .bootstrapResamples)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(collapseBinsPerDecade, forKey: .collapseBinsPerDecade)
        try c.encode(collapseMinimumCount, forKey: .collapseMinimumCount)
        try c.encode(bootstrapCollapse, forKey: .bootstrapCollapse)
        try c.encode(preWindow, forKey: .preWindow)
        try c.encode(postWindow, forKey: .postWindow)
        try c.encode(minimumRunsPerWidth, forKey: .minimumRunsPerWidth)
        try c.encode(requiredWidths, forKey: .requiredWidths)
        try c.encode(crossingWindow, forKey: .crossingWindow)
        try c.encode(localSlopeWidths, forKey: .localSlopeWidths)
        try c.encode(saturationLimit, forKey: .saturationLimit)
        try c.encode(collapseResamples, forKey: .collapseResamples)
        try c.encode(collapseQualityLimit, forKey: .collapseQualityLimit)
        try c.encode(gofResamples, forKey: .gofResamples)
        try c.encode(seed, forKey: .seed)
        try c.encode(streamLabels.map(CodedLabel.init), forKey: .streamLabels)
    }
}
