import GrokConfig

/// One headline quantity of report.json's `summary`, declared once: its JSON key, how it is
/// shown, and its one-line definition. The writer (``Summary``), the HTML/Markdown tables, the
/// terminal headline and `run --json` read the key from here, and a test holds
/// docs/report-quantities.md to every declaration, so adding a quantity is one line here.
public struct ReportQuantity: Sendable, Hashable, CustomStringConvertible {
    /// How a value of the quantity is shown.
    public enum Shape: Sendable, Hashable {
        /// An estimate object ({value, std, ci, systematic, …}), shown "0.91 ± 0.02 [0.87, 0.95]".
        case estimate
        /// One estimate object per topology.
        case estimatePerTopology
        case number
        case integer
        case text
    }

    public let key: String
    public let shape: Shape
    /// The definition, as docs/report-quantities.md gives it.
    public let definition: String

    public var description: String { key }

    public static let runs = ReportQuantity(key: "runs", shape: .integer, definition: "runs of the headline group")
    public static let grokkedRuns = ReportQuantity(key: "grokked_runs", shape: .integer, definition: "runs that reached the onset t_g")
    public static let error = ReportQuantity(key: "error", shape: .text, definition: "why the headline fits could not be made")
    public static let dPre = ReportQuantity(key: "D_pre", shape: .estimate, definition: "slope of ln S on ln N over τ ∈ [−analysis.pre_window, 0)")
    public static let dPost = ReportQuantity(key: "D_post", shape: .estimate, definition: "slope of ln S on ln N over τ ∈ [0, analysis.post_window)")
    public static let dPreAll = ReportQuantity(key: "D_pre_all", shape: .estimate, definition: "D from every τ < 0 (diagnostic)")
    public static let dPostAll = ReportQuantity(key: "D_post_all", shape: .estimate, definition: "D from every τ ≥ 0 (diagnostic)")
    public static let dPreSmax = ReportQuantity(key: "D_pre_smax", shape: .estimate, definition: "D of the maximum cascade size before the onset")
    public static let dPostSmax = ReportQuantity(key: "D_post_smax", shape: .estimate, definition: "D of the maximum cascade size after the onset")
    public static let gamma = ReportQuantity(key: "gamma", shape: .estimate, definition: "the exponent of P(s) from the collapse")
    public static let crossingTau = ReportQuantity(key: "crossing_tau", shape: .estimate, definition: "τ* where D(τ) crosses 1")
    public static let dSynth = ReportQuantity(
        key: "D_synth", shape: .estimatePerTopology, definition: "D of the Gaussian control fields, per topology")
    public static let dSynthCV = ReportQuantity(
        key: "D_synth_cv", shape: .number, definition: "coefficient of variation of D_synth across topologies")

    /// The quantities `run --json` copies from the summary, in this order.
    public static let headline: [ReportQuantity] = [
        runs, grokkedRuns, error, dPre, dPost, dPreSmax, dPostSmax, gamma, crossingTau, dSynth, dSynthCV,
    ]

    /// Every declared quantity.
    public static let all: [ReportQuantity] = headline + [dPreAll, dPostAll]
}

extension ReportQuantity {
    /// The table of docs/report-quantities.md's "Headline quantities" section, made from these
    /// declarations (a test holds the document to it).
    public static var markdownTable: String {
        let shapes: [Shape: String] = [
            .estimate: "estimate object", .estimatePerTopology: "estimate object per topology", .number: "number", .integer: "integer",
            .text: "text",
        ]
        let rows = all.map { "| `\($0.key)` | \(shapes[$0.shape]!) | \($0.definition) |" }
        return (["| key | shape | definition |", "|---|---|---|"] + rows).joined(separator: "\n")
    }
}

extension JSONValue {
    /// The value of a declared quantity in a summary (or a topology's entry of it).
    public subscript(quantity: ReportQuantity) -> JSONValue? { self[quantity.key] }
}
