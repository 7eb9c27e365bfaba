import GrokAnalysis
import GrokConfig
import GrokReportModel
import Testing

@Suite("analysis.statistic: the configuration's choices are the analysis' statistics, one to one")
struct HeadlineStatisticTests {
    @Test("every choice maps to the statistic of the same name, and every statistic can be chosen")
    func oneToOne() {
        for choice in HeadlineStatistic.allCases {
            var config = SweepConfig()
            config.analysis.statistic = choice
            #expect(config.scalingOptions(labels: []).statistic.rawValue == choice.rawValue)
        }
        #expect(Set(HeadlineStatistic.allCases.map(\.rawValue)) == Set(ScalingStatistic.allCases.map(\.rawValue)))
    }
}
