import Foundation
import GrokReport
import GrokReportModel
import GrokSweep
import GrokTasks
import Testing

@Suite("An incomplete sweep's report names its failed and missing tasks")
struct IncompleteReportTests {
    @Test("failed tasks show their error, missing ones are marked, and a banner says the sweep is incomplete")
    func failedAndMissing() throws {
        let config = Fixture.config
        let outcome = InProcessSweep.run(config: config, threads: 2)
        // Keep 3 of 6 results, fail one task, leave two missing.
        let kept = Array(outcome.results.sorted { $0.task < $1.task }.prefix(3))
        let dropped = config.tasks.filter { t in !kept.contains { $0.task == t } }
        let failure = TaskFailure(task: dropped[0], error: "probe: the graph has no edges, check the edge list", attempts: 3)
        let report = ReportBuilder.build(config: config, results: kept, failures: [failure], provenance: Provenance(gitCommit: nil, hostCount: 1))
        let document = ReportDocument(report: report, results: kept)
        let html = document.html(), md = document.markdown()
        #expect(html.contains("Incomplete sweep: 3 of 6 tasks done, 1 failed, 2 missing"))
        #expect(html.contains("FAILED after 3 attempts</td><td>probe: the graph has no edges, check the edge list</td>"))
        for task in dropped.dropFirst() {
            #expect(
                html.contains(
                    "<td>\(task.width)</td><td>\(task.seedIndex)</td><td>\(4 * task.width + 1)</td><td>—</td><td>—</td><td>MISSING (pending)</td>"),
                "\(task.key)")
        }
        #expect(md.contains("Incomplete sweep") && md.contains("MISSING (pending)") && md.contains("FAILED after 3 attempts"))
        // Every plot still renders (possibly with fewer series) and parses.
        for figure in document.figures {
            #expect(SVGInspector.inspect(figure.svg).1, "\(figure.file)")
        }
    }
}
