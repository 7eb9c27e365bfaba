import GrokNumerics
import GrokTraining
import Testing

/// The blocked kernels are the plain ones, bit for bit: a block of four examples must give the
/// bytes of four example-by-example passes (the reproducibility contract of every report).
@Suite("Blocked dense kernels equal the plain ones bit for bit")
struct BlockedKernelTests {
    func vector(_ n: Int, _ stream: inout RandomStream) -> [Double] {
        (0..<n).map { _ in stream.nextGaussian() * Double(1 << stream.nextInt(below: 20)) / 1024 }
    }

    @Test("dot4 gives each lane exactly dot's value, for every length including the tails", arguments: [0, 1, 2, 3, 4, 5, 7, 8, 13, 64, 129])
    func dot4(_ n: Int) {
        var s = RandomStream(seed: UInt64(n) + 1)
        let row = vector(n, &s), x = (0..<4).map { _ in vector(n, &s) }
        let blocked = DenseKernels.dot4(row, x[0], x[1], x[2], x[3], count: n)
        for e in 0..<4 {
            #expect(blocked[e].bitPattern == DenseKernels.dot(row, x[e], count: n).bitPattern)
        }
    }

    @Test("axpy4 and axpyInto4 equal four axpy calls in order", arguments: [0, 1, 5, 16, 31])
    func axpys(_ n: Int) {
        var s = RandomStream(seed: UInt64(n) + 100)
        let alpha = SIMD4(s.nextGaussian(), s.nextGaussian(), s.nextGaussian(), s.nextGaussian())
        let x = (0..<4).map { _ in vector(n, &s) }
        let y = vector(n, &s)
        var plain = y, fused = y
        for e in 0..<4 { DenseKernels.axpy(alpha[e], x[e], &plain, count: n) }
        DenseKernels.axpy4(alpha, x[0], x[1], x[2], x[3], &fused, count: n)
        #expect(plain.map(\.bitPattern) == fused.map(\.bitPattern))

        let ys = (0..<4).map { _ in vector(n, &s) }
        var plainYs = ys
        for e in 0..<4 { DenseKernels.axpy(alpha[e], x[0], &plainYs[e], count: n) }
        var y0 = ys[0], y1 = ys[1], y2 = ys[2], y3 = ys[3]
        DenseKernels.axpyInto4(alpha, x[0], &y0, &y1, &y2, &y3, count: n)
        #expect(plainYs.map { $0.map(\.bitPattern) } == [y0, y1, y2, y3].map { $0.map(\.bitPattern) })
    }
}
