import GrokNumerics
import GrokTraining
import Testing

/// The register-blocked products are the naive loops they replace, bit for bit: `dotProducts`
/// is one `dot` per output, `accumulateProducts` one `axpy` per term in increasing depth. Sizes
/// cross every tile edge (rows mod 4, outputs mod 2, columns mod 8 and 4, depth mod 4).
@Suite("Dense products equal the naive dot and axpy loops bit for bit")
struct DenseProductTests {
    static func values(_ n: Int, _ s: inout RandomStream) -> [Double] {
        // Magnitudes over many binades, so that any change of summation order shows in the bits.
        (0..<n).map { _ in s.nextGaussian() * Double(1 << s.nextInt(below: 24)) / 4096 }
    }

    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (4, 2, 4), (5, 3, 7), (8, 47, 32), (9, 5, 30), (13, 11, 12), (64, 47, 128), (3, 8, 0), (67, 9, 33),
    ]

    @Test("dotProducts: y[e, c] = dot(w row c, x row e) for every output", arguments: shapes)
    func dotProducts(_ shape: (Int, Int, Int)) {
        let (rows, outputs, depth) = shape
        var s = RandomStream(seed: UInt64(rows * 1000 + outputs * 10 + depth))
        let xStride = depth + 3, wStride = depth + 1, yStride = outputs + 2
        let x = Self.values(rows * xStride, &s), w = Self.values(outputs * wStride, &s)
        var y = [Double](repeating: .nan, count: rows * yStride)
        DenseKernels.dotProducts(x, rows: rows, xStride: xStride, w, outputs: outputs, wStride: wStride, depth: depth, into: &y, yStride: yStride)
        for e in 0..<rows {
            for c in 0..<outputs {
                let naive = x.withUnsafeBufferPointer { xp in
                    w.withUnsafeBufferPointer { wp in DenseKernels.dot(wp.baseAddress! + c * wStride, xp.baseAddress! + e * xStride, count: depth) }
                }
                #expect(y[e * yStride + c].bitPattern == naive.bitPattern, "row \(e), output \(c)")
            }
            for c in outputs..<yStride { #expect(y[e * yStride + c].isNaN, "padding column \(c) written") }
        }
    }

    @Test("accumulateProducts: c[i, ·] += a(i, k)·b[k, ·] as axpy calls in increasing k, both stride layouts", arguments: shapes)
    func accumulateProducts(_ shape: (Int, Int, Int)) {
        let (rows, columns, depth) = shape
        var s = RandomStream(seed: UInt64(rows * 7919 + columns * 31 + depth))
        let bStride = columns + 5, cStride = columns + 1
        let b = Self.values(depth * bStride, &s), start = Self.values(rows * cStride, &s)
        for transposed in [false, true] {
            // a(i, k) at a[i·aRow + k·aDepth]: row-major (aRow = depth) or column-major (aDepth = rows).
            let aRow = transposed ? 1 : max(depth, 1), aDepth = transposed ? max(rows, 1) : 1
            let a = Self.values(max(rows, 1) * max(depth, 1), &s)
            var blocked = start, naive = start
            DenseKernels.accumulateProducts(
                a, aRow: aRow, aDepth: aDepth, b, bStride: bStride, into: &blocked, cStride: cStride, rows: rows, columns: columns, depth: depth)
            naive.withUnsafeMutableBufferPointer { cp in
                b.withUnsafeBufferPointer { bp in
                    for i in 0..<rows {
                        for k in 0..<depth {
                            DenseKernels.axpy(a[i * aRow + k * aDepth], bp.baseAddress! + k * bStride, cp.baseAddress! + i * cStride, count: columns)
                        }
                    }
                }
            }
            #expect(blocked.map(\.bitPattern) == naive.map(\.bitPattern), "transposed a: \(transposed)")
        }
    }

    @Test("zero slopes leave sums that began at +0 unchanged, bit for bit")
    func zerosAreExact() {
        // The hinge model replaces skipped terms by zero slopes: adding +0·x to a sum that began
        // at +0 must not change its bits.
        var s = RandomStream(seed: 5)
        let b = Self.values(8 * 9, &s)
        var c = [Double](repeating: 0, count: 4 * 9)
        let a: [Double] = (0..<(4 * 8)).map { (k: Int) -> Double in k % 3 == 0 ? 0 : Double(k) / 7 }
        var skipped = c
        DenseKernels.accumulateProducts(a, aRow: 8, aDepth: 1, b, bStride: 9, into: &c, cStride: 9, rows: 4, columns: 9, depth: 8)
        skipped.withUnsafeMutableBufferPointer { cp in
            b.withUnsafeBufferPointer { bp in
                for i in 0..<4 {
                    for k in 0..<8 where a[i * 8 + k] != 0 {
                        DenseKernels.axpy(a[i * 8 + k], bp.baseAddress! + k * 9, cp.baseAddress! + i * 9, count: 9)
                    }
                }
            }
        }
        #expect(c.map(\.bitPattern) == skipped.map(\.bitPattern))
    }
}

