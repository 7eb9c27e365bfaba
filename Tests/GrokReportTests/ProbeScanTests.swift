import GrokConfig
import GrokProbe
import GrokReport
import GrokReportModel
import GrokRunner
import GrokSweep
import GrokTasks
import Testing

@Suite("Probe scan: one training, many probe settings, each a sweep's bytes; conclusions that survive every setting")
struct ProbeScanTests {
    static let base: SweepConfig = {
        var c = SweepConfig()
        c.widths = [8, 12, 16]
        c.seeds = 2
        c.topologies = ["ba", "er"]
        c.training.epochs = 300
        c.training.snapshotInterval = 50
        c.probe.controlFields = 2
        return c
    }()

    @Test("each setting's result is byte for byte TaskRunner.run's under that setting, whatever the thread count")
    func settingEqualsSweep() throws {
        let settings = [
            ProbeScan.Setting(conservation: 0.8, quantile: 0.9, topology: "er", mode: .global),
            ProbeScan.Setting(conservation: 0.95, quantile: 0.85, topology: "ba", mode: .perSeed),
        ]
        let one = ProbeScan.run(base: Self.base, settings: settings, threads: 1)
        let two = ProbeScan.run(base: Self.base, settings: settings, threads: 2)
        for (k, s) in settings.enumerated() {
            let config = ProbeScan.configuration(Self.base, for: s)
            #expect(config.topologies == [s.topology] && config.probe.branching)
            #expect(one[k].failures.isEmpty)
            for r in one[k].results {
                let direct = try TaskRunner.run(r.task, config: config)
                #expect(TaskResult.canonicalBytes(direct) == TaskResult.canonicalBytes(r), "\(s.label) \(r.task.key)")
            }
            #expect(one[k].results.map(TaskResult.canonicalBytes) == two[k].results.map(TaskResult.canonicalBytes))
        }
    }

    static func summary(pre: [Double], post: [Double]) -> JSONValue {
        .object([
            (
                "summary",
                .object([
                    ("D_pre", .object([("value", .double((pre[0] + pre[1]) / 2)), ("ci95", .array(pre.map(JSONValue.double)))])),
                    ("D_post", .object([("value", .double((post[0] + post[1]) / 2)), ("ci95", .array(post.map(JSONValue.double)))])),
                ])
            )
        ])
    }

    @Test("a claim survives only when it holds at every setting; an interval across the line is unresolved, not a failure")
    func conclusions() {
        let entries = [
            ProbeScanSummary.Entry(
                conservation: 0.8, quantile: 0.9, topology: "ba", mode: "global", report: Self.summary(pre: [0.6, 0.8], post: [1.1, 1.2])),
            ProbeScanSummary.Entry(
                conservation: 0.9, quantile: 0.9, topology: "ba", mode: "global", report: Self.summary(pre: [0.7, 0.9], post: [0.9, 1.3])),
        ]
        let scan = ProbeScanSummary.json(entries: entries, base: .object([]))
        let words = ProbeScanSummary.words(scan)
        #expect(words.contains("Survives every probe setting: D_pre < 1"))
        #expect(words.contains("D_post > 1 (fails at 0, unresolved at 1 of 2)"))
        let md = ProbeScanSummary.markdown(scan)
        #expect(md.contains("| 0.800 | 0.900 | ba | global | 0.700 [0.600, 0.800]"))
    }
}
