import Foundation

/// P(s) of integer sizes on logarithmic bins: five bins per decade over integer edges, the
/// density being the bin's share divided by the number of integers it covers, so it estimates
/// P(s) itself and curves of different widths compare directly.
enum LogBinning {
    static func density(_ sizes: [Int], binsPerDecade: Double = 5) -> [(s: Double, p: Double)] {
        density(histogram: sizes.reduce(into: [:]) { $0[$1, default: 0] += 1 }, binsPerDecade: binsPerDecade)
    }

    /// The same from a histogram (size → count): the result depends on the counts alone.
    static func density(histogram: [Int: Int], binsPerDecade: Double = 5) -> [(s: Double, p: Double)] {
        let positive = histogram.filter { $0.key >= 1 && $0.value > 0 }
        guard let largest = positive.keys.max() else { return [] }
        var edges: [Int] = [1]
        var k = 1.0
        while edges.last! <= largest {
            let v = ceil(pow(10, k / binsPerDecade))
            // Past Int's range the last edge closes every size (no conversion that can trap).
            guard v < 9.0e18 else { edges.append(Int.max); break }
            let next = Int(v)
            if next > edges.last! { edges.append(next) }
            k += 1
        }
        var counts = [Int](repeating: 0, count: edges.count - 1)
        var all = 0
        for (s, n) in positive {
            // Last edge whose value is ≤ s.
            var lo = 0, hi = edges.count - 1
            while hi - lo > 1 { let mid = (lo + hi) / 2; if edges[mid] <= s { lo = mid } else { hi = mid } }
            counts[lo] += n
            all += n
        }
        let total = Double(all)
        var out: [(Double, Double)] = []
        for i in counts.indices where counts[i] > 0 {
            let a = Double(edges[i]), b = Double(edges[i + 1])
            // Geometric centre of the integers covered, [a, b − 1].
            out.append(((a * (b - 1)).squareRoot(), Double(counts[i]) / total / (b - a)))
        }
        return out
    }
}
