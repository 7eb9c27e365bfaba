import GrokConfig
import GrokReport
import Testing

@Suite("Estimates without an interval")
struct NoIntervalFormatTests {
    @Test("a bootstrap with zero spread and a point interval (one seed) reads 'no interval', never ± 0.000")
    func oneSeedSaysNoInterval() {
        let degenerate = JSONValue.object([("value", .double(0.166)), ("std", .double(0)), ("ci95", .array([.double(0.166), .double(0.166)]))])
        #expect(NumberFormat.estimate(degenerate) == "0.166 (no interval: one seed)")
        let real = JSONValue.object([("value", .double(0.91)), ("std", .double(0.021)), ("ci95", .array([.double(0.871), .double(0.953)]))])
        #expect(NumberFormat.estimate(real) == "0.910 ± 0.021 [0.871, 0.953]")
    }
}
