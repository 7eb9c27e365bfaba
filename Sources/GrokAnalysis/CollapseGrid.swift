import GrokNumerics

/// The common log-bin grid of P(s|N): bins of consecutive integers [lower, upper) with edges
/// ⌈10^(b/binsPerDecade)⌉ (repeated edges merged, so no bin is empty of integers), from s = 1 up
/// to the largest size. A bin's abscissa is the geometric midpoint of its first and last
/// integer (exact for one-integer bins); its density divides by the number of integers in it.
public struct CollapseGrid: Sendable, Hashable {
    public let lower: [Int]
    public let upper: [Int]
    /// ln of each bin's abscissa.
    public let lnCentre: [Double]
    /// ln of the number of integers in each bin.
    public let lnWidth: [Double]

    public var count: Int { lower.count }

    /// A grid covering 1…max(maximum, 1).
    public init(maximum: Int, binsPerDecade: Int) {
        precondition(binsPerDecade >= 1, "binsPerDecade must be positive")
        let step = Elementary.log(10) / Double(binsPerDecade)
        var edges = [1]
        var b = 1
        while edges[edges.count - 1] <= Swift.max(maximum, 1) {
            let v = Elementary.exp(Double(b) * step)
            // Past Int's range the last edge closes every size (no conversion that can trap).
            guard v < 9.0e18 else { edges.append(Int.max); break }
            // The factor keeps exact decades (10, 100, …) from rounding up past themselves.
            let e = Int((v * (1 - 1e-12)).rounded(.up))
            if e > edges[edges.count - 1] { edges.append(e) }
            b += 1
        }
        lower = Array(edges.dropLast())
        upper = Array(edges.dropFirst())
        lnCentre = zip(lower, upper).map { (Elementary.log(Double($0)) + Elementary.log(Double($1 - 1))) / 2 }
        lnWidth = zip(lower, upper).map { Elementary.log(Double($1 - $0)) }
    }

    /// The bin holding `size`, nil for sizes below 1 or beyond the grid.
    public func bin(of size: Int) -> Int? {
        guard size >= 1, size < upper[upper.count - 1] else { return nil }
        var lo = 0, hi = upper.count - 1
        while lo < hi {  // first bin whose upper edge exceeds size
            let mid = (lo + hi) / 2
            if upper[mid] > size { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
