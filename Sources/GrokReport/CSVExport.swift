import GrokSweep

/// Tidy CSV exports: one row per observation, a header row, no index column; an empty cell is
/// a missing value (pandas reads it as NaN). `pandas.read_csv(path)` loads them as they are.
public enum CSVExport {
    public static let avalancheColumns = ["width", "seed", "topology", "source", "field", "epoch", "tau", "avalanche", "size", "extent", "duration", "error"]
    public static let runColumns = ["width", "seed", "N", "t_g", "grokked", "snapshot", "epoch", "tau", "loss", "accuracy", "gini"]

    /// One row per cascade (or per probe error), exactly report.json's `avalanches`.
    public static func avalanches(_ report: JSONValue) -> String {
        var out = avalancheColumns.joined(separator: ",") + "\n"
        for row in report["avalanches"]?.array ?? [] {
            var first = true
            for column in avalancheColumns {
                if !first { out += "," }
                first = false
                out += cell(row[column])
            }
            out += "\n"
        }
        return out
    }

    /// One row per (run, snapshot): loss, accuracy and Gini with the epoch and τ.
    public static func runs(_ report: JSONValue) -> String {
        let epochs = (report["snapshot_epochs"]?.array ?? []).compactMap(\.int)
        var out = runColumns.joined(separator: ",") + "\n"
        for run in report["runs"]?.array ?? [] {
            let onset = run["t_g"]?.int
            let loss = run["loss"]?.array ?? [], accuracy = run["accuracy"]?.array ?? [], gini = run["gini"]?.array ?? []
            for (i, epoch) in epochs.enumerated() {
                let fields: [String] = [
                    cell(run["width"]), cell(run["seed"]), cell(run["N"]), cell(run["t_g"]), cell(run["grokked"]),
                    String(i), String(epoch), onset.map { String(epoch - $0) } ?? "",
                    cell(i < loss.count ? loss[i] : nil), cell(i < accuracy.count ? accuracy[i] : nil), cell(i < gini.count ? gini[i] : nil),
                ]
                out += fields.joined(separator: ",") + "\n"
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
