import GrokConfig
import GrokTasks

/// A report's input, folded one result at a time in any order: the builder's streamed
/// alternative to holding every ``TaskResult`` of a sweep (``ReportBuilder/build(config:input:failures:provenance:tasks:snapshotEpochs:)``).
///
/// Per run it keeps a ``RunRecord`` (no cascades); per (group, topology, gradient | control) the
/// analysis input (``AnalysisRuns``); and the size histograms of the plots (``PlotSizes``). The
/// result itself is dropped after ``add(_:)``. Fold and build with the same configuration: the
/// fold reads its topologies, primary topology, headline group and fixed windows.
///
/// Memory is O(runs) but for one exception: an ungrokked run's digest keeps its readings
/// (12 bytes a cascade), because the group sections re-align ungrokked runs at the END, at the
/// median t_g of their width's grokked runs (per comparison), which is only known once every
/// run is in, so they cannot be reduced to sums on arrival (AnalysisRuns).
public struct ReportInput: Sendable {
    public let topologies: [String]
    public let primaryTopology: String
    public let headlineGroup: TaskGroup
    public private(set) var plotSizes: PlotSizes
    private var records: [SweepTask: RunRecord] = [:]
    var analysis: AnalysisRuns

    public struct DuplicateResult: Error, CustomStringConvertible {
        public var task: String
        public var description: String { "the report input already holds a result of task \(task): every task is folded once" }
    }

    public init(config: SweepConfig) {
        topologies = config.topologies
        primaryTopology = config.primaryTopology
        headlineGroup = config.headlineGroup
        // Labels name random streams only; the fold does not read them (AnalysisRuns).
        analysis = AnalysisRuns(options: config.scalingOptions(labels: ["report", "fold"]))
        plotSizes = PlotSizes(
            selection: .init(
                topology: config.primaryTopology, headlineGroup: config.isLegacyGrid ? nil : config.headlineGroup.key,
                preWindow: config.analysis.preWindow, postWindow: config.analysis.postWindow))
    }

    /// Folds one result. Throws ``DuplicateResult`` for a task already folded (the input is unchanged).
    public mutating func add(_ result: TaskResult) throws {
        try add(contribution(of: result))
    }

    /// One result folded but not yet added: computing it reads the input without changing it,
    /// so threads can fold their results concurrently and add them under a lock.
    public struct Contribution: Sendable {
        let record: RunRecord
        let analysis: AnalysisRuns.Folded
        let sizes: PlotSizes
    }

    public func contribution(of result: TaskResult) -> Contribution {
        var sizes = PlotSizes(selection: plotSizes.selection)
        sizes.add(result)
        return Contribution(
            record: RunRecord(result, topologies: topologies, primaryTopology: primaryTopology),
            analysis: analysis.fold(result, topologies: topologies, primary: primaryTopology, headline: headlineGroup),
            sizes: sizes)
    }

    /// Adds a folded result. Throws ``DuplicateResult`` for a task already folded.
    public mutating func add(_ c: Contribution) throws {
        guard records[c.record.task] == nil else { throw DuplicateResult(task: c.record.task.key) }
        records[c.record.task] = c.record
        analysis.insert(c.analysis)
        plotSizes.merge(c.sizes)
    }

    /// Bytes held by the analysis input (the digests), approximate.
    public var analysisBytes: Int { analysis.approximateBytes }

    /// Runs folded so far.
    public var count: Int { records.count }

    /// The run records in canonical task order.
    public var runs: [RunRecord] { records.keys.sorted().map { records[$0]! } }

    /// The renderings' input: run records (canonical order) and the plots' size histograms.
    public var rendering: RenderInput { RenderInput(runs: runs, plotSizes: plotSizes) }
}

/// What the renderings (HTML, Markdown, plots, runs.csv) read besides report.json.
public struct RenderInput: Sendable {
    /// Canonical task order.
    public var runs: [RunRecord]
    public var plotSizes: PlotSizes?

    public init(runs: [RunRecord], plotSizes: PlotSizes?) {
        self.runs = runs.sorted { $0.task < $1.task }
        self.plotSizes = plotSizes
    }

    /// Nothing besides report.json (rendering from report.json alone).
    public static let empty = RenderInput(runs: [], plotSizes: nil)

    /// The renderings' input from results held in memory, for report.json's `selection`.
    public init(results: [TaskResult], selection: PlotSizes.Selection, topologies: [String]) {
        var sizes = PlotSizes(selection: selection)
        for r in results { sizes.add(r) }
        self.init(runs: results.map { RunRecord($0, topologies: topologies, primaryTopology: selection.topology) }, plotSizes: sizes)
    }
}
