/// One core's FMA peak for `grokscale bench`, measured as the reference C loop does: twelve independent SIMD
/// accumulators (enough to hide the FMA latency on two FMA ports) in a tight loop of fused
/// multiply–adds. Concrete types on purpose: a generic SIMD `addingProduct` is not specialised
/// and calls libm per lane. (The float64 kernels do not fuse, to keep the pre-blocking bits, so
/// this peak is above what they can reach.) Here, not in the bench's own module, so that it is
/// compiled for the kernels' CPU target: in a portable build `addingProduct` is libm's `fma`.
public enum FMAPeak {
    /// GFLOP/s (two flops per fused multiply–add), best of `repeats`.
    public static func gflops(single: Bool, repeats: Int) -> Double {
        let iterations = 4_000_000
        var best = 0.0
        let clock = ContinuousClock()
        for r in 0..<repeats {
            var sink = 0.0
            let elapsed = clock.measure {
                sink = single ? loopFloat(iterations: iterations, seed: Float(r)) : loopDouble(iterations: iterations, seed: Double(r))
            }
            if sink.isNaN { print("", terminator: "") }  // keeps the loop's result alive
            let flops = Double(iterations * 12 * (single ? 8 : 4) * 2)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = max(best, flops / seconds / 1e9)
        }
        return best
    }

    // x ← x·m + c with m slightly below 1 stays bounded and never denormal.
    @inline(never)
    static func loopDouble(iterations: Int, seed: Double) -> Double {
        let m = SIMD4<Double>(repeating: 0.999_999), c = SIMD4<Double>(repeating: 1e-7)
        var a0 = SIMD4<Double>(repeating: seed), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c
        var a6 = a5 + c, a7 = a6 + c, a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c
        for _ in 0..<iterations {
            a0 = c.addingProduct(a0, m); a1 = c.addingProduct(a1, m); a2 = c.addingProduct(a2, m); a3 = c.addingProduct(a3, m)
            a4 = c.addingProduct(a4, m); a5 = c.addingProduct(a5, m); a6 = c.addingProduct(a6, m); a7 = c.addingProduct(a7, m)
            a8 = c.addingProduct(a8, m); a9 = c.addingProduct(a9, m); a10 = c.addingProduct(a10, m); a11 = c.addingProduct(a11, m)
        }
        return (((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11))).sum()
    }

    @inline(never)
    static func loopFloat(iterations: Int, seed: Float) -> Double {
        let m = SIMD8<Float>(repeating: 0.999_99), c = SIMD8<Float>(repeating: 1e-6)
        var a0 = SIMD8<Float>(repeating: seed), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c
        var a6 = a5 + c, a7 = a6 + c, a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c
        for _ in 0..<iterations {
            a0 = c.addingProduct(a0, m); a1 = c.addingProduct(a1, m); a2 = c.addingProduct(a2, m); a3 = c.addingProduct(a3, m)
            a4 = c.addingProduct(a4, m); a5 = c.addingProduct(a5, m); a6 = c.addingProduct(a6, m); a7 = c.addingProduct(a7, m)
            a8 = c.addingProduct(a8, m); a9 = c.addingProduct(a9, m); a10 = c.addingProduct(a10, m); a11 = c.addingProduct(a11, m)
        }
        return Double((((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11))).sum())
    }
}