/// The float32 arithmetic: the same kernels on eight lanes, and the shallow layers' sequential
/// forward order. Each blocked result equals its naive definition bit for bit.
@Suite("Float32 kernels equal their naive definitions bit for bit")
struct Float32KernelTests {
    static func values(_ n: Int, _ s: inout RandomStream) -> [Float] {
        (0..<n).map { _ in Float(s.nextGaussian() * Double(1 << s.nextInt(below: 12)) / 64) }
    }

    /// vectorDot's order written out: lane k sums j ≡ k (mod 8) in increasing j, then the lanes left to right.
    static func laneDot(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Float {
        var lanes = [Float](repeating: 0, count: 8)
        for (j, (x, y)) in zip(a, b).enumerated() { lanes[j % 8] = lanes[j % 8] + x * y }
        return lanes.dropFirst().reduce(lanes[0]) { $0 + $1 }
    }

    @Test("vectorDot<Double> is dot, and vectorDot<Float> is the eight-lane order", arguments: [0, 1, 7, 8, 9, 31, 64, 129])
    func vectorDot(_ n: Int) {
        var s = RandomStream(seed: UInt64(n) + 77)
        let a = (0..<n).map { _ in s.nextGaussian() * Double(1 << s.nextInt(below: 20)) }, b = (0..<n).map { _ in s.nextGaussian() }
        #expect(DenseKernels.vectorDot(a, b, count: n).bitPattern == DenseKernels.dot(a, b, count: n).bitPattern)
        let fa = Self.values(n, &s), fb = Self.values(n, &s)
        #expect(DenseKernels.vectorDot(fa, fb, count: n).bitPattern == Self.laneDot(fa[...], fb[...]).bitPattern)
    }

    @Test(
        "layerForward<Float>: sequential sums below depth 32, eight-lane dots from it on",
        arguments: [(5, 9, 12), (4, 47, 30), (9, 3, 31), (8, 17, 32), (7, 47, 128), (64, 33, 40)])
    func layerForward(_ shape: (Int, Int, Int)) {
        let (rows, outputs, depth) = shape
        var s = RandomStream(seed: UInt64(rows * 131 + outputs * 7 + depth))
        let x = Self.values(rows * depth, &s), w = Self.values(outputs * depth, &s)
        var y = [Float](repeating: .nan, count: rows * outputs), scratch: [Float] = []
        DenseKernels.layerForward(
            x, rows: rows, xStride: depth, w, outputs: outputs, wStride: depth, depth: depth, into: &y, yStride: outputs, transposed: &scratch)
        for e in 0..<rows {
            for c in 0..<outputs {
                let xe = x[(e * depth)..<((e + 1) * depth)], wc = w[(c * depth)..<((c + 1) * depth)]
                let naive = depth < 32 ? zip(xe, wc).reduce(Float(0)) { $0 + $1.0 * $1.1 } : Self.laneDot(wc, xe)
                #expect(y[e * outputs + c].bitPattern == naive.bitPattern, "row \(e), output \(c)")
            }
        }
    }

    @Test("accumulateProducts<Float>: each element adds its terms in increasing depth", arguments: [(4, 16, 5), (5, 30, 3), (9, 47, 8), (3, 7, 2)])
    func accumulate(_ shape: (Int, Int, Int)) {
        let (rows, columns, depth) = shape
        var s = RandomStream(seed: UInt64(rows + columns * 100 + depth * 10_000))
        let a = Self.values(rows * depth, &s), b = Self.values(depth * columns, &s), start = Self.values(rows * columns, &s)
        var blocked = start
        DenseKernels.accumulateProducts(
            a, aRow: depth, aDepth: 1, b, bStride: columns, into: &blocked, cStride: columns, rows: rows, columns: columns, depth: depth)
        for i in 0..<rows {
            for j in 0..<columns {
                var naive = start[i * columns + j]
                for k in 0..<depth { naive = naive + a[i * depth + k] * b[k * columns + j] }
                #expect(blocked[i * columns + j].bitPattern == naive.bitPattern, "element (\(i), \(j))")
            }
        }
    }
}
