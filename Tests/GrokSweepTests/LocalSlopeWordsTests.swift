import GrokAnalysis
import GrokReportModel
import Testing

@Suite("The wide answer in words: where the local slopes lie above and below 1")
struct LocalSlopeWordsTests {
    static func slope(_ lo: Int, _ hi: Int, _ d: Double, _ ci: [Double]) -> LocalSlope {
        LocalSlope(nLo: lo, nHi: hi, d: Estimate(value: d, r2: nil, mean: d, std: 0.05, ci: ci, resamples: 100))
    }

    @Test("three decades: above 1 at small N, below 1 at large N, said with the N where it turns")
    func wideAnswer() throws {
        let post = [Self.slope(65, 401, 1.4, [1.2, 1.6]), Self.slope(401, 2_501, 0.98, [0.9, 1.05]), Self.slope(2_501, 80_001, 0.85, [0.8, 0.9])]
        let pre = [Self.slope(65, 401, 0.7, [0.6, 0.8]), Self.slope(401, 80_001, 0.95, [0.85, 1.05])]
        let words = try #require(LocalSlopeWords.sentence(pre: pre, post: post, control: [Self.slope(65, 80_001, 0.97, [0.95, 0.99])]))
        #expect(
            words.contains(
                "after the onset, above 1 over N = 65–401 (1.40); below 1 over N = 2501–80001 (0.85); not resolved from 1 over N = 401–2501 (0.98)"))
        #expect(words.contains("D_post > 1 holds only up to N ≈ 401; every local slope from N ≈ 2501 on is below 1"))
        #expect(words.contains("The Gaussian control: below 1 over N = 65–80001"))
    }

    @Test("a grid spanning less than two decades gets no sentence (its report keeps its bytes)")
    func narrowGrid() {
        #expect(LocalSlopeWords.sentence(pre: [Self.slope(81, 2_001, 0.7, [0.6, 0.8])], post: [], control: nil) == nil)
    }
}
