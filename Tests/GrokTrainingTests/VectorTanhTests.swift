import GrokNumerics
import GrokTraining
import Testing

@Suite("VectorTanh: the four-lane tanh and exp return the scalar functions' bits")
struct VectorTanhTests {
    /// Compares lane by lane; NaN lanes must be NaN on both sides.
    private func sameBits(_ v: SIMD4<Double>, _ scalar: (Double) -> Double, _ x: SIMD4<Double>) -> Bool {
        (0..<4).allSatisfy { i in
            let s = scalar(x[i])
            return s.isNaN ? v[i].isNaN : v[i].bitPattern == s.bitPattern
        }
    }

    static let specials: [Double] = [
        0, -0.0, 0x1.0p-28, -0x1.0p-28, 0x1.0p-29, 0x1.fffffffffffffp-29, 1e-300, -1e-300, .leastNonzeroMagnitude,
        .leastNormalMagnitude, 1e-10, -1e-10, 0.5, -0.5, 1, -1, 0.54930614433405, 19, -19, 21.999999,
        22, -22, 22.000001, 30, -30, 44, 700, -700, 1e300, -1e300, .infinity, -.infinity, .nan, -.nan,
    ]

    @Test("tanh is bit-identical to Elementary.tanh on ±0, tiny, ±22, ±30, ±∞, NaN and 400,000 random inputs")
    func tanhMatchesScalar() {
        var rng = RandomStream(seed: 11)
        var inputs = VectorTanhTests.specials
        for _ in 0..<100_000 { inputs.append((rng.nextUniform() * 2 - 1) * 25) }
        for _ in 0..<100_000 { inputs.append((rng.nextUniform() * 2 - 1) * 3) }
        for _ in 0..<100_000 {  // log-uniform magnitudes 2⁻⁴⁰…2⁶, both signs
            let m = Elementary.exp((rng.nextUniform() * 46 - 40) * 0.6931471805599453)
            inputs.append(rng.nextUniform() < 0.5 ? -m : m)
        }
        for _ in 0..<100_000 { inputs.append(rng.nextGaussian() * 0.3) }
        while inputs.count % 4 != 0 { inputs.append(0) }
        var mismatches = 0
        for i in stride(from: 0, to: inputs.count, by: 4) {
            let x = SIMD4(inputs[i], inputs[i + 1], inputs[i + 2], inputs[i + 3])
            if !sameBits(VectorTanh.tanh(x), Elementary.tanh, x) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        // Each special in every lane position, surrounded by ordinary values.
        for s in VectorTanhTests.specials {
            for lane in 0..<4 {
                var x = SIMD4<Double>(0.3, -1.7, 4.2, -0.01)
                x[lane] = s
                #expect(sameBits(VectorTanh.tanh(x), Elementary.tanh, x), "tanh(\(s)) in lane \(lane)")
            }
        }
    }

    @Test("exp is bit-identical to Elementary.exp over the whole range, overflow, underflow, subnormals and NaN")
    func expMatchesScalar() {
        var rng = RandomStream(seed: 12)
        var inputs: [Double] = [
            0, -0.0, 1, -1, 709.78, 709.79, 710, -708, -708.5, -744, -745.1, -746, -1000, 1000,
            .infinity, -.infinity, .nan, 1e-300,
        ]
        for _ in 0..<200_000 { inputs.append((rng.nextUniform() * 2 - 1) * 760) }
        for _ in 0..<50_000 { inputs.append(-708 - rng.nextUniform() * 38) }  // subnormal results
        for _ in 0..<50_000 { inputs.append(700 + rng.nextUniform() * 10) }  // near overflow
        while inputs.count % 4 != 0 { inputs.append(0) }
        var mismatches = 0
        for i in stride(from: 0, to: inputs.count, by: 4) {
            let x = SIMD4(inputs[i], inputs[i + 1], inputs[i + 2], inputs[i + 3])
            if !sameBits(VectorTanh.exp(x), Elementary.exp, x) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
