import GrokAnalysis
import GrokNumerics
import Testing

@Suite("Data collapse P(s|N) = s^(−γ) G(s/N^D)")
struct DataCollapseTests {
    static let parameterCounts = [100, 300, 1000, 3000, 10000]

    /// Sizes with P(s|N) ∝ s^(−γ) e^(−s/N^D), s ≥ 1: exact Zipf draws thinned by the cutoff.
    static func sample(n: Int, gamma: Double, d: Double, count: Int, rng: inout RandomStream) -> [Int] {
        let cutoff = Elementary.exp(d * Elementary.log(Double(n)))
        var out: [Int] = []
        while out.count < count {
            for s in Synthetic.zipf(gamma, count: 1, rng: &rng) where rng.nextUniform() < Elementary.exp(-Double(s) / cutoff) {
                out.append(s)
            }
        }
        return out
    }

    /// Sampled sizes only approximate the form: the normalisation Σ_{s≥1} s^(−γ)e^(−s/N^D) still
    /// depends weakly on N (≈ +0.03 bias on γ here), and D is read from the sparse cutoff region.
    @Test("the fit recovers planted D = 0.8, γ = 1.5 from 10⁵ sampled sizes per width (|ΔD| < 0.05, |Δγ| < 0.1), R² > 0.98", arguments: [0.8, 1.0])
    func recoversPlantedExponents(d: Double) {
        var rng = RandomStream(baseSeed: 21, labels: ["collapse", .int(Int(d * 10))])
        let sizes = Self.parameterCounts.map { Self.sample(n: $0, gamma: 1.5, d: d, count: 100_000, rng: &rng) }
        let fit = DataCollapse.fit(sizes: sizes, parameterCounts: Self.parameterCounts, binsPerDecade: 5)
        #expect(abs(fit.d - d) < 0.05, "D = \(fit.d)")
        #expect(abs(fit.gamma - 1.5) < 0.1, "γ = \(fit.gamma)")
        #expect(fit.r2 > 0.98, "R² = \(fit.r2)")
        #expect(fit.curves == 5)
    }

    @Test("the fit recovers planted (D, γ) = (1.1, 2.5) from expected counts on the grid (|ΔD| < 0.01, |Δγ| < 0.02)")
    func recoversFromExpectedCounts() {
        let grid = CollapseGrid(maximum: 200_000, binsPerDecade: 5)
        let counts = Self.parameterCounts.map { n -> [Double] in
            let cutoff = Elementary.exp(1.1 * Elementary.log(Double(n)))
            // 10¹⁵ cascades, so even the far cutoff bins pass the minimum count.
            return (0..<grid.count).map { b in
                var c = 0.0
                for s in grid.lower[b]..<grid.upper[b] {
                    c += 1e15 * Elementary.exp(-2.5 * Elementary.log(Double(s)) - Double(s) / cutoff)
                }
                return c
            }
        }
        let fit = DataCollapse.fit(counts: counts, parameterCounts: Self.parameterCounts, grid: grid)
        #expect(abs(fit.d - 1.1) < 0.01, "D = \(fit.d)")
        #expect(abs(fit.gamma - 2.5) < 0.02, "γ = \(fit.gamma)")
    }

    @Test("the order in which widths are given does not change the fit")
    func widthOrder() {
        var rng = RandomStream(baseSeed: 22, labels: ["collapse-order"])
        let sizes = Self.parameterCounts.map { Self.sample(n: $0, gamma: 1.5, d: 0.8, count: 5000, rng: &rng) }
        let a = DataCollapse.fit(sizes: sizes, parameterCounts: Self.parameterCounts)
        let b = DataCollapse.fit(sizes: sizes.reversed(), parameterCounts: Self.parameterCounts.reversed())
        #expect(a == b)
    }

    @Test("degenerate input — every size equal, or fewer widths than the minimum — gives non-finite D and γ, no crash")
    func degenerate() {
        let equal = DataCollapse.fit(sizes: [[5, 5, 5], [5, 5], [5]], parameterCounts: [10, 20, 40])
        #expect(!equal.d.isFinite && !equal.gamma.isFinite)
        let few = DataCollapse.fit(sizes: [[1, 2, 3, 4], [2, 4, 6, 8]], parameterCounts: [10, 20], minimumWidths: 3, minimumCount: 1)
        #expect(!few.d.isFinite && few.curves == 2)
        let empty = DataCollapse.fit(sizes: [[], [], []], parameterCounts: [10, 20, 40])
        #expect(!empty.d.isFinite && empty.curves == 0)
    }

    @Test("the grid's bins are disjoint runs of consecutive integers covering 1…max, five per decade from 10 on")
    func grid() {
        let grid = CollapseGrid(maximum: 1000, binsPerDecade: 5)
        #expect(grid.lower[0] == 1)
        for b in 1..<grid.count { #expect(grid.lower[b] == grid.upper[b - 1] && grid.upper[b] > grid.lower[b]) }
        #expect(grid.upper[grid.count - 1] > 1000)
        #expect(grid.lower.contains(10) && grid.lower.contains(100) && grid.lower.contains(1000))
        #expect(grid.bin(of: 0) == nil && grid.bin(of: 1) == 0)
        #expect(grid.bin(of: 1000).map { grid.lower[$0] <= 1000 && grid.upper[$0] > 1000 } == true)
    }
}
