/// Scratch for one slope (or quadratic) fit of ln S on ln N over a set of widths, in ascending N.
struct SlopeScratch {
    var lx: [Double]
    var ly: [Double]
    var pooled = [Double](repeating: 0, count: SeedTable.fields)
    /// When set, the fields of (w, g) are read at source + (w · groups + g) · fields (one
    /// resample's ``PooledColumns`` output) instead of being pooled again for every fit.
    var source: UnsafePointer<Double>?

    init(widths: Int) {
        lx = [Double](repeating: 0, count: widths)
        ly = lx
    }

    /// Fills lx/ly with the widths w in `range` where mask[w] (all when nil) and S is defined;
    /// returns how many. `strict`: any selected width without a defined S makes the fit void (-1),
    /// so a resample never silently fits fewer widths than the full data.
    mutating func collect(
        _ table: SeedTable, group g: Int, statistic: ScalingStatistic, weight: UnsafePointer<Double>,
        mask: [Bool]?, range: Range<Int>? = nil, excluded: Int? = nil, strict: Bool
    ) -> Int {
        var n = 0
        for w in range ?? 0..<table.widths where w != excluded && (mask?[w] ?? true) {
            let v: Double
            if let source {
                v = table.lnStatistic(width: w, group: g, statistic, weight: weight, from: source + (w * table.groups + g) * SeedTable.fields)
            } else {
                v = pooled.withUnsafeMutableBufferPointer { p in
                    table.lnStatistic(width: w, group: g, statistic, weight: weight, pooled: p.baseAddress!)
                }
            }
            if v.isFinite { lx[n] = table.lnN[w]; ly[n] = v; n += 1 } else if strict { return -1 }
        }
        return n
    }

    /// D, R² and widths used; D is NaN with fewer than `minimum` widths.
    mutating func slope(
        _ table: SeedTable, group g: Int, statistic: ScalingStatistic, weight: UnsafePointer<Double>,
        minimum: Int, mask: [Bool]? = nil, range: Range<Int>? = nil, excluded: Int? = nil,
        strict: Bool = false
    ) -> (d: Double, r2: Double, used: Int) {
        let n = collect(table, group: g, statistic: statistic, weight: weight, mask: mask, range: range, excluded: excluded, strict: strict)
        guard n >= minimum, n >= 2 else { return (.nan, .nan, Swift.max(n, 0)) }
        let fit = lx.withUnsafeBufferPointer { px in
            ly.withUnsafeBufferPointer { py in LogLogFit.fitLogs(px.baseAddress!, py.baseAddress!, count: n) }
        }
        guard let f = fit else { return (.nan, .nan, n) }
        return (f.slope, f.r2, n)
    }

    /// The quadratic coefficient c of ln S = a + b·x + c·x², x = ln N (least squares); NaN with fewer than 4 widths.
    mutating func curvature(
        _ table: SeedTable, group g: Int, statistic: ScalingStatistic, weight: UnsafePointer<Double>,
        mask: [Bool]?, strict: Bool = false
    ) -> Double {
        let n = collect(table, group: g, statistic: statistic, weight: weight, mask: mask, strict: strict)
        guard n >= 4 else { return .nan }
        return QuadraticFit.coefficient(Array(lx[0..<n]), Array(ly[0..<n]))
    }
}

/// Least-squares parabola y = a + b x + c x²: the curvature c of ln S in ln N (0 for a pure power law).
public enum QuadraticFit {
    /// c, from the normal equations in centred x (solved by Cramer's rule on the 3 × 3 system);
    /// NaN with fewer than 3 points or a singular system.
    public static func coefficient(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        guard x.count >= 3, x.count == y.count else { return .nan }
        var mx = 0.0
        for v in x { mx += v }
        mx /= n
        var s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, t0 = 0.0, t1 = 0.0, t2 = 0.0
        for (xv, yv) in zip(x, y) {
            let u = xv - mx
            s1 += u; s2 += u * u; s3 += u * u * u; s4 += u * u * u * u
            t0 += yv; t1 += u * yv; t2 += u * u * yv
        }
        // | n  s1 s2 | |a|   |t0|
        // | s1 s2 s3 | |b| = |t1|
        // | s2 s3 s4 | |c|   |t2|
        let det = n * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2)
        guard det.magnitude > 1e-300 else { return .nan }
        let detC = n * (s2 * t2 - t1 * s3) - s1 * (s1 * t2 - t1 * s2) + t0 * (s1 * s3 - s2 * s2)
        return detC / det
    }
}
