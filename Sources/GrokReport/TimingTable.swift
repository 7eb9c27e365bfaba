import GrokConfig

/// report.json's `timing` block as a table (HTML, Markdown) and a tidy CSV (timing.csv).
enum TimingTable {
    static let columns = [
        "width", "N", "runs", "grokked", "p_grok", "p_grok_lo", "p_grok_hi",
        "t_g_km_median", "t_g_km_median_lo", "t_g_km_median_hi", "t_g_km_q25", "t_g_km_q75",
    ]

    /// One row of values per width, in `columns` order (nil: not estimable / not reached).
    static func values(_ timing: JSONValue?) -> [[Double?]] {
        (timing?["per_width"]?.array ?? []).map { w in
            let p = interval(w, prefix: "p_grok_wilson_ci")
            let m = interval(w, prefix: "t_g_km_median_ci")
            return [
                w["width"]?.double, w["N"]?.double, w["runs"]?.double, w["grokked"]?.double, w["p_grok"]?.double,
                p.0, p.1, w["t_g_km_median"]?.double, m.0, m.1, w["t_g_km_q25"]?.double, w["t_g_km_q75"]?.double,
            ]
        }
    }

    private static func interval(_ row: JSONValue, prefix: String) -> (Double?, Double?) {
        guard let pair = row.pairs.first(where: { $0.0.hasPrefix(prefix) })?.1.array, pair.count == 2 else { return (nil, nil) }
        return (pair[0].double, pair[1].double)
    }

    /// The headline table, then (grids with task axes) one per group from `timing.by_group`.
    static func tables(_ data: ReportData) -> [Table] {
        let timing = data.report["timing"]
        let groups = timing?["by_group"]?.array ?? []
        guard !groups.isEmpty else { return [table(timing, id: "timing", group: nil)] }
        return [table(timing, id: "timing", group: timing?["group"]?.string)]
            + groups.map { table($0, id: "timing-\($0["group"]?.string ?? "")", group: $0["group"]?.string) }
    }

    static func table(_ timing: JSONValue?, id: String, group: String?) -> Table {
        let rows = values(timing).map { v -> [String] in
            let int = { (x: Double?) in x.map(NumberFormat.integer) ?? "n/a" }
            return [
                int(v[0]), int(v[1]), "\(int(v[3])) / \(int(v[2]))",
                "\(NumberFormat.fixed(v[4])) [\(NumberFormat.fixed(v[5])), \(NumberFormat.fixed(v[6]))]",
                v[7].map(NumberFormat.integer) ?? "not reached",
                "[\(v[8].map(NumberFormat.integer) ?? "—"), \(v[9].map(NumberFormat.integer) ?? "not reached")]",
                "\(v[10].map(NumberFormat.integer) ?? "—") – \(v[11].map(NumberFormat.integer) ?? "not reached")",
            ]
        }
        var note =
            "Kaplan–Meier over seeds; ungrokked runs are right-censored at \(ReportWords.current.unit) \(timing?["censored_at_epoch"]?.int ?? 0). "
        if let b = timing?["b"], b["value"] != nil {
            note +=
                "t_g ∝ h^-b over widths \((timing?["widths_in_fit"]?.array ?? []).compactMap(\.int).map(String.init).joined(separator: ", ")): b = \(NumberFormat.estimate(b))."
        } else {
            note += "t_g ∝ h^-b: unsupported (\(timing?["b_unsupported"]?.string ?? "no fit"))."
        }
        let title =
            "Grokking times per width\(group.map { id == "timing" ? " (headline group \($0))" : " (group \($0))" } ?? ""): probability (Wilson 95%), Kaplan–Meier median [95%], quartiles"
        return Table(
            id: id, title: title,
            header: ["width", "N", "grokked / runs", "p_grok [95%]", "median t_g", "median 95% interval", "quartiles"],
            rows: rows, note: note)
    }

    /// timing.csv: one row per width; with task axes one row per group and width, the group
    /// in a first column (a legacy XOR report keeps its columns).
    static func csv(_ report: JSONValue) -> String {
        func line(_ v: [Double?]) -> String {
            v.map { x in x.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : $0.description } ?? "" }.joined(separator: ",")
        }
        let groups = report["timing"]?["by_group"]?.array ?? []
        guard !groups.isEmpty else {
            return columns.joined(separator: ",") + "\n" + values(report["timing"]).map { line($0) + "\n" }.joined()
        }
        var out = (["group"] + columns).joined(separator: ",") + "\n"
        for g in groups {
            for v in values(g) { out += (g["group"]?.string ?? "") + "," + line(v) + "\n" }
        }
        return out
    }
}
