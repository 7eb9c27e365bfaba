import GrokConfig
import GrokReportModel

/// The per-group sections of a sweep with task axes (report.json → `groups`): one comparison
/// table across groups, then one table per group. Legacy XOR reports have no `groups` block and
/// get no table from here.
enum GroupTables {
    static func all(_ data: ReportData) -> [Table] {
        guard let groups = data.report["groups"] else { return [] }
        let level = "ci95"
        func interval(_ v: JSONValue?) -> String {
            guard let b = v?[level]?.array, b.count == 2 else { return "—" }
            return "[\(NumberFormat.fixed(b[0].double, 0)), \(NumberFormat.fixed(b[1].double, 0))]"
        }
        let comparison = Table(
            id: "groups", title: "Groups compared (\(groups["topology"]?.string ?? "")): grokking, onset and D",
            header: ["group", "runs", "grokked", "P(grok)", "median t_g", "t_g/t_train", "D_pre", "D_post", "crossing", "lead", "lead vs control"],
            rows: (groups["comparison"]?.array ?? []).map { r in
                [
                    r["group"]?.string ?? "", "\(r["runs"]?.int ?? 0)", "\(r["grokked"]?.int ?? 0)",
                    NumberFormat.fixed(r["grokking_probability"]?.double, 2), r["t_g_median"]?.int.map(String.init) ?? "—",
                    NumberFormat.fixed(r["t_g_over_t_train_median"]?.double, 2), NumberFormat.fixed(r["D_pre"]?.double),
                    NumberFormat.fixed(r["D_post"]?.double),
                    (r["crossing"]?.string ?? "none") + (r["crossing_tau"]?.double.map { " at τ ≈ \(NumberFormat.fixed($0, 0))" } ?? ""),
                    r["lead_time"]?.int.map(String.init) ?? "—", r["lead_time_vs_control"]?.int.map(String.init) ?? "—",
                ]
            },
            note:
                "t_g: first epoch with test accuracy ≥ \(NumberFormat.fixed(groups["onset_accuracy"]?.double, 2)); median t_g is Kaplan–Meier with ungrokked runs censored. Lead: epochs before onset from which grokked and ungrokked D(τ) bands stay apart."
        )
        let sections = (groups["sections"]?.array ?? []).map { s -> Table in
            let warning = s["early_warning"], versus = s["early_warning_vs_control"], aligned = s["ungrokked_aligned"]
            var rows: [[String]] = [
                ["setup", (s["setup"]?.string ?? "") + (s["inferred_setup"]?.bool == true ? " — inferred setup" : "")],
                ["runs (grokked)", "\(s["runs"]?.int ?? 0) (\(s["grokked"]?.int ?? 0))"],
                [
                    "grokking probability [Wilson 95%]",
                    NumberFormat.fixed(s["grokking_probability"]?["value"]?.double, 2) + " " + intervalText(s["grokking_probability"]?[level]),
                ],
                [
                    "median t_g (Kaplan–Meier) [bootstrap 95%]",
                    (s["t_g_median"]?["value"]?.int.map(String.init) ?? "not reached") + " " + interval(s["t_g_median"]),
                ],
                [
                    "median t_train; median t_g/t_train",
                    NumberFormat.fixed(s["t_train_median"]?.double, 0) + "; " + NumberFormat.fixed(s["t_g_over_t_train_median"]?.double, 2),
                ],
                ["D_pre", NumberFormat.estimate(s[.dPre])],
                ["D_post", NumberFormat.estimate(s[.dPost])],
                [
                    "crossing nearest onset",
                    s["crossing_nearest_onset"]?["direction"]?.string.map {
                        "\($0) at τ ≈ \(NumberFormat.fixed(s["crossing_nearest_onset"]?["tau"]?.double, 0))"
                    } ?? "none",
                ],
                [
                    "ungrokked, aligned at median t_g: runs; D_pre; D_post",
                    "\(aligned?["runs"]?.int ?? 0); \(NumberFormat.estimate(aligned?["D_pre"])); \(NumberFormat.estimate(aligned?["D_post"]))",
                ],
                ["early warning: lead [bootstrap 95%]", leadText(warning)],
            ]
            if let finding = s["source_finding"]?.string, !finding.isEmpty { rows.insert(["what the source found", finding], at: 1) }
            if let answers = s["known_answer"]?.array {
                rows.append([
                    "exact (known answer) per width: P(grok), median t_g; observed P(grok)",
                    answers.map { a in
                        "h \(a["width"]?.int ?? 0): \(NumberFormat.fixed(a["p_grok"]?.double, 3)), \(a["t_g_median"]?.int.map(String.init) ?? "—"); \(NumberFormat.fixed(a["p_grok_observed"]?.double, 3))"
                    }.joined(separator: " · "),
                ])
            }
            if let histogram = s["overlap_histogram"] { rows += overlapRows(histogram) }
            if versus != nil { rows.append(["early warning vs \(versus?["reference"]?.string ?? "control")", leadText(versus)]) }
            if let error = s["error"]?.string { rows.append(["error", error]) }
            return Table(
                id: "group-\(s["group"]?.string ?? "")", title: "Group \(s["group"]?.string ?? "")", header: ["quantity", "value"], rows: rows)
        }
        return [comparison] + sections
    }

    /// One row per width and chosen epoch: the mean share of neurons in each |Φ| bin.
    static func overlapRows(_ h: JSONValue) -> [[String]] {
        let edges = (h["edges"]?.array ?? []).compactMap(\.double)
        let bins = edges.indices.map { i in
            i + 1 < edges.count ? "\(NumberFormat.fixed(edges[i], 2))–\(NumberFormat.fixed(edges[i + 1], 2))" : "≥ \(NumberFormat.fixed(edges[i], 2))"
        }
        return (h["rows"]?.array ?? []).map { r in
            let when = r["at"]?.string == "onset" ? "at onset" : "epoch \(r["epoch"]?.int.map(String.init) ?? "?")"
            let shares = (r["shares"]?.array ?? []).map { NumberFormat.fixed($0.double, 2) }
            return [
                "|Φ| histogram, h \(r["width"]?.int ?? 0), \(when) (\(r["runs"]?.int ?? 0) runs)",
                zip(bins, shares).map { "\($0): \($1)" }.joined(separator: " · "),
            ]
        }
    }

    static func intervalText(_ v: JSONValue?) -> String {
        guard let b = v?.array, b.count == 2 else { return "" }
        return "[\(NumberFormat.fixed(b[0].double, 2)), \(NumberFormat.fixed(b[1].double, 2))]"
    }

    static func leadText(_ w: JSONValue?) -> String {
        if let error = w?["error"]?.string { return "— (\(error))" }
        let lead = w?["lead_time"]?.int.map { "\($0) epochs" } ?? "none"
        guard let b = w?["ci95"]?.array, b.count == 2 else { return lead }
        return
            "\(lead) [\(NumberFormat.fixed(b[0].double, 0)), \(NumberFormat.fixed(b[1].double, 0))], warning in \(NumberFormat.fixed((w?["warning_share"]?.double).map { $0 * 100 }, 0))% of resamples"
    }
}
