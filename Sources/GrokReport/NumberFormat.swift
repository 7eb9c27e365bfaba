import Foundation
import GrokConfig

/// Numbers as a reader wants them: an estimate always with its spread and interval.
public enum NumberFormat {
    /// Fixed decimals; "n/a" for a missing or non-finite value.
    public static func fixed(_ value: Double?, _ digits: Int = 3) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return String(format: "%.\(digits)f", value)
    }

    /// "0.912 ± 0.021 [0.871, 0.953]" from an estimate object of report.json.
    public static func estimate(_ e: JSONValue?, digits: Int = 3) -> String {
        guard let e else { return "n/a" }
        if let error = e["error"]?.string { return "error: \(error)" }
        if ReportWords.current.strictNumbers {
            // User runs: no spread without a value, no interval a single run per size cannot have.
            guard let value = e["value"]?.double, value.isFinite else {
                return e["std"]?.double != nil || e.interval != nil ? "unconstrained (no value; resamples spread)" : "n/a"
            }
            if ReportWords.current.oneRunPerSize { return "\(fixed(value, digits)) (no interval: one run per size)" }
        }
        // No value, but resamples that spread: there is no estimate to give a ± to.
        if e["value"]?.double?.isFinite != true, e["std"]?.double != nil || e.interval != nil {
            return "unconstrained (no value; resamples spread)"
        }
        // A spread a hundred times the estimate's own scale is no interval (γ = 0.434 ± 28279.758):
        // the data do not constrain it, whatever the value says.
        if let value = e["value"]?.double, let std = e["std"]?.double, std.isFinite, std > 100 * max(abs(value), 1) {
            return "\(fixed(value, digits)), unconstrained (bootstrap spread ≫ the estimate)"
        }
        // A bootstrap whose every resample gave the same fit (one seed per width) has no spread
        // to show; "± 0.000" would claim a precision the data cannot give.
        if e["std"]?.double == 0, let ci = e.interval, ci.lo == ci.hi {
            return "\(fixed(e["value"]?.double, digits)) (no interval: one seed)"
        }
        var text = "\(fixed(e["value"]?.double, digits)) ± \(fixed(e["std"]?.double, digits))"
        if let ci = e.interval { text += " [\(fixed(ci.lo, digits)), \(fixed(ci.hi, digits))]" }
        return text
    }

    /// "1.118 ± 0.026 (stat) ± 0.065 (width range) [1.073, 1.174]": an estimate with its
    /// width-range systematic, the one form the report's tables and the terminal print. The words
    /// of ``estimate(_:digits:)`` where there is no spread to show (one seed, one run per size,
    /// no value).
    public static func statAndSystematic(_ e: JSONValue) -> String {
        var text: String
        if ReportWords.current.strictNumbers, e["error"] == nil, e["value"]?.double == nil || ReportWords.current.oneRunPerSize {
            text = estimate(e)  // "n/a", "unconstrained" or "(no interval: one run per size)"
            if e["value"]?.double != nil, let s = e["systematic"]?.double { text += " ± \(fixed(s)) (width range)" }
        } else if e["std"]?.double == 0, let ci = e.interval, ci.lo == ci.hi {
            text = estimate(e)  // one seed: "(no interval: one seed)", never ± 0.000
            if let s = e["systematic"]?.double { text += " ± \(fixed(s)) (width range)" }
        } else {
            text = "\(fixed(e["value"]?.double)) ± \(fixed(e["std"]?.double)) (stat)"
            if let s = e["systematic"]?.double { text += " ± \(fixed(s)) (width range)" }
            if let ci = e.interval { text += " [\(fixed(ci.lo)), \(fixed(ci.hi))]" }
        }
        return text
    }

    /// A number as whole digits, truncated toward zero ("1200"); a value no Int holds as Swift
    /// prints it ("1e+300", "nan") — never a conversion that traps.
    public static func integer(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 9.0e18 else { return value.description }
        return String(Int(value))
    }

    /// Axis tick labels: few digits, no trailing zeros.
    static func tick(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 { return String(format: "%.0e", value) }
        var text = String(format: magnitude >= 100 ? "%.0f" : "%.3f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
