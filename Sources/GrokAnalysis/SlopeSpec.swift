/// One bootstrapped slope-type quantity over the widths: a group of the seed table, a
/// statistic, the widths that take part, and whether it is the slope or the curvature.
struct SlopeSpec: Sendable {
    var group: Int
    var statistic: ScalingStatistic
    /// Widths that take part (fixed by the full data, so every resample fits the same widths).
    var mask: [Bool]
    /// Fewer taking-part widths than this: no fit (NaN).
    var minimum: Int
    var curvature = false

    var used: Int { mask.filter { $0 }.count }

    /// The quantity under `weight`; strict: a taking-part width without a defined S voids the fit.
    func evaluate(_ table: SeedTable, _ scratch: inout SlopeScratch, weight: UnsafePointer<Double>) -> (d: Double, r2: Double) {
        guard used >= minimum else { return (.nan, .nan) }
        if curvature { return (scratch.curvature(table, group: group, statistic: statistic, weight: weight, mask: mask, strict: true), .nan) }
        let f = scratch.slope(table, group: group, statistic: statistic, weight: weight, minimum: minimum, mask: mask, strict: true)
        return (f.d, f.r2)
    }

    /// Half the range of the refits without each taking-part width (needs 3 widths).
    func systematic(_ table: SeedTable, _ scratch: inout SlopeScratch, ones: UnsafePointer<Double>) -> Double? {
        guard !curvature, used >= 3 else { return nil }
        var lo = Double.infinity, hi = -Double.infinity
        for w in mask.indices where mask[w] {
            let d = scratch.slope(table, group: group, statistic: statistic, weight: ones, minimum: 2, mask: mask, excluded: w, strict: true).d
            guard d.isFinite else { return nil }
            lo = Swift.min(lo, d); hi = Swift.max(hi, d)
        }
        return (hi - lo) / 2
    }

    /// The N of the taking-part widths.
    func parameterCounts(_ table: SeedTable) -> [Int] { mask.indices.filter { mask[$0] }.map { table.parameterCounts[$0] } }

    /// Masks of the sliding groups of `size` adjacent taking-part widths.
    func localGroups(size: Int) -> [[Bool]] {
        let members = mask.indices.filter { mask[$0] }
        guard members.count >= size else { return [] }
        return (0...(members.count - size)).map { start in
            var m = [Bool](repeating: false, count: mask.count)
            for w in members[start..<(start + size)] { m[w] = true }
            return m
        }
    }
}
