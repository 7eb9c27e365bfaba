import GrokAnalysis

/// What the local slopes say in words, for grids spanning at least two decades of N (the `wide`
/// answer, method §7): over which N the slope is resolvably above 1, below 1, or neither, before
/// and after the onset, and the Gaussian control's beside them. One global D hides exactly this.
public enum LocalSlopeWords {
    /// N_max / N_min at which the sentence is written (two decades).
    static let minimumSpan = 100

    public static func sentence(pre: [LocalSlope], post: [LocalSlope], control: [LocalSlope]?) -> String? {
        let all = pre + post
        guard let lo = all.map(\.nLo).min(), let hi = all.map(\.nHi).max(), lo > 0, hi >= minimumSpan * lo else { return nil }
        var parts = ["Local slopes over N = \(lo) … \(hi):"]
        parts.append("after the onset, " + phase(post) + ";")
        parts.append("before the onset, " + phase(pre) + ".")
        if let control, !control.isEmpty { parts.append("The Gaussian control: " + phase(control) + ".") }
        // Adjacent-width slopes overlap: say where the last slope above 1 ends and from where on
        // every slope is below 1.
        let sorted = post.filter { $0.d.value.isFinite }.sorted { $0.nLo < $1.nLo }
        if let above = sorted.filter({ ($0.d.ci.first ?? .nan) > 1 }).map(\.nHi).max(),
            let tail = sorted.indices.first(where: { i in sorted[i...].allSatisfy { ($0.d.ci.last ?? .nan) < 1 } })
        {
            parts.append(
                "D_post > 1 holds only up to N ≈ \(above); every local slope from N ≈ \(sorted[tail].nLo) on is below 1, so a D_post > 1 fitted over the whole range is a small-N effect."
            )
        }
        return parts.joined(separator: " ")
    }

    /// "above 1 over N = 65–400, 400–1000; below 1 over …; within its interval of 1 over …".
    static func phase(_ slopes: [LocalSlope]) -> String {
        func span(_ l: LocalSlope) -> String { "\(l.nLo)–\(l.nHi) (\(String(format: "%.2f", l.d.value)))" }
        var above: [String] = [], below: [String] = [], neither: [String] = []
        for l in slopes where l.d.value.isFinite {
            let ci = l.d.ci
            if ci.count == 2, ci[0].isFinite, ci[0] > 1 {
                above.append(span(l))
            } else if ci.count == 2, ci[1].isFinite, ci[1] < 1 {
                below.append(span(l))
            } else {
                neither.append(span(l))
            }
        }
        var out: [String] = []
        if !above.isEmpty { out.append("above 1 over N = \(above.joined(separator: ", "))") }
        if !below.isEmpty { out.append("below 1 over N = \(below.joined(separator: ", "))") }
        if !neither.isEmpty { out.append("not resolved from 1 over N = \(neither.joined(separator: ", "))") }
        return out.isEmpty ? "no local slope could be fitted" : out.joined(separator: "; ")
    }
}
