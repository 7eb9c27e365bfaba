import GrokNumerics

/// The sufficient statistics of one group of one run's cascades, in ``SeedTable``'s field
/// order: count, Σ s, Σ ln s (s > 0), #(s > 0), max s, Σ extent, Σ s², #(extent ≥ N).
///
/// The one place cascades are folded (digests and the step table alike): adding a run's
/// cascades in their given order gives the same bits the seed table has always summed.
struct GroupFold: Sendable, Hashable {
    var count = 0.0, sum = 0.0, sumLog = 0.0, positive = 0.0
    var maximum = 0.0, extent = 0.0, sumSquares = 0.0, saturated = 0.0

    @inline(__always)
    mutating func add(size: Int, extent e: Int, parameterCount: Int) {
        let s = Double(size)
        count += 1
        sum += s
        if size > 0 { sumLog += Elementary.log(s); positive += 1 }
        maximum = Swift.max(maximum, s)
        extent += Double(e)
        sumSquares += s * s
        if e >= parameterCount { saturated += 1 }
    }

    @inline(__always)
    mutating func add(_ c: CascadeRecord, parameterCount: Int) { add(size: c.size, extent: c.extent, parameterCount: parameterCount) }

    /// Writes the eight fields at p[0 ..< SeedTable.fields].
    func write(to p: UnsafeMutablePointer<Double>) {
        p[0] = count; p[1] = sum; p[2] = sumLog; p[3] = positive
        p[4] = maximum; p[5] = extent; p[6] = sumSquares; p[7] = saturated
    }
}

/// A size → count tally kept beside a ``GroupFold`` when the group's median is read.
struct SizeTally {
    var counts: [Int: Int] = [:]

    @inline(__always) mutating func add(_ size: Int) { counts[size, default: 0] += 1 }

    var histogram: SizeHistogram { SizeHistogram(tally: counts) }
}
