import GrokNumerics

/// Four-lane versions of `Elementary.exp` and `Elementary.tanh` that return, lane by lane, the
/// very bits the scalar functions return.
///
/// They perform the same IEEE-754 operations in the same order as the scalar code; the scalar
/// branches become lane selects (`replacing(with:where:)`) and the exponent scaling is done with
/// integer arithmetic on the bit patterns, which is exact. This lets the compiler keep the
/// training loop's hot `tanh` in vector registers without changing a single bit of the result.
public enum VectorTanh {
    @usableFromInline static let signBit: UInt64 = 0x8000_0000_0000_0000
    @usableFromInline static let log2e = 1.44269504088896338700e+00
    @usableFromInline static let ln2Hi = 6.93147180369123816490e-01
    @usableFromInline static let ln2Lo = 1.90821492927058770002e-10
    @usableFromInline static let roundingShift = 6755399441055744.0  // 1.5·2⁵², as in Elementary

    @inlinable @inline(__always)
    static func bits(_ x: SIMD4<Double>) -> SIMD4<UInt64> { unsafeBitCast(x, to: SIMD4<UInt64>.self) }

    @inlinable @inline(__always)
    static func double(_ b: SIMD4<UInt64>) -> SIMD4<Double> { unsafeBitCast(b, to: SIMD4<Double>.self) }

    /// fdlibm's reduction and polynomial: returns (y, k) with eˣ = y·2ᵏ, k as an integer vector.
    /// Valid for |x| < 2⁵⁰ (beyond that the rounding shift no longer yields k exactly).
    @inlinable @inline(__always)
    static func reduced(_ x: SIMD4<Double>) -> (y: SIMD4<Double>, k: SIMD4<UInt64>) {
        let shifted = x * log2e + roundingShift
        let kd = shifted - roundingShift
        // shifted = 1.5·2⁵² + k exactly, so the difference of bit patterns is k (two's complement).
        let k = bits(shifted) &- roundingShift.bitPattern
        let hi = x - kd * ln2Hi
        let lo = kd * ln2Lo
        let r = hi - lo
        let t = r * r
        // Horner, innermost first, exactly as Elementary.exp nests it (split for the type checker).
        var q: SIMD4<Double> = t * 4.13813679705723846039e-08
        q = t * (q + -1.65339022054652515390e-06)
        q = t * (q + 6.61375632143793436117e-05)
        q = t * (q + -2.77777777770155933842e-03)
        q = t * (q + 1.66666666666666019037e-01)
        let c = r - q
        let y = 1 - ((lo - (r * c) / (2 - c)) - hi)
        return (y, k)
    }

    /// eˣ for arguments whose result is a normal double without special cases (−708 < x < 709):
    /// a single scaling by 2ᵏ, exactly as `Elementary.exp` does in that range.
    @inlinable @inline(__always)
    static func expInNormalRange(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let (y, k) = reduced(x)
        return y * double((k &+ 1023) &<< 52)
    }

    /// Lane-wise `Elementary.exp`, bit for bit, on every input (NaN, overflow, underflow and
    /// subnormal results included).
    @inlinable
    public static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let (y, k) = reduced(x)
        // Elementary.scaleByPowerOfTwo: one factor 2ᵏ in the normal range, two outside it.
        // (y·s1)·1 == y·s1 exactly, so the normal lanes take the second factor as 1.
        let kSigned = unsafeBitCast(k, to: SIMD4<Int64>.self)
        let high = kSigned .> 1023
        let low = kSigned .< -1022
        var e1 = k &+ 1023
        var e2 = SIMD4<UInt64>(repeating: 1023)
        e1.replace(with: SIMD4(repeating: 2046), where: high)
        e2.replace(with: k, where: high)  // (k − 1023) + 1023
        e1.replace(with: k &+ (54 + 1023), where: low)
        e2.replace(with: SIMD4(repeating: 1023 - 54), where: low)
        var result = (y * double(e1 &<< 52)) * double(e2 &<< 52)
        result.replace(with: .infinity, where: x .> 709.782712893383973096)
        result.replace(with: 0, where: x .< -745.13321910194110842)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// Lane-wise `Elementary.tanh`, bit for bit: sign(x)·(1 − 2/(e^{2|x|} + 1)), ±1 from |x| = 22
    /// on, x itself below 2⁻²⁸ and for NaN.
    @inlinable @inline(__always)
    public static func tanh(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let xBits = bits(x)
        let sign = xBits & signBit
        let a = double(xBits & ~signBit)
        // The scalar code returns exactly 1 from |x| = 22 on; its formula already rounds to exactly
        // 1 at 22 (2/(e⁴⁴ + 1) < 2⁻⁵⁴), so clamping |x| to 22 gives the same bits without a select.
        let clamped = a.replacing(with: 22, where: a .> 22)
        let t = 1 - 2 / (expInNormalRange(clamped + clamped) + 1)
        // t ≥ 0 here, so negating it for x < 0 is setting its sign bit to x's.
        var result = double(bits(t) | sign)
        // Below 2⁻²⁸, and for NaN (every comparison false), the scalar code returns x itself.
        result.replace(with: x, where: .!(a .>= 0x1.0p-28))
        return result
    }
}
