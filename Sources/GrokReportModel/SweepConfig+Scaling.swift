import GrokAnalysis
import GrokConfig
import GrokNumerics

extension SweepConfig {
    /// The analysis knobs of this configuration as the scaling analysis takes them.
    public func scalingOptions(labels: [StreamLabel]) -> ScalingOptions {
        var options = ScalingOptions()
        options.statistic = ScalingStatistic(analysis.statistic)
        options.windowWidth = analysis.window
        options.requiredWidths = analysis.minWidths == 0 ? widths.count : analysis.minWidths
        options.minimumWidthsPerFit = Swift.min(3, options.requiredWidths)
        options.preWindow = analysis.preWindow
        options.postWindow = analysis.postWindow
        // A grid with fewer seeds than min_runs_per_width asks for every seed instead.
        options.minimumRunsPerWidth = Swift.min(analysis.minRunsPerWidth, seeds)
        options.crossingWindow = analysis.crossingWindow
        options.localSlopeWidths = analysis.localSlopeWidths
        options.saturationLimit = analysis.saturationLimit
        options.collapseResamples = analysis.collapseResamples
        options.collapseQualityLimit = analysis.collapseSLimit
        options.gofResamples = analysis.gofResamples
        options.bootstrapResamples = analysis.bootstrapResamples
        options.confidence = analysis.confidence
        options.collapseBinsPerDecade = analysis.collapseBinsPerDecade
        options.seed = seed
        options.streamLabels = labels
        return options
    }
}

extension ScalingStatistic {
    /// The analysis' statistic for the configuration's choice (the same names).
    init(_ choice: HeadlineStatistic) {
        switch choice {
        case .mean: self = .mean
        case .logmean: self = .logmean
        case .max: self = .max
        case .extent: self = .extent
        case .momentRatio: self = .momentRatio
        case .median: self = .median
        }
    }
}
