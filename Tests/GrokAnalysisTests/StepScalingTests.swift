import GrokAnalysis
import GrokNumerics
import Testing

@Suite("D(step): one fit per training step over the sizes that have it")
struct StepScalingTests {
    /// Sizes s = round(N^D(step)) with D(step) = 0.8 + step/1000, seeds ±1 around it; the largest
    /// size stops at step 200 (it is "still training").
    static func runs() -> [RunCascades] {
        var out: [RunCascades] = []
        for n in [100, 300, 1000, 3000] {
            for seed in 0..<3 {
                let steps = n == 3000 ? [0, 100, 200] : [0, 100, 200, 300]
                let records = steps.map { step -> CascadeRecord in
                    let d = 0.8 + Double(step) / 1000
                    let size = Int(Elementary.exp(d * Elementary.log(Double(n))).rounded()) + seed - 1
                    return CascadeRecord(epoch: step, size: size, extent: size, duration: 1)
                }
                out.append(RunCascades(parameterCount: n, seedIndex: seed, onsetEpoch: nil, cascades: records))
            }
        }
        return out
    }

    @Test("recovers the planted D at every step; a step with fewer sizes than the minimum is listed with D = NaN")
    func planted() throws {
        var options = ScalingOptions(bootstrapResamples: 100, seed: 1)
        options.minimumWidthsPerFit = 4
        let points = try ScalingAnalysis.perStep(Self.runs(), options: options)
        #expect(points.map(\.step) == [0, 100, 200, 300])
        for p in points.prefix(3) {
            #expect(abs(p.d - (0.8 + Double(p.step) / 1000)) < 0.01, "step \(p.step): \(p.d)")
            #expect(p.sizesUsed == 4 && p.r2 > 0.999 && p.ci[0] <= p.d + 0.01 && p.ci[1] >= p.d - 0.01)
        }
        #expect(points[3].d.isNaN && points[3].sizesUsed == 3)
    }

    @Test("the same runs in any order give the same bits")
    func orderIndependent() throws {
        let options = ScalingOptions(bootstrapResamples: 50, seed: 3)
        let a = try ScalingAnalysis.perStep(Self.runs(), options: options)
        let b = try ScalingAnalysis.perStep(Self.runs().reversed(), options: options)
        let bits = { (p: [DStepPoint]) in
            p.map { [$0.d, $0.r2, $0.std, $0.ci[0], $0.ci[1]].map(\.bitPattern) + [UInt64($0.step), UInt64($0.resamples)] }
        }
        #expect(bits(a) == bits(b))
    }
}
