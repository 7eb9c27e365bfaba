import GrokConfig

/// scan.json: one row per probe setting of a probe scan, read off that setting's report.json,
/// and which of the headline conclusions survive every setting (method §7). A pure function of
/// the settings' reports.
public enum ProbeScanSummary {
    public static let format = "grokscale-scan/1"

    /// One setting's coordinates and its report.
    public struct Entry: Sendable {
        public var conservation: Double
        public var quantile: Double
        public var topology: String
        public var mode: String
        public var report: JSONValue

        public init(conservation: Double, quantile: Double, topology: String, mode: String, report: JSONValue) {
            self.conservation = conservation
            self.quantile = quantile
            self.topology = topology
            self.mode = mode
            self.report = report
        }

        var label: String { "c = \(conservation), q = \(quantile), \(topology), \(mode)" }
    }

    /// Held, contradicted or unresolved at one setting.
    enum Verdict: String { case holds, fails, unresolved }

    /// The claims a scan tests; each reads one setting's summary.
    static var claims: [(name: String, test: (JSONValue, String) -> Verdict)] {
        [
            ("D_pre < 1", { s, _ in interval(s["D_pre"]).map { $0.hi < 1 ? .holds : $0.lo > 1 ? .fails : .unresolved } ?? .unresolved }),
            ("D_post > 1", { s, _ in interval(s["D_post"]).map { $0.lo > 1 ? .holds : $0.hi < 1 ? .fails : .unresolved } ?? .unresolved }),
            (
                "D_post > D_pre",
                { s, _ in
                    guard let a = interval(s["D_pre"]), let b = interval(s["D_post"]) else { return .unresolved }
                    return b.lo > a.hi ? .holds : b.hi < a.lo ? .fails : .unresolved
                }
            ),
            (
                "the Gaussian control's D_synth is within its interval of 1",
                { s, t in interval(s["D_synth"]?[t]).map { $0.lo <= 1 && $0.hi >= 1 ? .holds : .fails } ?? .unresolved }
            ),
            (
                "the pooled data collapse holds (S below its limit)",
                { s, _ in
                    switch s["collapse"]?["pooled"]?["verdict"]?.string {
                    case "collapses"?: return .holds
                    case nil, "not fitted"?: return .unresolved
                    default: return .fails
                    }
                }
            ),
            (
                "a power-law regime at some width",
                { s, _ in
                    let fits = s["power_law"]?.array ?? []
                    if fits.isEmpty { return .unresolved }
                    return fits.contains { $0["supported"]?.bool == true } ? .holds : .fails
                }
            ),
        ]
    }

    /// The estimate's interval (``JSONValue/interval``) when both ends are finite.
    static func interval(_ e: JSONValue?) -> (lo: Double, hi: Double)? {
        guard let i = e?.interval, i.lo.isFinite, i.hi.isFinite else { return nil }
        return i
    }

    public static func json(entries: [Entry], base: JSONValue) -> JSONValue {
        let rows: [JSONValue] = entries.map { e in
            let s = e.report["summary"] ?? .object([])
            let b = s["branching"]?["pooled"]
            return .object([
                ("conservation", .number(e.conservation)), ("quantile", .number(e.quantile)),
                ("topology", .string(e.topology)), ("mode", .string(e.mode)),
                ("D_pre", s["D_pre"] ?? .null), ("D_post", s["D_post"] ?? .null), ("D_synth", s["D_synth"]?[e.topology] ?? .null),
                ("sigma_pre", b?["sigma_pre"] ?? .null), ("sigma_post", b?["sigma_post"] ?? .null), ("sigma_control", b?["sigma_control"] ?? .null),
                ("collapse_pooled", s["collapse"]?["pooled"]?["verdict"] ?? .null),
                ("power_law_widths", .int((s["power_law"]?.array ?? []).count { $0["supported"]?.bool == true })),
                ("saturated", .bool(s["D_pre"]?["saturated"]?.bool == true || s["D_post"]?["saturated"]?.bool == true)),
                ("error", s["error"] ?? .null),
            ])
        }
        var conclusions: [JSONValue] = []
        var survive: [String] = [], failing: [String] = []
        for claim in claims {
            var held: [String] = [], failed: [String] = [], open: [String] = []
            for e in entries {
                switch claim.test(e.report["summary"] ?? .object([]), e.topology) {
                case .holds: held.append(e.label)
                case .fails: failed.append(e.label)
                case .unresolved: open.append(e.label)
                }
            }
            let survives = !entries.isEmpty && held.count == entries.count
            if survives {
                survive.append(claim.name)
            } else {
                failing.append("\(claim.name) (fails at \(failed.count), unresolved at \(open.count) of \(entries.count))")
            }
            conclusions.append(
                .object([
                    ("claim", .string(claim.name)), ("survives_every_setting", .bool(survives)),
                    ("holds_at", .array(held.map(JSONValue.string))), ("fails_at", .array(failed.map(JSONValue.string))),
                    ("unresolved_at", .array(open.map(JSONValue.string))),
                ]))
        }
        let words =
            (survive.isEmpty ? "No conclusion survives every probe setting." : "Survives every probe setting: \(survive.joined(separator: "; ")).")
            + (failing.isEmpty ? "" : " Set by the probe (fails or unresolved somewhere): \(failing.joined(separator: "; ")).")
        return .object([
            ("format", .string(format)), ("base_config", base), ("settings", .array(rows)), ("conclusions", .array(conclusions)),
            ("words", .string(words)),
        ])
    }

    /// The sentence of which conclusions survive.
    public static func words(_ scan: JSONValue) -> String { scan["words"]?.string ?? "" }

    /// The text of `<out>/scan.md`, which `grokscale scan` writes: the table and the words.
    public static func markdown(_ scan: JSONValue) -> String {
        func est(_ e: JSONValue?) -> String {
            guard let v = e?["value"]?.double, v.isFinite else { return "—" }
            let ci = interval(e).map { String(format: " [%.3f, %.3f]", $0.lo, $0.hi) } ?? ""
            return String(format: "%.3f", v) + ci
        }
        func f(_ x: JSONValue?) -> String { x?.double.map { String(format: "%.3f", $0) } ?? "—" }
        var out = "# grokscale probe scan\n\n\(scan["words"]?.string ?? "")\n\n"
        out +=
            "| c | q | topology | mode | D_pre | D_post | D_synth | σ pre | σ post | σ control | pooled collapse | power-law widths | saturated |\n"
        out += "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        for r in scan["settings"]?.array ?? [] {
            out +=
                "| \(f(r["conservation"])) | \(f(r["quantile"])) | \(r["topology"]?.string ?? "") | \(r["mode"]?.string ?? "") | \(est(r["D_pre"])) | \(est(r["D_post"])) | \(est(r["D_synth"])) | \(f(r["sigma_pre"])) | \(f(r["sigma_post"])) | \(f(r["sigma_control"])) | \(r["collapse_pooled"]?.string ?? "—") | \(r["power_law_widths"]?.int ?? 0) | \(r["saturated"]?.bool == true ? "yes" : "no") |\n"
        }
        out += "\n## Conclusions\n\n"
        for c in scan["conclusions"]?.array ?? [] {
            let held = c["holds_at"]?.array.count ?? 0, fails = c["fails_at"]?.array.count ?? 0, open = c["unresolved_at"]?.array.count ?? 0
            out +=
                "- \(c["claim"]?.string ?? ""): holds at \(held), fails at \(fails), unresolved at \(open)\(c["survives_every_setting"]?.bool == true ? " — survives every setting" : "")\n"
        }
        return out
    }
}
