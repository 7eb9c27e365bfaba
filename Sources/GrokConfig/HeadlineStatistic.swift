/// `analysis.statistic`: which per-width statistic S(N) the headline D is the slope of. The
/// configuration names the choice; GrokAnalysis' `ScalingStatistic` computes it (the report model
/// maps one onto the other), so reading a configuration does not link the analysis.
public enum HeadlineStatistic: String, Sendable, Hashable, Codable, CaseIterable {
    case mean, logmean, max, extent
    case momentRatio = "moment_ratio"
    case median
}
