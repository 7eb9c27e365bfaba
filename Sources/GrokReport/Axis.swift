import Foundation

/// One axis of a plot: its label (with units), its scale and its range in data units.
struct Axis {
    enum Scale { case linear, log10 }

    var label: String
    var scale: Scale = .linear
    var lo: Double = 0
    var hi: Double = 1

    /// The value on the scale's own line (log10 for a log axis); nil where it cannot be drawn.
    func transformed(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        switch scale {
        case .linear: return v
        case .log10: return v > 0 ? Foundation.log10(v) : nil
        }
    }

    /// Fits the range to `values` (non-drawable ones ignored) with a little padding, so no
    /// point sits on the frame. `including` values (e.g. D = 1) are always in range.
    mutating func fit(_ values: [Double], including: [Double] = [], padding: Double = 0.05) {
        let t = (values + including).compactMap(transformed)
        guard let mn = t.min(), let mx = t.max() else {
            lo = scale == .log10 ? 1 : 0; hi = scale == .log10 ? 10 : 1
            return
        }
        let span = mx > mn ? mx - mn : max(abs(mx) * 0.1, 0.5)
        let a = mn - span * padding, b = mx + span * padding
        switch scale {
        case .linear: lo = a; hi = b
        case .log10: lo = pow(10, a); hi = pow(10, b)
        }
    }

    /// Fraction 0…1 along the axis.
    func fraction(_ v: Double) -> Double? {
        guard let t = transformed(v), let a = transformed(lo), let b = transformed(hi), b > a else { return nil }
        return (t - a) / (b - a)
    }

    /// Tick positions in data units: "nice" steps on a linear axis, decades (and 2, 5 when the
    /// range is short) on a log axis.
    var ticks: [Double] {
        switch scale {
        case .linear:
            let span = hi - lo
            guard span > 0, span.isFinite else { return [lo] }
            let raw = span / 5
            let power = pow(10, floor(Foundation.log10(raw)))
            let step = [1.0, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= raw } ?? raw
            var out: [Double] = []
            var t = ceil(lo / step) * step
            while t <= hi + step * 1e-9 { out.append(abs(t) < step * 1e-9 ? 0 : t); t += step }
            return out
        case .log10:
            guard lo > 0, hi > lo else { return [] }
            let a = Int(floor(Foundation.log10(lo))), b = Int(ceil(Foundation.log10(hi)))
            func ticks(_ multipliers: [Double]) -> [Double] {
                var out: [Double] = []
                for k in a...b {
                    for m in multipliers {
                        let v = m * pow(10, Double(k))
                        if v >= lo * 0.999 && v <= hi * 1.001 { out.append(v) }
                    }
                }
                return out
            }
            // Less than a decade shown: label more mantissas so the axis can still be read.
            let coarse = ticks(b - a <= 2 ? [1, 2, 5] : [1])
            if coarse.count >= 3 { return coarse }
            let finer = ticks([1, 2, 3, 5])
            return finer.count >= 3 ? finer : ticks([1, 2, 3, 4, 5, 6, 7, 8, 9])
        }
    }
}
