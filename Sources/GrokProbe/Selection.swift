/// The q-quantile by selection instead of a full sort, bit-identical to
/// `Quantile.linear(values, q:)` (NumPy linear): the two order statistics around q·(n − 1) are
/// found by quickselect (see ``select(_:_:)``), then blended by NumPy's `_lerp`.
enum Selection {
    static let sampleSize = 128

    /// Reorders `x` (no NaNs, non-empty); `work` must hold at least `x.count + sampleSize` values.
    static func linearQuantile(_ x: UnsafeMutableBufferPointer<Double>, q: Double, work: UnsafeMutableBufferPointer<Double>) -> Double {
        let n = x.count
        let position = q * Double(n - 1)
        let lower = Int(position)
        let upper = Swift.min(lower + 1, n - 1)
        let fraction = position - Double(lower)
        let (a, b) = orderStatistics(x, lower, upper, work: work)
        let diff = b - a
        return fraction >= 0.5 ? b - diff * (1 - fraction) : a + diff * fraction
    }

    /// The `lower`-th and `upper`-th smallest values (upper ∈ {lower, lower + 1}).
    ///
    /// Speed only (the values are exact whatever happens): bracket the ranks with two values
    /// read off a sorted sample of 128 evenly spaced entries, copy the entries inside the
    /// bracket into `work` in one branch-free pass, and select within that short list. If the
    /// bracket misses, select in the whole array.
    static func orderStatistics(
        _ x: UnsafeMutableBufferPointer<Double>, _ lower: Int, _ upper: Int,
        work: UnsafeMutableBufferPointer<Double>
    ) -> (Double, Double) {
        let n = x.count
        if n >= 8 * sampleSize {
            let sample = UnsafeMutableBufferPointer(rebasing: work[n..<n + sampleSize])
            let stride = n / sampleSize
            for s in 0..<sampleSize { sample[s] = x[s * stride] }
            let centre = Double(lower) / Double(n - 1) * Double(sampleSize - 1)
            let margin = 12.0
            let lowRank = Swift.max(0, Int(centre - margin))
            let highRank = Swift.min(sampleSize - 1, Int(centre + margin) + 1)
            let lowCut = select(sample, lowRank)
            let highCut = select(UnsafeMutableBufferPointer(rebasing: sample[lowRank...]), highRank - lowRank)
            var below = 0, inside = 0
            for i in 0..<n {
                let v = x[i]
                work[inside] = v
                below += v < lowCut ? 1 : 0
                inside += (v >= lowCut && v <= highCut) ? 1 : 0
            }
            if below <= lower && below + inside > upper {
                let w = UnsafeMutableBufferPointer(rebasing: work[0..<inside])
                return statisticsInPlace(w, lower - below, upper - below)
            }
        }
        return statisticsInPlace(x, lower, upper)
    }

    static func statisticsInPlace(_ x: UnsafeMutableBufferPointer<Double>, _ lower: Int, _ upper: Int) -> (Double, Double) {
        let a = select(x, lower)
        var b = a
        if upper != lower {
            // After select everything right of `lower` is ≥ a: the next order statistic is their minimum.
            b = x[lower + 1]
            for i in (lower + 2)..<x.count where x[i] < b { b = x[i] }
        }
        return (a, b)
    }

    /// Puts the k-th smallest at index k, smaller-or-equal values left of it, larger-or-equal
    /// right. Quickselect with a median-of-three pivot and branch-free Lomuto partitions (one
    /// pass splits off the values below the pivot, a second the values equal to it), so random
    /// data costs no branch mispredictions; each round removes at least the pivot's copies.
    static func select(_ x: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        guard let a = x.baseAddress else { return .nan }
        var lo = 0, hi = x.count  // the k-th smallest lies in [lo, hi)
        while hi - lo > 1 {
            let p0 = a[lo], p1 = a[lo + (hi - lo) / 2], p2 = a[hi - 1]
            let pivot = Swift.max(Swift.min(p0, p1), Swift.min(Swift.max(p0, p1), p2))
            var below = lo
            for i in lo..<hi {
                let v = a[i]
                a[i] = a[below]
                a[below] = v
                below += v < pivot ? 1 : 0
            }
            if k < below { hi = below; continue }
            var equal = below
            for i in below..<hi {
                let v = a[i]
                a[i] = a[equal]
                a[equal] = v
                equal += v == pivot ? 1 : 0
            }
            if k < equal { return pivot }
            lo = equal
        }
        return a[k]
    }
}
