import Foundation
import GrokConfig
import GrokReport
import GrokReportModel

extension ReportHeadline {
    /// `D_post = 1.12 ± 0.02 (stat) ± 0.06 (width range)` for D_pre and D_post, then the curvature,
    /// τ*, the collapse verdicts, the power-law verdict, the Gini peak and every warning.
    static func measurementLines(_ summary: JSONValue, singleSeed: Bool = false, userRuns: Bool = false) -> [String] {
        var lines: [String] = []
        let units = userRuns ? "steps" : "epochs"
        for quantity in [ReportQuantity.dPre, .dPost] {
            guard let e = summary[quantity] else { continue }
            lines.append("\(quantity) = \(statAndSystematic(e, singleSeed: singleSeed, userRuns: userRuns))")
        }
        for phase in ["pre", "post"] {
            if let words = summary["curvature"]?[phase]?["words"]?.text, summary["curvature"]?[phase]?["excludes_zero"]?.flag == true {
                lines.append("\(phase) window: \(words)")
            }
        }
        if let c = summary[.crossingTau], case .double = c["value"] ?? .null {
            let spread = singleSeed ? " (no interval: \(userRuns ? "one run per size" : "one seed"))" : " ± \(number(c["std"] ?? .null, digits: 0))"
            lines.append(
                "crossing τ* = \(number(c["value"] ?? .null, digits: 0))\(spread) \(units) (windows of \(number(c["resolution_epochs"] ?? .null, digits: 0)))"
            )
        } else {
            lines.append("crossing τ*: none between covered windows")
        }
        if let g = summary[.gamma] { lines.append("gamma (pooled collapse) = \(estimate(g, singleSeed: singleSeed, strict: userRuns))") }
        for phase in ["pre", "post", "pooled"] {
            guard let c = summary["collapse"]?[phase], let verdict = c["verdict"]?.text else { continue }
            let valueless = userRuns && c["D"]?["value"]?.real == nil
            let spread = singleSeed || valueless ? "" : " ± \(number(c["D"]?["std"] ?? .null, digits: 2))"
            lines.append(
                "collapse \(phase): \(verdict) (S = \(number(c["S"] ?? .null, digits: 1)), D = \(number(c["D"]?["value"] ?? .null, digits: 2))\(spread))"
            )
        }
        let laws = summary["power_law"]?.items ?? []
        let supported = laws.filter { $0["supported"]?.flag == true }.count
        if !laws.isEmpty {
            let spans = laws.compactMap { $0["tail_decades"]?.real }
            let span = spans.isEmpty ? "" : String(format: " (tails span %.1f–%.1f decades)", spans.min()!, spans.max()!)
            lines.append(
                supported == 0
                    ? "power law: no power-law regime at any of \(laws.count) widths\(span)"
                    : "power law: supported at \(supported) of \(laws.count) widths")
        }
        if let g = summary["gini_peak"]?["overall"], case .double(let m)? = g["median"] {
            lines.append(
                String(format: "Gini peak: median %+.1f%% over the pre-onset level, at τ ≈ %.0f", m * 100, g["median_tau_peak"]?.real ?? .nan))
        }
        for w in summary["warnings"]?.items ?? [] { if let text = w.text { lines.append("WARNING: \(text)") } }
        return lines
    }

    /// "1.118 ± 0.026 (stat) ± 0.060 (width range) [1.073, 1.174]", with a saturation mark: the
    /// report's own formatter (``NumberFormat/statAndSystematic(_:)``), so both say the same.
    static func statAndSystematic(_ e: JSONValue, singleSeed: Bool = false, userRuns: Bool = false) -> String {
        if case .string(let error)? = e["error"] { return "error: \(error)" }
        guard case .double = e["value"] ?? .null else { return userRuns ? "n/a (why: the warning below)" : "n/a (not enough widths in the window)" }
        let text = ReportWords.$current.withValue(words(singleSeed: singleSeed, strict: userRuns)) { NumberFormat.statAndSystematic(e) }
        return text + (e["saturated"]?.flag == true ? " (SATURATED)" : "")
    }
}

/// Read-side helpers for the headline (GrokReport's are internal to it).
fileprivate extension JSONValue {
    var text: String? { if case .string(let s) = self { return s }; return nil }
    var flag: Bool? { if case .bool(let b) = self { return b }; return nil }
    var items: [JSONValue] { if case .array(let a) = self { return a }; return [] }
    var real: Double? {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }
}
