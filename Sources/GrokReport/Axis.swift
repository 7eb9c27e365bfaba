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
    /// point sits on the frame. `including` values (e.g. D = 1) are always in range. Total over
    /// every finite input: a range that would overflow is clamped to the largest finite one.
    mutating func fit(_ values: [Double], including: [Double] = [], padding: Double = 0.05) {
        let t = (values + including).compactMap(transformed)
        guard let mn = t.min(), let mx = t.max() else {
            lo = scale == .log10 ? 1 : 0; hi = scale == .log10 ? 10 : 1
            return
        }
        var span = mx > mn ? mx - mn : max(abs(mx) * 0.1, 0.5)
        if !span.isFinite { span = .greatestFiniteMagnitude }
        let a = Axis.clamp(mn - span * padding), b = Axis.clamp(mx + span * padding)
        switch scale {
        case .linear:
            (lo, hi) = (a, b)
        case .log10:
            // 10^a underflows to 0 below 1e-323 and overflows above 1e308: keep both drawable.
            lo = max(pow(10, a), .leastNonzeroMagnitude)
            hi = min(pow(10, b), .greatestFiniteMagnitude)
        }
        if !(hi > lo) {
            // Padding lost to rounding near the largest magnitudes: widen around the data.
            (lo, hi) =
                scale == .log10
                ? (Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude) : (-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude)
        }
    }

    static func clamp(_ v: Double) -> Double { min(max(v, -.greatestFiniteMagnitude), .greatestFiniteMagnitude) }

    /// Fraction 0…1 along the axis.
    func fraction(_ v: Double) -> Double? {
        guard let t = transformed(v), let a = transformed(lo), let b = transformed(hi), b > a else { return nil }
        let f = (t - a) / (b - a)
        return f.isFinite ? f : nil
    }

    /// At most this many ticks on any axis, whatever the range (a bound, not a target).
    static let maxTicks = 40

    /// Tick positions in data units: "nice" steps on a linear axis, decades (and 2, 5 when the
    /// range is short) on a log axis. Total: a few dozen values at most for any range, no
    /// loop that cannot advance, no conversion that can trap.
    var ticks: [Double] {
        guard lo.isFinite, hi.isFinite, hi > lo else { return lo.isFinite ? [lo] : [] }
        switch scale {
        case .linear:
            let span = hi - lo
            guard span.isFinite, span > 0 else { return [lo, hi] }
            let raw = span / 5
            let power = pow(10, floor(Foundation.log10(raw)))
            let step = [1.0, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= raw } ?? raw
            guard step.isFinite, step > 0 else { return [lo, hi] }
            var out: [Double] = []
            var t = ceil(lo / step) * step
            while t <= hi + step * 1e-9, out.count < Axis.maxTicks, t.isFinite {
                out.append(abs(t) < step * 1e-9 ? 0 : t)
                let next = t + step
                guard next > t else { break }  // step below t's precision: the range is one value
                t = next
            }
            return out.isEmpty ? [lo, hi] : out
        case .log10:
            guard lo > 0 else { return [] }
            let da = floor(Foundation.log10(lo)), db = ceil(Foundation.log10(hi))
            guard da.isFinite, db.isFinite else { return [] }
            // Both within ±400 decades (Doubles span about −324 … 309), so the conversions are safe.
            let a = Int(max(da, -400)), b = Int(min(db, 400))
            // Beyond ~12 decades, label every k-th decade only.
            let stride = max(1, (b - a + 11) / 12)
            func ticks(_ multipliers: [Double]) -> [Double] {
                var out: [Double] = []
                for k in Swift.stride(from: a, through: b, by: stride) {
                    for m in multipliers {
                        let v = m * pow(10, Double(k))
                        if v.isFinite, v >= lo * 0.999, v <= hi * 1.001 { out.append(v) }
                    }
                }
                return out
            }
            // Less than a decade shown: label more mantissas so the axis can still be read.
            let coarse = ticks(b - a <= 2 ? [1, 2, 5] : [1])
            if coarse.count >= 3 || stride > 1 { return coarse }
            let finer = ticks([1, 2, 3, 5])
            return finer.count >= 3 ? finer : ticks([1, 2, 3, 4, 5, 6, 7, 8, 9])
        }
    }
}
