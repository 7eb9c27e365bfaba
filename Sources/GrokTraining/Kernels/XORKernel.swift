import GrokNumerics

/// The forward and backward passes of the 2 → h → 1 network on the 4 XOR points, shared by
/// `XORTraining.run` and `XORModel` so the tests exercise the training code itself.
///
/// Layout (struct of arrays, h padded up to a multiple of 4 with units whose weights are all 0,
/// which stay 0 and contribute nothing): per hidden unit j the input-0 weights w0 = W1[j,0], the
/// input-1 weights w1 = W1[j,1], b1, w2, their gradients, and the activations a_n for the 4
/// points n. Each region is a run of SIMD4 chunks holding 4 consecutive hidden units, so every
/// loop works on 4 units at a time in vector registers, with no allocation per epoch.
///
/// Arithmetic, in this exact order (it is part of the reproducibility contract):
/// - x_n ∈ {0,1}², so W1·x_n + b1 reduces exactly to b1, w1 + b1, w0 + b1, (w0 + w1) + b1 for
///   the points (0,0), (0,1), (1,0), (1,1).
/// - z2_n = (((s0 + s1) + s2) + s3) + b2, where s_k accumulates w2_j·a_{n,j} over j ≡ k (mod 4)
///   in increasing j.
/// - With d_n = dLoss/dz2_n: g_w2[j] = ((d0·a0 + d1·a1) + d2·a2) + d3·a3;
///   δ_n = act′ applied to (d_n·w2_j) (tanh: (d_n·w2_j)·(1 − a·a); relu: d_n·w2_j where a > 0,
///   else 0); g_b1 = ((δ0 + δ1) + δ2) + δ3; g_W1[j,0] = δ2 + δ3; g_W1[j,1] = δ1 + δ3;
///   g_b2 = ((d0 + d1) + d2) + d3.
/// - Update θ ← θ − lr·g, element by element, with the gradient at the pre-update parameters.
final class XORKernel {
    let hiddenWidth: Int
    let chunks: Int
    private let storage: UnsafeMutablePointer<SIMD4<Double>>
    private(set) var b2: Double = 0
    private(set) var gradientB2: Double = 0

    private enum Region: Int, CaseIterable {
        case w0, w1, b1, w2, gw0, gw1, gb1, gw2, a0, a1, a2, a3
    }

    /// A network with the parameters `canonical` (length 4h + 1, canonical order).
    init(hiddenWidth h: Int, canonical: [Double]) {
        precondition(h >= 1, "hiddenWidth must be at least 1")
        precondition(canonical.count == 4 * h + 1, "expected \(4 * h + 1) parameters for h = \(h), got \(canonical.count)")
        hiddenWidth = h
        chunks = (h + 3) / 4
        let count = Region.allCases.count * chunks
        storage = .allocate(capacity: count)
        storage.initialize(repeating: .zero, count: count)
        for j in 0..<h {
            set(.w0, j, canonical[2 * j])
            set(.w1, j, canonical[2 * j + 1])
            set(.b1, j, canonical[2 * h + j])
            set(.w2, j, canonical[3 * h + j])
        }
        b2 = canonical[4 * h]
    }

    deinit { storage.deallocate() }

    private func region(_ r: Region) -> UnsafeMutablePointer<SIMD4<Double>> { storage + r.rawValue * chunks }
    private func get(_ r: Region, _ j: Int) -> Double { region(r)[j / 4][j % 4] }
    private func set(_ r: Region, _ j: Int, _ v: Double) { region(r)[j / 4][j % 4] = v }

    /// θ in canonical order: W1 row-major (w_{j,0}, w_{j,1} per unit j), b1, w2, b2.
    func parameters() -> [Double] { canonical(.w0, .w1, .b1, .w2, last: b2) }

    /// The gradient of the last `backward` call, in canonical order.
    func gradient() -> [Double] { canonical(.gw0, .gw1, .gb1, .gw2, last: gradientB2) }

    private func canonical(_ u: Region, _ v: Region, _ b: Region, _ w: Region, last: Double) -> [Double] {
        let h = hiddenWidth
        var out = [Double](repeating: 0, count: 4 * h + 1)
        for j in 0..<h {
            out[2 * j] = get(u, j)
            out[2 * j + 1] = get(v, j)
            out[2 * h + j] = get(b, j)
            out[3 * h + j] = get(w, j)
        }
        out[4 * h] = last
        return out
    }

