import GrokConfig
import GrokReport
import GrokReportModel
import GrokSweep
import GrokTasks
import Testing

@Suite("The early-warning block and the branching table: present when the sweep records them, in every rendering")
struct WarningReportTests {
    static let config: SweepConfig = {
        var c = SweepConfig()
        c.widths = [4, 6, 8]
        c.seeds = 8
        c.topologies = ["ba"]
        c.training.epochs = 600
        c.training.snapshotInterval = 20
        c.probe.controlFields = 2
        c.analysis.bootstrapResamples = 50
        c.analysis.collapseResamples = 0
        c.analysis.gofResamples = 0
        c.analysis.window = 100
        return c
    }()

    @Test("with indicators and first waves: warning block, σ per width, table, plots and runs.csv columns; in canonical order whatever the threads")
    func present() throws {
        var c = Self.config
        c.indicators.enabled = true
        c.indicators.llcSteps = 4
        c.probe.branching = true
        let outcome = InProcessSweep.run(config: c, threads: 2)
        #expect(outcome.failures.isEmpty)
        let report = ReportBuilder.build(config: c, results: outcome.results.reversed(), provenance: Provenance(gitCommit: nil, hostCount: 1))
        let again = ReportBuilder.build(
            config: c, results: InProcessSweep.run(config: c, threads: 1).results, provenance: Provenance(gitCommit: nil, hostCount: 1))
        #expect(report.serialized() == again.serialized())
        let w = try #require(report["warning"])
        guard case .array(let rows)? = w["indicators"] else { Issue.record("no indicator rows"); return }
        let names = rows.compactMap { row -> String? in if case .string(let s)? = row["name"] { return s } else { return nil } }
        #expect(names == ["weight_norm_sq", "small_weight_fraction", "gradient_pca_dim", "llc", "gini", "loss"])
        #expect(report["summary"]?["branching"]?["per_width"] != nil)
        let document = ReportDocument(report: report, results: outcome.results)
        let html = document.html()
        #expect(html.contains("Who warns first") && html.contains("Branching ratio σ per width and phase"))
        #expect(document.figures.contains { $0.file == "warning.svg" } && document.figures.contains { $0.file == "indicators_tau.svg" })
        let csv = CSVExport.runs(outcome.results)
        #expect(
            csv.hasPrefix(
                "width,seed,N,t_g,grokked,snapshot,epoch,tau,loss,accuracy,gini,weight_norm_sq,small_weight_fraction,gradient_pca_dim,llc\n"))
    }

    @Test("without them: no warning block, no σ, the legacy runs.csv header")
    func absent() {
        let outcome = InProcessSweep.run(config: Self.config, threads: 2)
        let report = ReportBuilder.build(config: Self.config, results: outcome.results, provenance: Provenance(gitCommit: nil, hostCount: 1))
        #expect(report["warning"] == nil && report["summary"]?["branching"] == nil)
        #expect(CSVExport.runs(outcome.results).hasPrefix(CSVExport.runColumns.joined(separator: ",") + "\n"))
    }
}
