import GrokConfig
import GrokReportModel
import GrokTasks

/// Tidy CSV exports (the per-cascade file is ``CascadeCSV``): one row per observation, a header row, no index column; an empty cell is
/// a missing value (pandas reads it as NaN). `pandas.read_csv(path)` loads them as they are.
public enum CSVExport {
    public static let runColumns = ["width", "seed", "N", "t_g", "grokked", "snapshot", "epoch", "tau", "loss", "accuracy", "gini"]

    /// One row per (run, snapshot): loss, accuracy and Gini with the epoch and τ, from the task
    /// results (report.json keeps one summary row per run, not the series).
    public static func runs(_ results: [TaskResult]) -> String {
        runs(records: results.map { RunRecord($0, topologies: []) })
    }

    /// The same from run records (what a streamed report keeps of each run). Runs of a grid with
    /// task axes add a `group` column; runs that recorded indicators add one column per
    /// indicator (in ``IndicatorName`` order): sweeps with neither keep their bytes.
    public static func runs(records: [RunRecord]) -> String {
        let withGroup = records.contains { !$0.task.group.isLegacy }
        var indicatorNames: [String] = []
        for r in records { for s in r.indicators ?? [] where !indicatorNames.contains(s.name) { indicatorNames.append(s.name) } }
        var out = ((withGroup ? ["group"] : []) + runColumns + indicatorNames).joined(separator: ",") + "\n"
        for r in records.sorted(by: { $0.task < $1.task }) {
            let series = indicatorNames.map { name in r.indicators?.first { $0.name == name }?.values ?? [] }
            let onset = r.onsetEpoch
            for (i, epoch) in r.snapshotEpochs.enumerated() {
                let fields: [String] = [
                    String(r.task.width), String(r.task.seedIndex), String(r.parameterCount), onset.map(String.init) ?? "",
                    onset == nil ? "False" : "True", String(i), String(epoch), onset.map { String(epoch - $0) } ?? "",
                    cell(i < r.loss.count ? .number(r.loss[i]) : nil), cell(i < r.accuracy.count ? .number(r.accuracy[i]) : nil),
                    cell(i < r.gini.count ? .number(r.gini[i]) : nil),
                ]
                let group = withGroup ? [quoted(r.task.group.key)] : []
                let indicators = series.map { cell(i < $0.count ? .number($0[i]) : nil) }
                out += (group + fields + indicators).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func cell(_ value: JSONValue?) -> String {
        switch value {
        case .int(let i)?: return String(i)
        case .double(let d)?: return d.isFinite ? d.description : ""
        case .bool(let b)?: return b ? "True" : "False"
        case .string(let s)?: return quoted(s)
        default: return ""
        }
    }

    /// RFC 4180 quoting where needed.
    static func quoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
