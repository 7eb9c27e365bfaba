import GrokConfig
import GrokReport
import GrokReportModel
import GrokSweep
import GrokTestSupport
import GrokTraining
import Testing

/// The teacher's order-parameter histogram in the report: at the first snapshot and at a quarter,
/// half and all of the budget, per width, each row the mean of the runs' own shares (so it sums
/// to 1), drawn as one figure per teacher group; absent for tasks without the histogram.
@Suite("The |Φ| histogram of the teacher in the report")
struct OverlapHistogramReportTests {
    static let teacherTOML = """
        tasks = ["teacher"]
        optimizers = ["gd"]
        regularizers = ["none"]
        widths = [3, 4, 5]
        seeds = 2
        topologies = ["ba"]
        [training]
        epochs = 40
        learning_rate = 0.001
        snapshot_interval = 10
        [task]
        onset_accuracy = 0.9
        teacher_d = 5
        teacher_n = 20
        teacher_test = 20
        teacher_temperature = 0.05
        [indicators]
        enabled = true
        pca_samples = 8
        [analysis]
        bootstrap_resamples = 20
        """

    @Test("rows at epochs 0, 10, 20, 40 per width; each the mean of its runs' series at that snapshot and summing to 1; one figure")
    func histogramRows() throws {
        let config = try SweepConfig.load(toml: Self.teacherTOML)
        let outcome = InProcessSweep.run(config: config, threads: 2)
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        let report = ReportBuilder.build(
            config: config, results: outcome.results, failures: outcome.failures, provenance: Provenance(gitCommit: nil, hostCount: 1))
        let section = try #require(report["groups"]?["sections"]?.items.first)
        let histogram = try #require(section["overlap_histogram"])
        #expect(histogram["edges"]?.items.compactMap(\.number) == IndicatorName.teacherPhiEdges)
        let rows = histogram["rows"]?.items ?? []
        let expected = [3, 4, 5].flatMap { w in [0, 10, 20, 40].map { "\(w)@\($0)" } }
        #expect(rows.map { "\($0["width"]?.integer ?? 0)@\($0["epoch"]?.integer ?? -1)" } == expected)
        let names = IndicatorName.teacherPhiBins.map(\.rawValue)
        for row in rows {
            let shares = (row["shares"]?.items ?? []).compactMap(\.number)
            #expect(shares.count == names.count && abs(shares.reduce(0, +) - 1) < 1e-12)
            let width = row["width"]?.integer, epoch = row["epoch"]?.integer ?? -1
            let runs = outcome.results.filter { $0.task.width == width }
            #expect(row["runs"]?.integer == runs.count)
            let index = try #require(runs.first?.snapshotEpochs.firstIndex(of: epoch))
            let expected = names.map { n in
                runs.reduce(0.0) { $0 + ($1.indicators?.first { $0.name == n }?.values[index] ?? .nan) } / Double(runs.count)
            }
            #expect(shares == expected)
        }
        let figures = ReportDocument(report: report, results: outcome.results).figures.map(\.file)
        #expect(figures.contains("overlap_histogram_\(section["group"]?.text ?? "").svg"))
    }

    @Test("ising with every indicator on has no histogram section and no figure: the histogram is the teacher's alone")
    func absentElsewhere() throws {
        let config = try SweepConfig.load(toml: TestGrids.isingVariantsTOML + "\n[indicators]\nenabled = true\npca_samples = 4\n")
        #expect(config.indicators.enabled)
        let outcome = InProcessSweep.run(config: config, threads: 2)
        let report = ReportBuilder.build(
            config: config, results: outcome.results, failures: outcome.failures, provenance: Provenance(gitCommit: nil, hostCount: 1))
        let sections = report["groups"]?["sections"]?.items ?? []
        #expect(sections.count == 4 && sections.allSatisfy { $0["overlap_histogram"] == nil })
        #expect(!ReportDocument(report: report, results: outcome.results).figures.contains { $0.file.hasPrefix("overlap_histogram") })
    }
}

/// Reading report.json in this file (GrokReport's own readers are internal).
extension JSONValue {
    fileprivate var items: [JSONValue] {
        if case .array(let a) = self { return a }
        return []
    }
    fileprivate var number: Double? {
        switch self {
        case .double(let d): d
        case .int(let i): Double(i)
        default: nil
        }
    }
    fileprivate var integer: Int? {
        if case .int(let i) = self { return i }
        return nil
    }
    fileprivate var text: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}
