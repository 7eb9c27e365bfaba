/// Quantiles with linear interpolation between order statistics — NumPy's default
/// (`method="linear"`, Hyndman & Fan type 7): position q·(n − 1) in the sorted values.
public enum Quantile {
    /// The q-quantile of values that are already sorted ascending. `q` must lie in [0, 1] and
    /// the array must not be empty.
    @inlinable
    public static func linear(sorted values: UnsafeBufferPointer<Double>, q: Double) -> Double {
        precondition(!values.isEmpty, "quantile of an empty sample")
        precondition(q >= 0 && q <= 1, "quantile level must be in [0, 1]")
        let position = q * Double(values.count - 1)
        let lower = Int(position)  // floor, position ≥ 0
        let upper = Swift.min(lower + 1, values.count - 1)
        let fraction = position - Double(lower)
        let a = values[lower], b = values[upper]
        // NumPy's `_lerp`: exact at both ends and monotone in q.
        let diff = b - a
        return fraction >= 0.5 ? b - diff * (1 - fraction) : a + diff * fraction
    }

    /// The q-quantile of `values` in any order (sorts a copy).
    public static func linear(_ values: [Double], q: Double) -> Double {
        let sorted = values.sorted()
        return sorted.withUnsafeBufferPointer { linear(sorted: $0, q: q) }
    }
}
