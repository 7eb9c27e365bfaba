import GrokNumerics
import Testing

@Suite("Quantile: NumPy's linear interpolation")
struct QuantileTests {
    @Test("matches numpy.percentile(values, 100q) on hand-checked cases")
    func numpyCases() {
        // numpy.percentile([1, 2, 3, 4], 90) == 3.7; [..., 10 values 0…9] at 0.9 == 8.1
        #expect(abs(Quantile.linear([4, 1, 3, 2], q: 0.9) - 3.7) < 1e-15)
        #expect(abs(Quantile.linear((0..<10).map(Double.init), q: 0.9) - 8.1) < 1e-15)
        #expect(Quantile.linear([5], q: 0.3) == 5)
        #expect(Quantile.linear([1, 2], q: 0) == 1)
        #expect(Quantile.linear([1, 2], q: 1) == 2)
    }

    @Test("the q-quantile has at most a fraction 1 − q of the sample strictly above it (plus one)")
    func definition() {
        var rng = RandomStream(seed: 11)
        let values = (0..<1001).map { _ in rng.nextGaussian() }
        let theta = Quantile.linear(values, q: 0.9)
        let above = values.filter { $0 > theta }.count
        #expect(above == 100)
    }
}
