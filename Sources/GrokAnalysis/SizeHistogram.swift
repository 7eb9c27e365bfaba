/// Integer cascade sizes as (distinct value, count) in ascending value: a sufficient statistic
/// of every size-only fit (power-law MLE and KS, Vuong's tests, the CCDF), so a width's fits
/// need its distinct sizes, not its cascades. Merging is exact (integer counts).
public struct SizeHistogram: Sendable, Hashable {
    /// Distinct sizes, ascending.
    public private(set) var values: [Int]
    /// counts[k] sizes equal values[k] (each ≥ 1).
    public private(set) var counts: [Int]

    public init() { values = []; counts = [] }

    /// The histogram of a list of sizes (any order).
    public init<S: Sequence>(_ sizes: S) where S.Element == Int {
        var tally: [Int: Int] = [:]
        for s in sizes { tally[s, default: 0] += 1 }
        self.init(tally: tally)
    }

    /// The histogram of size → count (counts ≤ 0 are dropped).
    public init(tally: [Int: Int]) {
        let keys = tally.keys.filter { tally[$0]! > 0 }.sorted()
        values = keys
        counts = keys.map { tally[$0]! }
    }

    /// Sizes in total.
    public var total: Int { counts.reduce(0, +) }

    /// The sizes ≥ `minimum` only.
    public func atLeast(_ minimum: Int) -> SizeHistogram {
        var out = SizeHistogram()
        let start = values.firstIndex { $0 >= minimum } ?? values.count
        out.values = Array(values[start...])
        out.counts = Array(counts[start...])
        return out
    }

    /// Adds another histogram's counts.
    public mutating func merge(_ other: SizeHistogram) {
        var v: [Int] = [], c: [Int] = []
        v.reserveCapacity(values.count + other.values.count); c.reserveCapacity(v.capacity)
        var i = 0, j = 0
        while i < values.count || j < other.values.count {
            if j == other.values.count || (i < values.count && values[i] < other.values[j]) {
                v.append(values[i]); c.append(counts[i]); i += 1
            } else if i == values.count || other.values[j] < values[i] {
                v.append(other.values[j]); c.append(other.counts[j]); j += 1
            } else {
                v.append(values[i]); c.append(counts[i] + other.counts[j]); i += 1; j += 1
            }
        }
        values = v
        counts = c
    }

    /// Every size, ascending (for the few consumers that need a list: Vuong's pointwise
    /// log-likelihoods over a tail, the goodness-of-fit's synthetic samples).
    public func ascending() -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(total)
        for (v, c) in zip(values, counts) { out.append(contentsOf: repeatElement(v, count: c)) }
        return out
    }
}
