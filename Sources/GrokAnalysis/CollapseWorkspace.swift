import GrokNumerics

/// Scratch and arithmetic of ``DataCollapse`` for a fixed set of widths and grid, reused across
/// bootstrap resamples (one workspace per thread).
struct CollapseWorkspace {
    let lnN: [Double]
    let lnCentre: [Double]
    let lnWidth: [Double]
    let bins: Int
    let minimumCurves: Int
    /// Bins with a (pooled, possibly resampled) count below this are not curve points.
    let minimumCount: Double
    /// Curve points, width-major with stride `bins`.
    var x: [Double]
    var y: [Double]
    /// slope[w · bins + l]: dy/dx of curve w's segment l, so interpolation needs no division.
    var slope: [Double]
    /// Poisson error of each point's y (1/√count).
    var dy: [Double]
    var points: [Int]
    /// Weight each squared difference by 1/(σ_i² + σ_j²) (off: see ``profile(_:)``).
    var weighted = false

    init(lnN: [Double], grid: CollapseGrid, minimumCurves: Int, minimumCount: Int) {
        self.minimumCount = Double(Swift.max(1, minimumCount))
        self.lnN = lnN
        lnCentre = grid.lnCentre
        lnWidth = grid.lnWidth
        bins = grid.count
        self.minimumCurves = minimumCurves
        x = [Double](repeating: 0, count: lnN.count * bins)
        y = x
        slope = x
        dy = x
        points = [Int](repeating: 0, count: lnN.count)
    }

    /// Builds the curves from counts[w · bins + b] and fits by a global search: a grid of D over
    /// [−1, 3] (steps 0.01 on the full data, 0.05 in a bootstrap resample, `coarse`), then Brent's
    /// minimiser on ± one step. A resample skips R² and S.
    mutating func fit(counts: UnsafePointer<Double>, coarse: Bool) -> DataCollapse.Fit {
        var curves = 0
        for w in 0..<lnN.count {
            var total = 0.0
            for b in 0..<bins { total += counts[w * bins + b] }
            var n = 0
            if total > 0 {
                let lnTotal = Elementary.log(total)
                for b in 0..<bins where counts[w * bins + b] >= minimumCount {
                    x[w * bins + n] = lnCentre[b]
                    y[w * bins + n] = Elementary.log(counts[w * bins + b]) - lnTotal - lnWidth[b]
                    dy[w * bins + n] = 1 / counts[w * bins + b].squareRoot()
                    n += 1
                }
            }
            points[w] = n
            if n > 0 { curves += 1 }
            for l in 0..<Swift.max(0, n - 1) {
                slope[w * bins + l] = (y[w * bins + l + 1] - y[w * bins + l]) / (x[w * bins + l + 1] - x[w * bins + l])
            }
        }
        var result = DataCollapse.Fit(d: .nan, gamma: .nan, r2: .nan, cost: .nan, curves: curves, quality: .nan)
        guard curves >= minimumCurves, curves >= 2 else { return result }
        let d =
            coarse
            ? search(from: -1, steps: 80, step: 0.05, tolerance: 1e-6)
            : search(from: -1, steps: 400, step: 0.01, tolerance: 1e-8)
        guard d.isFinite else { return result }
        let (cost, beta) = profile(d)
        guard cost.isFinite else { return result }
        result.d = d
        result.cost = cost
        result.gamma = d != 0 ? beta / d : .nan
        // R² and S are reported for the full-data fit only; resamples skip them.
        if !coarse {
            result.r2 = r2(d: d, beta: beta)
            result.quality = quality(d: d, gamma: result.gamma)
        }
        return result
    }

    /// Grid over [from, from + steps·step], then Brent's minimiser on ±step around the best point.
    func search(from start: Double, steps: Int, step: Double, tolerance: Double) -> Double {
        var bestD = Double.nan, bestCost = Double.infinity
        for k in 0...steps {
            let d = start + Double(k) * step
            let c = profile(d).cost
            if c < bestCost { bestCost = c; bestD = d }
        }
        guard bestD.isFinite else { return .nan }
        let (refined, refinedCost) = brentMinimum(lower: bestD - step, upper: bestD + step, tolerance: tolerance)
        return refinedCost <= bestCost ? refined : bestD
    }

