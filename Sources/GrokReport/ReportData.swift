import GrokSweep

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
    /// Sizes of the primary topology's gradient cascades by width (grokked or not).
    let gradientSizes: [Int: [Int]]
    /// Sizes of the primary topology's Gaussian-control cascades by width.
    let controlSizes: [Int: [Int]]
    /// Gradient sizes by width in the fixed windows: τ ∈ [−pre_window, 0) and [0, post_window).
    let preSizes: [Int: [Int]]
    let postSizes: [Int: [Int]]

    /// The task results in canonical order (empty when rendering from report.json alone).
    let results: [TaskResult]

    init(_ report: JSONValue, results: [TaskResult] = []) {
        self.report = report
        summary = report["summary"] ?? .object([])
        let config = report["config"] ?? .object([])
        primary = summary["primary_topology"]?.string ?? config["primary_topology"]?.string ?? ""
        var widths = Set((config["widths"]?.array ?? []).compactMap(\.int))
        for run in report["runs"]?.array ?? [] { if let w = run["width"]?.int { widths.insert(w) } }
        self.widths = widths.sorted()
        snapshotEpochs = (report["snapshot_epochs"]?.array ?? []).compactMap(\.int)
        let table = CascadeTable(results: results)
        self.results = table.results
        var gradient: [Int: [Int]] = [:], control: [Int: [Int]] = [:], pre: [Int: [Int]] = [:], post: [Int: [Int]] = [:]
        let preWindow = config["analysis"]?["pre_window"]?.int ?? 800, postWindow = config["analysis"]?["post_window"]?.int ?? 2000
        let primary = self.primary
        table.forEachRow { row in
            guard row.topology == primary, let size = row.size else { return }
            if row.source == .gradient {
                gradient[row.width, default: []].append(size)
                if let tau = row.tau {
                    if tau < 0 && tau >= -preWindow { pre[row.width, default: []].append(size) }
                    if tau >= 0 && tau < postWindow { post[row.width, default: []].append(size) }
                }
            } else {
                control[row.width, default: []].append(size)
            }
        }
        gradientSizes = gradient
        controlSizes = control
        preSizes = pre
        postSizes = post
    }

    /// N = 4h + 1 parameters of the 2 → h → 1 MLP (weights and biases).
    static func parameterCount(width: Int) -> Int { 4 * width + 1 }

    func color(width: Int) -> String {
        Palette.ordered(widths.firstIndex(of: width) ?? 0, of: widths.count)
    }

    var runs: [JSONValue] { report["runs"]?.array ?? [] }
}
