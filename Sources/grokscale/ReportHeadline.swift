import Foundation
import GrokConfig
import GrokReport
import GrokReportModel

/// A few lines with the sweep's headline numbers, each with its uncertainty.
enum ReportHeadline {
    static func text(_ report: JSONValue) -> String {
        guard let summary = report["summary"] else { return "no summary" }
        let single = singleSeed(report)
        // A report of the user's own runs (fit, serve) has a `source` block: its words are steps
        // and runs per size, and a number without a value is never printed with a spread.
        let user = report["source"] != nil
        var lines: [String] = []
        if single {
            lines.append(
                user
                    ? "one run per size: the bootstrap over runs has nothing to resample, so no estimate has an interval (record ≥ 2 runs per size for uncertainties)"
                    : "one seed per width: the bootstrap over seeds has nothing to resample, so no estimate has an interval (use seeds ≥ 2 for uncertainties)"
            )
        }
        if case .string(let group)? = summary["group"] {
            lines.append("headline group: \(group) (groups.headline chooses; every group's section is in report.json → groups)")
        }
        if case .int(let runs)? = summary["runs"], case .int(let grokked)? = summary[.grokkedRuns] {
            lines.append("runs: \(runs), grokked: \(grokked)")
        }
        if case .string(let error)? = summary["error"] { lines.append("error: \(error)") }
        lines += Self.measurementLines(summary, singleSeed: single, userRuns: user)
        for quantity in [ReportQuantity.dPreSmax, .dPostSmax, .dPreAll, .dPostAll] {
            if let e = summary[quantity] { lines.append("\(quantity) = \(estimate(e, singleSeed: single, strict: user))") }
        }
        if case .object(let synth)? = summary[.dSynth] {
            lines.append("D_synth: " + synth.map { "\($0.0) \(estimate($0.1, singleSeed: single, strict: user))" }.joined(separator: ", "))
            if !single, case .string(let primary)? = summary["primary_topology"], case .string(let words)? = summary[.dSynth]?[primary]?["versus_1"] {
                lines.append("D_synth (\(primary)) is \(words)")
            }
        }
        if let cv = summary[.dSynthCV] { lines.append("D_synth CV across topologies = \(number(cv, digits: 4))") }
        if case .object(let c)? = report["completeness"], case .array(let failed)? = c.first(where: { $0.0 == "tasks_failed" })?.1, !failed.isEmpty {
            lines.append("FAILED tasks: \(failed.count) (see completeness.tasks_failed in report.json)")
        }
        return lines.joined(separator: "\n")
    }

    /// True when the sweep has one seed per width: then a bootstrap over seeds returns the same
    /// fit every time, and "± 0.000" would claim a precision the data cannot show.
    static func singleSeed(_ report: JSONValue) -> Bool {
        if case .int(let seeds)? = report["config"]?["seeds"] { return seeds == 1 }
        // User runs (no seeds in their config): one run per size says the same.
        if case .bool(let one)? = report["source"]?["one_run_per_size"] { return one }
        return false
    }

    /// "0.91 ± 0.02 [0.87, 0.95]": the report's own estimate formatter (``NumberFormat/estimate(_:digits:)``),
    /// so terminal and report say the same ("no interval: one seed", "unconstrained", …).
    /// `strict` (user runs): no value prints "n/a", or "unconstrained" when resamples spread anyway.
    static func estimate(_ e: JSONValue, singleSeed: Bool = false, strict: Bool = false) -> String {
        ReportWords.$current.withValue(words(singleSeed: singleSeed, strict: strict)) { NumberFormat.estimate(e) }
    }

    /// The report's words for numbers: a sweep's, or (`strict`) user runs', which print "n/a" or
    /// "unconstrained" without a value and "one run per size" for a single run per size.
    static func words(singleSeed: Bool, strict: Bool) -> ReportWords {
        var words = ReportWords.sweep
        words.strictNumbers = strict
        words.oneRunPerSize = strict && singleSeed
        return words
    }

    static func number(_ v: JSONValue, digits: Int) -> String {
        switch v {
        case .double(let d): return String(format: "%.\(digits)f", d)
        case .int(let i): return String(i)
        default: return "n/a"
        }
    }
}