    /// Brent's (1973) minimiser without derivatives (Netlib `fmin`): parabolic steps where the
    /// last three points allow, golden-section steps otherwise (always when a cost is +∞).
    func brentMinimum(lower: Double, upper: Double, tolerance: Double) -> (Double, Double) {
        let golden = 0.3819660112501051  // (3 − √5)/2
        let eps = 1.4901161193847656e-08  // √(machine ε)
        var a = lower, b = upper
        var x = a + golden * (b - a), w = x, v = x
        var fx = profile(x).cost, fw = fx, fv = fx
        var d = 0.0, e = 0.0
        for _ in 0..<100 {
            let xm = (a + b) / 2
            let tol1 = eps * x.magnitude + tolerance / 3, tol2 = 2 * tol1
            if (x - xm).magnitude <= tol2 - (b - a) / 2 { break }
            var parabolic = false
            if e.magnitude > tol1 && fx.isFinite && fw.isFinite && fv.isFinite {
                var r = (x - w) * (fx - fv)
                var q = (x - v) * (fx - fw)
                var p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p }
                q = q.magnitude
                r = e
                if p.magnitude < (q * r / 2).magnitude && p > q * (a - x) && p < q * (b - x) {
                    e = d
                    d = p / q
                    let u = x + d
                    if u - a < tol2 || b - u < tol2 { d = xm >= x ? tol1 : -tol1 }
                    parabolic = true
                }
            }
            if !parabolic {
                e = x >= xm ? a - x : b - x
                d = golden * e
            }
            let u = d.magnitude >= tol1 ? x + d : x + (d >= 0 ? tol1 : -tol1)
            let fu = profile(u).cost
            if fu <= fx {
                if u >= x { a = x } else { b = x }
                v = w; fv = fw; w = x; fw = fx; x = u; fx = fu
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    v = w; fv = fw; w = u; fw = fu
                } else if fu <= fv || v == x || v == w {
                    v = u; fv = fu
                }
            }
        }
        return (x, fx)
    }

    /// The cost at D with β = γD at its closed-form optimum; cost = +∞ if inadmissible.
    /// Unweighted (`weighted` false, the default): weighting by the Poisson errors lets the
    /// small-s bins, whose discretisation matches only at D = 0, pull D to 0.
    /// Sums run over i, then j ≠ i, then the points of i, in ascending order.
    func profile(_ d: Double) -> (cost: Double, beta: Double) {
        let widths = lnN.count
        return x.withUnsafeBufferPointer { xb in
            y.withUnsafeBufferPointer { yb in
                slope.withUnsafeBufferPointer { sb in
                    lnN.withUnsafeBufferPointer { nb in
                        points.withUnsafeBufferPointer { pb in
                            dy.withUnsafeBufferPointer { eb in
                                let xp = xb.baseAddress!, yp = yb.baseAddress!, sp = sb.baseAddress!, ep = eb.baseAddress!
                                var srr = 0.0, sra = 0.0, saa = 0.0, n = 0.0
                                for i in 0..<widths {
                                    let pi = pb[i]
                                    if pi == 0 { continue }
                                    var covered = false
                                    let xi = xp + i * bins, yi = yp + i * bins
                                    for j in 0..<widths {
                                        let pj = pb[j]
                                        if j == i || pj < 2 { continue }
                                        let a = nb[i] - nb[j]
                                        let shift = d * a  // point of i sits at x − D(ln N_i − ln N_j) on curve j's axis
                                        let xj = xp + j * bins, yj = yp + j * bins, sj = sp + j * bins
                                        let last = pj - 1
                                        let first = xj[0], end = xj[last]
                                        if xi[0] - shift > end || xi[pi - 1] - shift < first { continue }
                                        let ei = ep + i * bins, ej = ep + j * bins
                                        var l = 0
                                        var rs = 0.0, rr = 0.0, m = 0.0
                                        for k in 0..<pi {
                                            let w = xi[k] - shift
                                            if w < first { continue }
                                            if w > end { break }
                                            while l < last - 1 && xj[l + 1] < w { l += 1 }
                                            let r = yi[k] - (yj[l] + (w - xj[l]) * sj[l])
                                            let weight = weighted ? 1 / (ei[k] * ei[k] + ej[l] * ej[l]) : 1
                                            rr += weight * r * r; rs += weight * r; m += weight
                                        }
                                        if m > 0 {
                                            srr += rr; sra += rs * a; saa += m * (a * a); n += m
                                            covered = true
                                        }
                                    }
                                    if !covered { return (Double.infinity, Double.nan) }
                                }
                                guard n > 0, saa > 0 else { return (Double.infinity, Double.nan) }
                                let beta = -sra / saa
                                let cost = Swift.max(0, srr + beta * sra) / n  // Σ(r + βa)² at the optimum
                                return (cost, beta)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Collapse R² at (D, β): v about the master curve, over points spanned by another curve.
    func r2(d: Double, beta: Double) -> Double {
        let gamma = d != 0 ? beta / d : 0
        var residual: [Double] = [], value: [Double] = []
        for i in lnN.indices where points[i] > 0 {
            for k in 0..<points[i] {
                let xi = x[i * bins + k]
                let own = y[i * bins + k] + beta * lnN[i]
                var sum = own, m = 1.0
                for j in lnN.indices where j != i && points[j] >= 2 {
                    let w = xi - d * (lnN[i] - lnN[j])
                    let last = points[j] - 1
                    if w < x[j * bins] || w > x[j * bins + last] { continue }
                    var l = 0
                    while l < last - 1 && x[j * bins + l + 1] < w { l += 1 }
                    let t = (w - x[j * bins + l]) / (x[j * bins + l + 1] - x[j * bins + l])
                    sum += y[j * bins + l] + t * (y[j * bins + l + 1] - y[j * bins + l]) + beta * lnN[j]
                    m += 1
                }
                guard m > 1 else { continue }
                residual.append(own - sum / m)
                // v = y + γx = (y + β ln N) + γu: the γu part is common to every curve at u.
                value.append(own + gamma * (xi - d * lnN[i]))
            }
        }
        guard value.count >= 2 else { return .nan }
        var mean = 0.0
        for v in value { mean += v }
        mean /= Double(value.count)
        var ssTot = 0.0, ssRes = 0.0
        for (r, v) in zip(residual, value) { ssRes += r * r; ssTot += (v - mean) * (v - mean) }
        return ssTot > 0 ? 1 - ssRes / ssTot : .nan
    }
}
