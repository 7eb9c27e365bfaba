import GrokAnalysis
import GrokNumerics
import Testing

@Suite("Least squares in log–log")
struct LogLogFitTests {
    @Test("an exact power law y = 3 x^1.25 is recovered: slope 1.25, intercept ln 3, R² = 1")
    func exactPowerLaw() throws {
        let x = [81.0, 121, 201, 301, 401, 601, 1001, 2001]
        let y = x.map { 3 * Elementary.exp(1.25 * Elementary.log($0)) }
        let fit = try #require(LogLogFit.fit(x: x, y: y))
        #expect(abs(fit.slope - 1.25) < 1e-12)
        #expect(abs(fit.intercept - Elementary.log(3)) < 1e-10)
        #expect(abs(fit.r2 - 1) < 1e-12)
    }

    @Test("the fit is bit-for-bit invariant to the order of the points")
    func orderInvariance() throws {
        var rng = RandomStream(seed: 7)
        let x = (0..<12).map { _ in 10 + 1000 * rng.nextUniform() }
        let y = x.map { Elementary.exp(0.9 * Elementary.log($0) + 0.3 * rng.nextGaussian()) }
        let reference = try #require(LogLogFit.fit(x: x, y: y))
        for permutationSeed in 0..<5 {
            var prng = RandomStream(seed: UInt64(100 + permutationSeed))
            let p = prng.permutation(count: x.count)
            let fit = try #require(LogLogFit.fit(x: p.map { x[$0] }, y: p.map { y[$0] }))
            #expect(fit.slope == reference.slope && fit.intercept == reference.intercept && fit.r2 == reference.r2)
        }
    }

    @Test("no fit from fewer than two points, equal abscissae or non-positive values")
    func degenerate() {
        #expect(LogLogFit.fit(x: [10], y: [3]) == nil)
        #expect(LogLogFit.fit(x: [10, 10, 10], y: [1, 2, 3]) == nil)
        #expect(LogLogFit.fit(x: [10, 20], y: [0, 3]) == nil)
        #expect(LogLogFit.fit(x: [10, -20], y: [1, 3]) == nil)
        #expect(LogLogFit.fit(x: [10, 20], y: [1]) == nil)
    }
}
