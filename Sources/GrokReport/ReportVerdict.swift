import Foundation
import GrokConfig
import GrokReportModel

/// The report's first words: what the data support and what they do not, from report.json's
/// summary alone — D before and after the onset with both uncertainties and against 1, whether
/// D changes across the onset, whether it depends on the width range, whether a crossing of 1
/// is resolved (and which estimate to quote), and what the Gaussian control says. Every
/// sentence is computed; a quantity the data cannot support is said to be unsupported.
enum ReportVerdict {
    static func sentences(_ data: ReportData) -> [String] {
        let s = data.summary
        let units = ReportWords.current.units
        var out: [String] = []
        let runs = s["runs"]?.int ?? 0, grokked = s[.grokkedRuns]?.int ?? 0
        out.append("\(runs) run\(runs == 1 ? "" : "s"), \(grokked) grokked within the budget.")
        let pre = estimate(s[.dPre]), post = estimate(s[.dPost])
        out.append(phase("before the onset", pre, s[.dPre]))
        out.append(phase("after the onset", post, s[.dPost]))
        let noInterval = ReportWords.current.oneRunPerSize
        if let pre, let post, noInterval {
            out.append("D_post − D_pre = \(signed(post.value - pre.value)) (no interval: one run per size).")
        } else if let pre, let post {
            let delta = post.value - pre.value, sigma = (pre.sigma * pre.sigma + post.sigma * post.sigma).squareRoot()
            let z = sigma > 0 ? abs(delta) / sigma : .infinity
            out.append(
                z < 2
                    ? "D does not change resolvably across the onset: D_post − D_pre = \(signed(delta)) ± \(NumberFormat.fixed(sigma)) (stat and width range combined)."
                    : "D \(delta > 0 ? "rises" : "falls") across the onset by \(NumberFormat.fixed(abs(delta))) (\(NumberFormat.fixed(z, 1))σ, stat and width range combined)."
            )
        }
        out.append(widthDependence(s))
        out.append(crossing(s, units: units))
        if let control = controlSentence(s, primary: data.primary) { out.append(control) }
        if let words = s["local_slopes"]?["words"]?.string { out.append(words) }
        return out + WarningReport.sentences(data)
    }

    static func signed(_ x: Double) -> String { (x >= 0 ? "+" : "−") + NumberFormat.fixed(abs(x)) }

    struct Estimate { var value: Double; var stat: Double; var systematic: Double; var sigma: Double }

    static func estimate(_ e: JSONValue?) -> Estimate? {
        guard let v = e?["value"]?.double, v.isFinite else { return nil }
        let stat = e?["std"]?.double ?? 0, sys = e?["systematic"]?.double ?? 0
        guard stat.isFinite, sys.isFinite else { return nil }
        return Estimate(value: v, stat: stat, systematic: sys, sigma: (stat * stat + sys * sys).squareRoot())
    }

    static func phase(_ name: String, _ e: Estimate?, _ json: JSONValue?) -> String {
        let window = json?["window"]?.array.compactMap(\.int) ?? []
        let span = window.count == 2 ? " (τ ∈ [\(window[0]), \(window[1])))" : ""
        guard let e else { return "D \(name)\(span): not estimated — the data do not support a fit (see Diagnostics)." }
        if ReportWords.current.oneRunPerSize {
            return "D \(name)\(span) = \(NumberFormat.fixed(e.value)) (no interval: one run per size, so nothing to compare with 1)."
        }
        return
            "D \(name)\(span) = \(NumberFormat.fixed(e.value)) ± \(NumberFormat.fixed(e.stat)) (stat) ± \(NumberFormat.fixed(e.systematic)) (width range): \(againstOne(e))."
    }

    static func againstOne(_ e: Estimate) -> String {
        guard e.sigma > 0 else { return e.value == 1 ? "equal to 1" : "no uncertainty to compare with 1" }
        let z = (e.value - 1) / e.sigma
        let basis = e.systematic > 0 ? ", stat and width range combined" : ""
        if abs(z) < 2 { return "consistent with 1 (\(NumberFormat.fixed(abs(z), 1))σ \(z < 0 ? "below" : "above")\(basis))" }
        return "\(z < 0 ? "below" : "above") 1 by \(NumberFormat.fixed(abs(z), 1))σ\(basis)"
    }

    /// The phases ("pre", "post") whose ln S is curved in ln N (the curvature's interval excludes 0).
    static func curvedPhases(_ s: JSONValue) -> [String] {
        ["pre", "post"].filter { s["curvature"]?[$0]?["excludes_zero"]?.bool == true }
    }

    static func widthDependence(_ s: JSONValue) -> String {
        let curved = curvedPhases(s)
        let slopes = (s["local_slopes"]?["post"]?.array ?? []).compactMap { l -> String? in
            guard let d = l["D"]?.double, let lo = l["width_lo"]?.int, let hi = l["width_hi"]?.int else { return nil }
            return "\(NumberFormat.fixed(d)) (h \(lo)–\(hi))"
        }
        let local = slopes.count > 1 ? " After the onset the local slopes are \(slopes.joined(separator: ", "))." : ""
        if curved.isEmpty { return "No curvature of ln S in ln N is resolved: one D describes the width range.\(local)" }
        let which = curved.count == 2 ? "before and after the onset" : (curved[0] == "pre" ? "before the onset" : "after the onset")
        return
            "D depends on the width range: ln S is curved in ln N \(which), so D is a slope over these widths, not a width-independent exponent.\(local)"
    }

    static func crossing(_ s: JSONValue, units: String) -> String {
        let c = s[.crossingTau]
        guard let v = c?["value"]?.double, v.isFinite else {
            return "No crossing of D = 1 is resolved in the windows every width takes part in; the fine-window estimate is a diagnostic only."
        }
        let interval = c?.interval.map { " [\(NumberFormat.fixed($0.lo, 0)), \(NumberFormat.fixed($0.hi, 0))]" } ?? ""
        let std = c?["std"]?.double.map { " ± \(NumberFormat.fixed($0, 0))" } ?? ""
        return
            "D crosses 1 at τ* = \(NumberFormat.fixed(v, 0))\(std) \(units)\(interval), \(v < 0 ? "before" : "after") the onset: the estimate to quote (windows every width takes part in). The fine-window τ* is a diagnostic with fewer widths per window."
    }

    static func controlSentence(_ s: JSONValue, primary: String) -> String? {
        guard let e = estimate(s[.dSynth]?[primary]) else { return nil }
        if ReportWords.current.oneRunPerSize {
            return
                "The Gaussian control (i.i.d. fields on the same graphs) gives D_synth = \(NumberFormat.fixed(e.value)) (no interval: one run per size). It is the probe's own baseline."
        }
        return
            "The Gaussian control (i.i.d. fields on the same graphs) gives D_synth = \(NumberFormat.fixed(e.value)) ± \(NumberFormat.fixed(e.sigma)): \(againstOne(e)). It is the probe's own baseline: a D near it says as much about the probe as about the network."
    }
}
