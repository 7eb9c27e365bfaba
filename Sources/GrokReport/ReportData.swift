import GrokConfig
import GrokReportModel

/// What the plots need, pulled out once: from report.json the widths and the primary topology's
/// summary; from the task results (per-cascade rows and per-snapshot series are not in
/// report.json) the cascade sizes grouped by width and the training curves.
struct ReportData {
    let report: JSONValue
    let summary: JSONValue
    let primary: String
    /// Widths in ascending order, from the configuration (so missing runs still get a colour).
    let widths: [Int]
    let snapshotEpochs: [Int]
    /// The primary topology's cascade sizes by width (histograms: size → count): gradient
    /// (grokked or not), Gaussian control, and gradient in the fixed windows τ ∈
    /// [−pre_window, 0) and [0, post_window).
    let gradientSizes: [Int: [Int: Int]]
    let controlSizes: [Int: [Int: Int]]
    let preSizes: [Int: [Int: Int]]
    let postSizes: [Int: [Int: Int]]

    /// The run records in canonical order (empty when rendering from report.json alone).
    let records: [RunRecord]
    /// The group of the headline summary (`summary.group`; nil in a legacy XOR report, whose
    /// runs are all one group). Plots of the summary draw this group's runs only.
    let headlineGroup: String?
    /// N by task name and width, read off the run rows (N(h) is the task's; every group of a
    /// task shares it). Legacy rows have no task column: "xor".
    private let parameterCounts: [String: [Int: Int]]
    /// The headline group's task.
    private let headlineTask: String

    init(_ report: JSONValue, rendering: RenderInput = .empty) {
        self.report = report
        summary = report["summary"] ?? .object([])
        let config = report["config"] ?? .object([])
        primary = summary["primary_topology"]?.string ?? config["primary_topology"]?.string ?? ""
        var widths = Set((config["widths"]?.array ?? []).compactMap(\.int))
        for run in report["runs"]?.array ?? [] { if let w = run["width"]?.int { widths.insert(w) } }
        self.widths = widths.sorted()
        snapshotEpochs = (report["snapshot_epochs"]?.array ?? []).compactMap(\.int)
        let headlineGroup = summary["group"]?.string
        self.headlineGroup = headlineGroup
        var counts: [String: [Int: Int]] = [:]
        var headlineTask = "xor"
        for run in report["runs"]?.array ?? [] {
            let task = run["task"]?.string ?? "xor"
            if let w = run["width"]?.int, let n = run["N"]?.int { counts[task, default: [:]][w] = n }
            if headlineGroup != nil && run["group"]?.string == headlineGroup { headlineTask = task }
        }
        parameterCounts = counts
        self.headlineTask = headlineTask
        records = rendering.runs
        let sizes = rendering.plotSizes
        gradientSizes = sizes?.gradient ?? [:]
        controlSizes = sizes?.control ?? [:]
        preSizes = sizes?.pre ?? [:]
        postSizes = sizes?.post ?? [:]
    }

    /// Which cascades a report's plots draw, read off report.json: its primary topology's, of
    /// its headline group (all runs in a legacy XOR report), with its fixed windows.
    static func plotSelection(_ report: JSONValue) -> PlotSizes.Selection {
        let summary = report["summary"] ?? .object([])
        let config = report["config"] ?? .object([])
        return PlotSizes.Selection(
            topology: summary["primary_topology"]?.string ?? config["primary_topology"]?.string ?? "",
            headlineGroup: summary["group"]?.string,
            preWindow: config["analysis"]?["pre_window"]?.int ?? 800, postWindow: config["analysis"]?["post_window"]?.int ?? 2000)
    }

    /// N at `width` in the headline group, read off its runs; a width without a run row (a
    /// failed task) falls back to XOR's 4h + 1 only in a legacy XOR report, else is unknown.
    func parameterCount(width: Int) -> Int? {
        parameterCount(task: headlineTask, width: width)
    }

    /// N of `task` at `width` (for failed or missing tasks of any group).
    func parameterCount(task: String, width: Int) -> Int? {
        parameterCounts[task]?[width] ?? (headlineGroup == nil ? 4 * width + 1 : nil)
    }

    /// "N = 641", or "N unknown" when no run of the width says.
    func parameterText(width: Int) -> String {
        parameterCount(width: width).map { "N = \($0)" } ?? "N unknown"
    }

    /// The headline group's run records (every run in a legacy XOR report).
    var headlineRecords: [RunRecord] {
        records.filter { headlineGroup == nil || $0.task.group.key == headlineGroup }
    }

    /// The headline group's run rows (every run in a legacy XOR report).
    var headlineRuns: [JSONValue] {
        runs.filter { headlineGroup == nil || $0["group"]?.string == headlineGroup }
    }

    func color(width: Int) -> String {
        Palette.ordered(widths.firstIndex(of: width) ?? 0, of: widths.count)
    }

    var runs: [JSONValue] { report["runs"]?.array ?? [] }
}
