import GrokAnalysis
import GrokConfig

/// `summary.branching`: the branching ratio σ of the headline group's cascades on the primary
/// topology, per width and phase (method §7; ``BranchingRatio``), present when the probe
/// recorded first waves (`probe.branching`). Each σ pools its cascades (Σ(s − A₁) / Σ s); the
/// phases are the fixed windows of D_pre and D_post.
enum BranchingSummary {
    static func json(config: SweepConfig, runs: [RunRecord], widths: WidthLookup) -> JSONValue? {
        let recorded = runs.filter { $0.branching != nil }
        guard !recorded.isEmpty else { return nil }
        let pre = config.analysis.preWindow, post = config.analysis.postWindow
        struct Sums {
            var pre = (0, 0), post = (0, 0), all = (0, 0), control = (0, 0)
        }
        var byN: [Int: Sums] = [:]
        for r in recorded {
            let b = r.branching!
            var s = byN[r.parameterCount] ?? Sums()
            for (i, epoch) in r.snapshotEpochs.enumerated() where i < b.parents.count {
                let pair = (b.offspring[i], b.parents[i])
                s.all = (s.all.0 + pair.0, s.all.1 + pair.1)
                guard let onset = r.onsetEpoch else { continue }
                let tau = epoch - onset
                if tau >= -pre && tau < 0 { s.pre = (s.pre.0 + pair.0, s.pre.1 + pair.1) }
                if tau >= 0 && tau < post { s.post = (s.post.0 + pair.0, s.post.1 + pair.1) }
            }
            s.control = (s.control.0 + b.controlOffspring, s.control.1 + b.controlParents)
            byN[r.parameterCount] = s
        }
        func sigma(_ p: (Int, Int)) -> Double? { p.1 > 0 ? Double(p.0) / Double(p.1) : nil }
        let ns = byN.keys.sorted()
        var pooled = Sums()
        for s in byN.values {
            pooled.pre = (pooled.pre.0 + s.pre.0, pooled.pre.1 + s.pre.1)
            pooled.post = (pooled.post.0 + s.post.0, pooled.post.1 + s.post.1)
            pooled.all = (pooled.all.0 + s.all.0, pooled.all.1 + s.all.1)
            pooled.control = (pooled.control.0 + s.control.0, pooled.control.1 + s.control.1)
        }
        let rows: [JSONValue] = ns.map { n in
            let s = byN[n]!
            return .object([
                ("N", .int(n)), ("width", widths.width(n).map(JSONValue.int) ?? .null),
                ("sigma_pre", .number(sigma(s.pre))), ("sigma_post", .number(sigma(s.post))),
                ("sigma_all", .number(sigma(s.all))), ("sigma_control", .number(sigma(s.control))),
            ])
        }
        let everySigma = ns.flatMap { n in [byN[n]!.pre, byN[n]!.post, byN[n]!.all].compactMap(sigma) }
        return .object([
            (
                "definition",
                .string(
                    "σ = Σ(s − A₁) / Σ s over the cascades: topplings of wave t + 1 over wave t, the last wave followed by none (Harris's estimate); 1 at criticality, below 1 for a dissipative relaxation"
                )
            ),
            ("per_width", .array(rows)),
            (
                "pooled",
                .object([
                    ("sigma_pre", .number(sigma(pooled.pre))), ("sigma_post", .number(sigma(pooled.post))),
                    ("sigma_all", .number(sigma(pooled.all))), ("sigma_control", .number(sigma(pooled.control))),
                ])
            ),
            (
                "words",
                .string(
                    words(
                        ns: ns, byN: byN.mapValues { (sigma($0.pre), sigma($0.post), sigma($0.control)) }, every: everySigma,
                        c: config.probe.conservation))
            ),
        ])
    }

    static func words(ns: [Int], byN: [Int: (pre: Double?, post: Double?, control: Double?)], every: [Double], c: Double) -> String {
        guard let lo = every.min(), let hi = every.max() else { return "No cascade toppled: σ is undefined." }
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "–" }
        var out = "σ lies in [\(f(lo)), \(f(hi))] over every width and phase"
        out += hi < 1 ? ": every cascade is subcritical on average, as a relaxation that passes on c = \(c) of each toppling's load is." : "."
        if let first = ns.first, let last = ns.last, first != last, let a = byN[first], let b = byN[last] {
            out +=
                " From N = \(first) to N = \(last): σ_pre \(f(a.pre)) → \(f(b.pre)), σ_post \(f(a.post)) → \(f(b.post)), Gaussian control \(f(a.control)) → \(f(b.control))."
        }
        return out
    }
}
