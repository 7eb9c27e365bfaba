import GrokConfig
import GrokProbe
import GrokReport
import GrokReportModel
import GrokTasks
import Testing

@Suite("A report of user runs speaks in steps and the runs' own names; a sweep's keeps its words")
struct UserRunsWordsTests {
    /// Three sizes, one run each, loss named, accuracy recorded, onsets at step 10; no Gini.
    static func userReport() throws -> (JSONValue, [TaskResult]) {
        var runs: [UserRun] = []
        for (size, n) in [(8, 40), (16, 90), (32, 200)] {
            let steps = [0, 10, 20]
            let fields = steps.map { FieldCascades(cascades: [Cascade(size: n / 3 + $0, extent: n / 4, duration: 2)]) }
            runs.append(
                UserRun(
                    runID: "h\(size)", size: size, parameterCount: n, onsetStep: 10, steps: steps, loss: [1, 0.5, 0.1],
                    accuracy: [0, 0.5, 1], topologies: [TopologyCascades(topology: "ba", gradient: fields, control: [])],
                    lossName: "MSE", accuracyName: "test accuracy"))
        }
        var config = SweepConfig()
        config.topologies = ["ba"]
        config.analysis.bootstrapResamples = 50
        let report = try UserRunsReport.build(runs: runs, config: config, source: "fit", provenance: Provenance(gitCommit: nil, hostCount: 1))
        return (report, try UserRunsReport.results(runs: runs))
    }

    @Test("steps, the loss and accuracy names, no Gini plot, and no interval claimed from one run per size")
    func userWords() throws {
        let (report, results) = try Self.userReport()
        let document = ReportDocument(report: report, results: results)
        let md = document.markdown()
        #expect(md.contains("t_g (step)") && md.contains("τ = step − t_g") && md.contains("right-censored at step 20"))
        #expect(md.contains("Loss (MSE) against τ") && md.contains("Test accuracy against τ"))
        #expect(!md.contains("epoch") && !md.contains("binary cross-entropy") && !md.contains("Training accuracy"))
        #expect(!document.figures.contains { $0.file == "gini.svg" })
        #expect(md.contains("no interval: one run per size") && !md.contains("± 0.000"))
    }

    @Test("a sweep's report keeps the sweep's words (its renderings stay byte for byte what they were)")
    func sweepWords() throws {
        let words = ReportWords.of(Fixture.report)
        #expect(words.unit == "epoch" && !words.strictNumbers && words.hasGini)
        let md = try Fixture.text("report.md")
        #expect(md.contains("t_g (epoch)") && md.contains("Training loss (binary cross-entropy) against τ") && md.contains("plots/gini.svg"))
    }
}
