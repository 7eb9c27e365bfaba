extension CollapseWorkspace {
    /// The Houdayer–Hartmann quality S (PRB 70, 014418, 2004; the function pyfssa minimises) at
    /// (D, γ): for every point of every curve, the master curve there is the weighted straight
    /// line through the two points of each *other* curve that bracket its u; S is the mean of
    /// (v − Y)² / (dv² + dY²) over the points some other curve brackets. dv is the Poisson
    /// error 1/√count of ln P; S ≈ 1 when the curves agree within it. NaN with no such point.
    func quality(d: Double, gamma: Double) -> Double {
        guard d.isFinite, gamma.isFinite else { return .nan }
        let widths = lnN.count
        var total = 0.0, count = 0.0
        for i in 0..<widths where points[i] > 0 {
            for k in 0..<points[i] {
                let xi = x[i * bins + k]
                let u = xi - d * lnN[i], v = y[i * bins + k] + gamma * xi, dv = dy[i * bins + k]
                var sw = 0.0, swu = 0.0, swv = 0.0, swuu = 0.0, swuv = 0.0
                for j in 0..<widths where j != i && points[j] >= 2 {
                    let last = points[j] - 1
                    let shift = d * lnN[j]
                    let first = x[j * bins] - shift, end = x[j * bins + last] - shift
                    if u < first || u > end { continue }
                    var l = 0
                    while l < last - 1 && x[j * bins + l + 1] - shift < u { l += 1 }
                    for m in [l, l + 1] {
                        let xj = x[j * bins + m]
                        let uj = xj - shift, vj = y[j * bins + m] + gamma * xj
                        let w = 1 / (dy[j * bins + m] * dy[j * bins + m])
                        sw += w; swu += w * uj; swv += w * vj; swuu += w * uj * uj; swuv += w * uj * vj
                    }
                }
                guard sw > 0 else { continue }
                let delta = sw * swuu - swu * swu
                let yHat: Double, variance: Double
                if delta > 1e-12 * sw * sw {
                    yHat = (swuu * swv - swu * swuv + u * (sw * swuv - swu * swv)) / delta
                    variance = (swuu - 2 * u * swu + u * u * sw) / delta
                } else {  // every bracketing point at the same u: their weighted mean
                    yHat = swv / sw
                    variance = 1 / sw
                }
                let r = v - yHat
                total += r * r / (dv * dv + Swift.max(0, variance))
                count += 1
            }
        }
        return count > 0 ? total / count : .nan
    }
}
