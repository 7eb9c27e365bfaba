import GrokTraining
import Testing

@Suite("Gini coefficient of |θ|")
struct GiniTests {
    @Test("equal values have Gini 0, and all-zero or empty input gives 0")
    func equalValues() {
        #expect(XORTraining.gini([3, 3, 3, 3, 3]) == 0)
        #expect(XORTraining.gini([0, 0, 0]) == 0)
        #expect(XORTraining.gini([]) == 0)
    }

    @Test("one nonzero value among n gives (n − 1)/n", arguments: [1, 2, 5, 81, 2001])
    func oneNonzero(n: Int) {
        var values = [Double](repeating: 0, count: n)
        values[n / 2] = 0.7
        #expect(abs(XORTraining.gini(values) - Double(n - 1) / Double(n)) < 1e-15)
    }

    @Test("[1, 2, 3, 4] has Gini 0.25 in any order")
    func knownVector() {
        #expect(XORTraining.gini([1, 2, 3, 4]) == 0.25)
        #expect(XORTraining.gini([4, 1, 3, 2]) == 0.25)
    }

    @Test("Gini is scale-invariant")
    func scaleInvariant() {
        let v: [Double] = [0.1, 0.5, 0.02, 0.9, 0.33]
        #expect(abs(XORTraining.gini(v) - XORTraining.gini(v.map { $0 * 8 })) < 1e-15)
    }
}
