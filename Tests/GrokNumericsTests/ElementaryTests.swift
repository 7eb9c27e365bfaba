import Foundation
import GrokNumerics
import Testing

/// Distance in units in the last place between two finite doubles of the same sign.
private func ulps(_ a: Double, _ b: Double) -> UInt64 {
    if a == b { return 0 }
    let ia = Int64(bitPattern: a.bitPattern), ib = Int64(bitPattern: b.bitPattern)
    return (ia - ib).magnitude
}

@Suite("Elementary functions: libm-free, within an ulp of the system's")
struct ElementaryTests {
    @Test("exp agrees with the system libm to 1 ulp over ±700")
    func expMatchesLibm() {
        var rng = RandomStream(seed: 1)
        for _ in 0..<200_000 {
            let x = (rng.nextUniform() * 2 - 1) * 700
            #expect(ulps(Elementary.exp(x), Foundation.exp(x)) <= 1, "exp(\(x))")
        }
        for x in [-1e-300, 0, 1e-300, 1, -1, 0.5, 88, -88, 709.78, -708.3, -744] {
            #expect(ulps(Elementary.exp(x), Foundation.exp(x)) <= 1, "exp(\(x))")
        }
    }

    @Test("exp saturates: +inf above the overflow bound, 0 below underflow, NaN stays NaN")
    func expLimits() {
        #expect(Elementary.exp(710) == .infinity)
        #expect(Elementary.exp(-746) == 0)
        #expect(Elementary.exp(.nan).isNaN)
        #expect(Elementary.exp(0) == 1)
    }

    @Test("log agrees with the system libm to 1 ulp, subnormals included")
    func logMatchesLibm() {
        var rng = RandomStream(seed: 2)
        for _ in 0..<200_000 {
            let x = Foundation.exp((rng.nextUniform() * 2 - 1) * 700)
            #expect(ulps(Elementary.log(x), Foundation.log(x)) <= 1, "log(\(x))")
        }
        for x in [1.0, 2, 0.5, 0x1.0p-1030, Double.leastNonzeroMagnitude, 1.7e308, 0.7071067811865476, 1.4142135623730951] {
            #expect(ulps(Elementary.log(x), Foundation.log(x)) <= 1, "log(\(x))")
        }
        #expect(Elementary.log(1) == 0)
        #expect(Elementary.log(0) == -.infinity)
        #expect(Elementary.log(-1).isNaN)
    }

    @Test("tanh is odd, bounded by 1 and within 2^-52 of the system's")
    func tanhProperties() {
        var rng = RandomStream(seed: 3)
        for _ in 0..<100_000 {
            let x = (rng.nextUniform() * 2 - 1) * 30
            let t = Elementary.tanh(x)
            #expect(abs(t - Foundation.tanh(x)) <= 0x1.0p-52)
            #expect(Elementary.tanh(-x) == -t)
            #expect(abs(t) <= 1)
        }
    }

    @Test("sigmoid and softplus are stable at ±1000 and agree with their definitions")
    func sigmoidSoftplus() {
        #expect(Elementary.sigmoid(1000) == 1)
        #expect(Elementary.sigmoid(-1000) == 0)
        #expect(abs(Elementary.sigmoid(0.3) - 1 / (1 + Foundation.exp(-0.3))) < 1e-16)
        #expect(Elementary.softplus(1000) == 1000)
        #expect(abs(Elementary.softplus(-2) - Foundation.log1p(Foundation.exp(-2))) < 1e-15)
    }
}
