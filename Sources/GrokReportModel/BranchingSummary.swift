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
        var byN: [Int: Sums] = [:]
        for r in recorded {
            let b = r.branching!
            var s = byN[r.parameterCount] ?? Sums()
            for (i, epoch) in r.snapshotEpochs.enumerated() where i < b.parents.count {
                let wave = Counts(offspring: b.offspring[i], parents: b.parents[i])
                s.all += wave
                guard let onset = r.onsetEpoch else { continue }
                let tau = epoch - onset
                if tau >= -pre && tau < 0 { s.pre += wave }
                if tau >= 0 && tau < post { s.post += wave }
            }
            s.control += Counts(offspring: b.controlOffspring, parents: b.controlParents)
            byN[r.parameterCount] = s
        }
        let ns = byN.keys.sorted()
        let pooled = ns.reduce(into: Sums()) { $0 += byN[$1]! }
        let rows: [JSONValue] = ns.map { n in
            let s = byN[n]!
            return .object([
                ("N", .int(n)), ("width", widths.width(n).map(JSONValue.int) ?? .null),
                ("sigma_pre", .number(s.pre.sigma)), ("sigma_post", .number(s.post.sigma)),
                ("sigma_all", .number(s.all.sigma)), ("sigma_control", .number(s.control.sigma)),
            ])
        }
        let everySigma = ns.flatMap { n in [byN[n]!.pre, byN[n]!.post, byN[n]!.all].compactMap(\.sigma) }
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
                    ("sigma_pre", .number(pooled.pre.sigma)), ("sigma_post", .number(pooled.post.sigma)),
                    ("sigma_all", .number(pooled.all.sigma)), ("sigma_control", .number(pooled.control.sigma)),
                ])
            ),
            (
                "words",
                .string(
                    words(
                        ns: ns, byN: byN.mapValues { ($0.pre.sigma, $0.post.sigma, $0.control.sigma) }, every: everySigma,
                        c: config.probe.conservation))
            ),
        ])
    }

    /// Σ(s − A₁) and Σ s of some cascades; σ is their ratio.
    struct Counts {
        var offspring = 0, parents = 0
        var sigma: Double? { parents > 0 ? Double(offspring) / Double(parents) : nil }
        static func += (a: inout Counts, b: Counts) {
            a.offspring += b.offspring
            a.parents += b.parents
        }
    }

    /// One width's (or the pool's) counts per phase.
    struct Sums {
        var pre = Counts(), post = Counts(), all = Counts(), control = Counts()
        static func += (a: inout Sums, b: Sums) {
            a.pre += b.pre
            a.post += b.post
            a.all += b.all
            a.control += b.control
        }
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