    /// Computes and stores the hidden activations; returns the logits z2 of the 4 points.
    @inline(__always)
    func forward<Unit: HiddenUnit>(_: Unit.Type) -> SIMD4<Double> {
        let w0 = region(.w0), w1 = region(.w1), b1 = region(.b1), w2 = region(.w2)
        let a0 = region(.a0), a1 = region(.a1), a2 = region(.a2), a3 = region(.a3)
        // One pass per chunk of four units: the pre-activations, their activations and the output
        // sums together, so that the ALU work hides behind tanh's divisions (the sums still add the
        // chunks in increasing order: the same bits as three separate passes).
        var s0 = SIMD4<Double>.zero, s1 = SIMD4<Double>.zero
        var s2 = SIMD4<Double>.zero, s3 = SIMD4<Double>.zero
        for c in 0..<chunks {
            let u = w0[c], v = w1[c], b = b1[c], w = w2[c]
            let h0 = Unit.activate(b), h1 = Unit.activate(v + b)
            let h2 = Unit.activate(u + b), h3 = Unit.activate((u + v) + b)
            a0[c] = h0; a1[c] = h1; a2[c] = h2; a3[c] = h3
            s0 += w * h0; s1 += w * h1; s2 += w * h2; s3 += w * h3
        }
        return SIMD4(
            XORKernel.lanes(s0) + b2, XORKernel.lanes(s1) + b2,
            XORKernel.lanes(s2) + b2, XORKernel.lanes(s3) + b2)
    }

    @inline(__always)
    static func lanes(_ s: SIMD4<Double>) -> Double { ((s[0] + s[1]) + s[2]) + s[3] }

    /// Backpropagates d = dLoss/dz2 (per point) through the activations of the last `forward`,
    /// stores the gradient and, when `update` is true, applies θ ← θ − lr·g.
    @inline(__always)
    func backward<Unit: HiddenUnit>(_: Unit.Type, d: SIMD4<Double>, learningRate lr: Double, update: Bool) {
        let w0 = region(.w0), w1 = region(.w1), b1 = region(.b1), w2 = region(.w2)
        let g0 = region(.gw0), g1 = region(.gw1), gb = region(.gb1), gw = region(.gw2)
        let a0 = region(.a0), a1 = region(.a1), a2 = region(.a2), a3 = region(.a3)
        let d0 = SIMD4(repeating: d[0]), d1 = SIMD4(repeating: d[1])
        let d2 = SIMD4(repeating: d[2]), d3 = SIMD4(repeating: d[3])
        for c in 0..<chunks {
            let h0 = a0[c], h1 = a1[c], h2 = a2[c], h3 = a3[c]
            let w = w2[c]
            let gradW2 = ((d0 * h0 + d1 * h1) + d2 * h2) + d3 * h3
            let e0 = Unit.delta(d0 * w, activation: h0)
            let e1 = Unit.delta(d1 * w, activation: h1)
            let e2 = Unit.delta(d2 * w, activation: h2)
            let e3 = Unit.delta(d3 * w, activation: h3)
            let gradB1 = ((e0 + e1) + e2) + e3
            let gradW0 = e2 + e3
            let gradW1 = e1 + e3
            g0[c] = gradW0; g1[c] = gradW1; gb[c] = gradB1; gw[c] = gradW2
            if update {
                w0[c] -= lr * gradW0
                w1[c] -= lr * gradW1
                b1[c] -= lr * gradB1
                w2[c] = w - lr * gradW2
            }
        }
        gradientB2 = ((d[0] + d[1]) + d[2]) + d[3]
        if update { b2 -= lr * gradientB2 }
    }
}

/// A hidden-unit nonlinearity on 4 lanes: the activation and the backward factor.
protocol HiddenUnit {
    static func activate(_ z: SIMD4<Double>) -> SIMD4<Double>
    /// δ = act′(z)·upstream, expressed through the stored activation a = act(z).
    static func delta(_ upstream: SIMD4<Double>, activation a: SIMD4<Double>) -> SIMD4<Double>
}

enum TanhUnit: HiddenUnit {
    @inline(__always)
    static func activate(_ z: SIMD4<Double>) -> SIMD4<Double> { VectorTanh.tanh(z) }
    @inline(__always)
    static func delta(_ upstream: SIMD4<Double>, activation a: SIMD4<Double>) -> SIMD4<Double> {
        upstream * (1 - a * a)
    }
}

enum ReLUUnit: HiddenUnit {
    @inline(__always)
    static func activate(_ z: SIMD4<Double>) -> SIMD4<Double> { z.replacing(with: 0, where: .!(z .> 0)) }
    /// a > 0 exactly when z > 0, so the derivative (0 at z ≤ 0) is read off the activation.
    @inline(__always)
    static func delta(_ upstream: SIMD4<Double>, activation a: SIMD4<Double>) -> SIMD4<Double> {
        upstream.replacing(with: 0, where: .!(a .> 0))
    }
}
