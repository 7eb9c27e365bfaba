import GrokNumerics

/// Ordinary least squares of ln y on ln x: the effective dimension D is its slope.
public enum LogLogFit {
    /// Slope, intercept and R² of ln y = intercept + slope · ln x. Nil when a value is not
    /// positive and finite, the counts differ, fewer than 2 points are given, or all x are equal.
    /// Points are summed in ascending (x, y) order, so the result does not depend on their order.
    /// R² is 1 − SS_res/SS_tot; NaN when all y are equal (SS_tot = 0).
    public static func fit(x: [Double], y: [Double]) -> (slope: Double, intercept: Double, r2: Double)? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        for i in x.indices where !(x[i] > 0 && x[i].isFinite && y[i] > 0 && y[i].isFinite) { return nil }
        let points = zip(x, y).sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        let lx = points.map { Elementary.log($0.0) }
        let ly = points.map { Elementary.log($0.1) }
        return fitLogs(lx, ly)
    }

    /// The same on values already logged, summed in the order given.
    static func fitLogs(_ lx: [Double], _ ly: [Double]) -> (slope: Double, intercept: Double, r2: Double)? {
        lx.withUnsafeBufferPointer { px in
            ly.withUnsafeBufferPointer { py in fitLogs(px.baseAddress!, py.baseAddress!, count: lx.count) }
        }
    }

    /// Two-pass centred sums over the first `count` entries.
    @inline(__always)
    static func fitLogs(_ lx: UnsafePointer<Double>, _ ly: UnsafePointer<Double>, count n: Int) -> (slope: Double, intercept: Double, r2: Double)? {
        guard n >= 2 else { return nil }
        var sx = 0.0, sy = 0.0
        for i in 0..<n { sx += lx[i]; sy += ly[i] }
        let mx = sx / Double(n), my = sy / Double(n)
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for i in 0..<n {
            let dx = lx[i] - mx, dy = ly[i] - my
            sxx += dx * dx; sxy += dx * dy; syy += dy * dy
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        let intercept = my - slope * mx
        var ssRes = 0.0
        for i in 0..<n {
            let r = ly[i] - (intercept + slope * lx[i])
            ssRes += r * r
        }
        let r2 = syy > 0 ? 1 - ssRes / syy : Double.nan
        return (slope, intercept, r2)
    }
}
