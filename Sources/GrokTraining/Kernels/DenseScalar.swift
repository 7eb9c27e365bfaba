/// The arithmetic of the dense layers, chosen by `training.precision`: float64 (every report
/// before the knob, bit for bit) or float32 (twice the lanes per vector). θ, the optimizer's
/// state and the gradient snapshots stay float64 either way: only the layers' products and
/// activations run in the chosen type.
public enum Precision: String, Sendable, Hashable, Codable, CaseIterable {
    case float64
    case float32
}

/// A scalar the dense kernels run on, with its SIMD vector and the summation order of its
/// layers' forward products (``ForwardOrder``), fixed per type, never per CPU. No fused
/// multiply–add anywhere: a portable build without FMA instructions must compute the same bits,
/// at full speed.
public protocol DenseScalar: BinaryFloatingPoint, SIMDScalar, Sendable {
    associatedtype Lanes: SIMD where Lanes.Scalar == Self
    init(_ value: Double)
    var asDouble: Double { get }
    static var forwardOrder: ForwardOrder { get }

    /// Runs `body` on θ and the gradient (nil when none is asked for) in this type: float64 works
    /// in the caller's buffers in place (no copy per pass: per-example passes stay cheap);
    /// float32 converts θ into `thetaScratch`, accumulates into `gradientScratch` and converts
    /// the gradient back after `body`.
    static func withBuffers<R>(
        theta: [Double], gradient: UnsafeMutablePointer<Double>?, thetaScratch: inout [Self], gradientScratch: inout [Self],
        _ body: (UnsafePointer<Self>, UnsafeMutablePointer<Self>?) -> R
    ) -> R
}

/// How a layer's forward product y = W·x sums over its depth (the backward products always sum
/// sequentially, ``DenseKernels/accumulateProducts``). A function of the scalar type and the
/// layer's shape only, so the same on every CPU.
public enum ForwardOrder: Sendable {
    /// `vectorDot`'s: lane k sums the terms j ≡ k (mod lanes) in increasing j, then the lanes
    /// left to right. Float64's, as the kernels computed before blocking (reports keep their
    /// bytes); with four lanes this is ``DenseKernels/dot(_:_:count:)``.
    case laneDot
    /// Below this depth, one sum per output with the terms in increasing j (no horizontal
    /// reduction: shallow layers such as parity's 30 inputs and rule's 12 vectorise across the
    /// outputs instead); from it on, `laneDot`. Float32's, with 32: four vectors of eight lanes.
    case sequentialBelow(depth: Int)
}

extension Double: DenseScalar {
    public typealias Lanes = SIMD4<Double>
    @inline(__always) public var asDouble: Double { self }
    public static var forwardOrder: ForwardOrder { .laneDot }

    public static func withBuffers<R>(
        theta: [Double], gradient: UnsafeMutablePointer<Double>?, thetaScratch: inout [Double], gradientScratch: inout [Double],
        _ body: (UnsafePointer<Double>, UnsafeMutablePointer<Double>?) -> R
    ) -> R {
        theta.withUnsafeBufferPointer { body($0.baseAddress!, gradient) }
    }
}

extension Float: DenseScalar {
    public typealias Lanes = SIMD8<Float>
    @inline(__always) public var asDouble: Double { Double(self) }
    public static var forwardOrder: ForwardOrder { .sequentialBelow(depth: 32) }

    public static func withBuffers<R>(
        theta: [Double], gradient: UnsafeMutablePointer<Double>?, thetaScratch: inout [Float], gradientScratch: inout [Float],
        _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>?) -> R
    ) -> R {
        let count = theta.count
        if thetaScratch.count != count {
            thetaScratch = [Float](repeating: 0, count: count)
            gradientScratch = thetaScratch
        }
        for i in 0..<count { thetaScratch[i] = Float(theta[i]) }
        return thetaScratch.withUnsafeBufferPointer { tp in
            gradientScratch.withUnsafeMutableBufferPointer { gp in
                let result = body(tp.baseAddress!, gradient == nil ? nil : gp.baseAddress!)
                if let out = gradient { for i in 0..<count { out[i] = Double(gp[i]) } }
                return result
            }
        }
    }
}

extension DenseKernels {
    @inline(__always)
    static func load<V: SIMD>(_ p: UnsafePointer<V.Scalar>, as _: V.Type = V.self) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    /// The first `count` (< lanes) elements at p, the other lanes +0.
    @inline(__always)
    static func loadPartial<V: SIMD>(_ p: UnsafePointer<V.Scalar>, _ count: Int, as _: V.Type = V.self) -> V where V.Scalar: FloatingPoint {
        var v = V()
        for k in 0..<count { v[k] = p[k] }
        return v
    }

    @inline(__always)
    static func store<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<V.Scalar>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }

    /// (((s0 + s1) + s2) + …), the lanes left to right.
    @inline(__always)
    static func laneSum<V: SIMD>(_ v: V) -> V.Scalar where V.Scalar: FloatingPoint {
        var total = v[0]
        for k in 1..<V.scalarCount { total = total + v[k] }
        return total
    }

    /// Σ_j a[j]·b[j] in `S`'s fixed order (see ``DenseScalar``); for Double the bits of `dot`.
    @inline(__always)
    public static func vectorDot<S: DenseScalar>(_ a: UnsafePointer<S>, _ b: UnsafePointer<S>, count: Int) -> S {
        let lanes = S.Lanes.scalarCount
        var s = S.Lanes()
        var j = 0
        while j + lanes <= count {
            s = s + load(a + j, as: S.Lanes.self) * load(b + j, as: S.Lanes.self)
            j += lanes
        }
        if j < count { s = s + loadPartial(a + j, count - j, as: S.Lanes.self) * loadPartial(b + j, count - j, as: S.Lanes.self) }
        return laneSum(s)
    }
}
