import GrokAnalysis
import GrokNumerics
import Testing

/// The size-only fits read a histogram of integer sizes; these pin that a histogram, however it
/// was assembled, gives the numbers the list gives, bit for bit.
@Suite("Fits from size histograms")
struct HistogramFitTests {
    /// A Zipf body with a planted cutoff, shuffled: a list in no particular order.
    static func sample(count: Int, seed: Int) -> [Int] {
        var rng = RandomStream(baseSeed: 11, labels: ["histogram", .int(seed)])
        var sizes = Synthetic.zipf(2.1, count: count, rng: &rng).map { Swift.min($0, 40_000) }
        sizes += (0..<count / 10).map { _ in 0 }  // size-0 cascades are not power-law data
        for i in sizes.indices.reversed() { sizes.swapAt(i, rng.nextInt(below: i + 1)) }
        return sizes
    }

    /// The list algorithm as it was before histograms: Σ ln x over the sorted list from the top.
    static func referenceTails(_ sizes: [Int]) -> (values: [Double], counts: [Int], logs: [Double]) {
        let sorted = sizes.filter { $0 >= 1 }.sorted().map(Double.init)
        var values: [Double] = [], counts: [Int] = [], logs: [Double] = []
        var k = sorted.count - 1, count = 0, sumLog = 0.0
        while k >= 0 {
            let v = sorted[k], lv = Elementary.log(v)
            while k >= 0 && sorted[k] == v { count += 1; sumLog += lv; k -= 1 }
            values.append(v); counts.append(count); logs.append(sumLog)
        }
        return (values.reversed(), counts.reversed(), logs.reversed())
    }

    @Test("a histogram merged from per-run pieces equals the histogram of the whole list")
    func mergeIsExact() {
        let sizes = Self.sample(count: 3_000, seed: 1)
        var merged = SizeHistogram()
        for start in stride(from: 0, to: sizes.count, by: 51) { merged.merge(SizeHistogram(sizes[start..<Swift.min(start + 51, sizes.count)])) }
        #expect(merged == SizeHistogram(sizes))
        #expect(merged.total == sizes.count && merged.ascending() == sizes.sorted())
    }

    @Test("the discrete power-law MLE, x_min and KS from a histogram equal the sorted-list algorithm's, bit for bit")
    func mleFromHistogram() {
        let sizes = Self.sample(count: 4_000, seed: 2)
        let fit = PowerLawMLE.discrete(SizeHistogram(sizes))
        let reference = Self.referenceTails(sizes)
        // The fit at the chosen x_min from the reference tail sums.
        let i = reference.values.firstIndex(of: fit.xMin)!
        let alpha = PowerLawMLE.discreteAlpha(sizes, xMin: Int(fit.xMin))
        #expect(fit.alpha.isFinite && fit.tailCount == reference.counts[i] && fit.sampleCount == sizes.filter { $0 >= 1 }.count)
        #expect(abs(alpha - fit.alpha) < 1e-9)
        #expect(PowerLawMLE.discrete(sizes) == fit)
        #expect(PowerLawMLE.discrete(sizes.reversed()) == fit)
    }

    @Test("the power-law test (fit, tail span, Vuong, goodness of fit) does not depend on the order of the sizes or on how the histogram was built")
    func testIsOrderFree() {
        let sizes = Self.sample(count: 2_000, seed: 3)
        let a = PowerLawTest.run(sizes, parameterCount: 81, resamples: 12, seed: 4, labels: ["gof"])
        let b = PowerLawTest.run(Array(sizes.reversed()), parameterCount: 81, resamples: 12, seed: 4, labels: ["gof"])
        var merged = SizeHistogram()
        for start in stride(from: 0, to: sizes.count, by: 97) { merged.merge(SizeHistogram(sizes[start..<Swift.min(start + 97, sizes.count)])) }
        let c = PowerLawTest.run(merged, parameterCount: 81, resamples: 12, seed: 4, labels: ["gof"])
        #expect(a.alpha.isFinite && a.vuongLognormal.ratio.isFinite && a.gofP.isFinite)
        #expect(a == b && a == c)
    }

    @Test("above the goodness-of-fit subsample size the test still does not depend on the order of the sizes")
    func subsampleIsOrderFree() {
        let sizes = Self.sample(count: PowerLawTest.gofMaximumSample + 1_500, seed: 5)
        let a = PowerLawTest.run(sizes, parameterCount: 81, resamples: 3, seed: 6, labels: ["gof"])
        let b = PowerLawTest.run(Array(sizes.reversed()), parameterCount: 81, resamples: 3, seed: 6, labels: ["gof"])
        #expect(a.gofResamples == 3 && a == b)
    }

    @Test("the collapse of binned counts equals the collapse of the raw sizes they bin")
    func collapseFromCounts() {
        let widths = [81, 201, 401, 1001]
        let sizes = widths.enumerated().map { k, n -> [Int] in
            var rng = RandomStream(baseSeed: 12, labels: [.int(n)])
            return Synthetic.zipf(1.8, count: 4_000, rng: &rng).map { Swift.min($0, n * 4) }
        }
        let fromList = DataCollapse.fit(sizes: sizes, parameterCounts: widths)
        let grid = CollapseGrid(maximum: sizes.map { $0.max()! }.max()!, binsPerDecade: 5)
        let counts = sizes.map { list -> [Double] in
            let h = SizeHistogram(list)
            var c = [Double](repeating: 0, count: grid.count)
            for (v, k) in zip(h.values, h.counts) { if let b = grid.bin(of: v) { c[b] += Double(k) } }
            return c
        }
        let fromHistogram = DataCollapse.fit(counts: counts, parameterCounts: widths, grid: grid)
        #expect(fromList.d.isFinite)
        #expect(fromList.d == fromHistogram.d && fromList.gamma == fromHistogram.gamma && fromList.quality == fromHistogram.quality)
    }
}
