/// Elementary functions written out in Swift so that every host computes the same bits.
///
/// The system libm may pick a different code path per CPU (glibc selects FMA variants of `exp`
/// and `log` at load time), which would make a sweep's numbers depend on which host ran which
/// task. These follow fdlibm's algorithms (Sun Microsystems, 1993) using only IEEE-754 `+ − × ÷`
/// and `sqrt`, which are correctly rounded everywhere; Swift never contracts `a * b + c` into a
/// fused multiply-add, so the result is fixed by the source. Accuracy: below 1 ulp for `exp` and
/// `log` (fdlibm's bound); `tanh` to about 2⁻⁵² absolute.
public enum Elementary {
    @usableFromInline static let ln2Hi = 6.93147180369123816490e-01  // 0x3FE62E42FEE00000: k·ln2Hi exact for |k| < 2²⁰
    @usableFromInline static let ln2Lo = 1.90821492927058770002e-10
    @usableFromInline static let log2e = 1.44269504088896338700e+00
    /// 1.5·2⁵²: adding and subtracting it rounds a |t| < 2⁵¹ to the nearest integer (ties to even).
    @usableFromInline static let roundingShift = 6755399441055744.0

    /// eˣ. Overflows to +∞ above 709.78, underflows to 0 below −745.13, NaN stays NaN.
    @inlinable
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.782712893383973096 { return .infinity }
        if x < -745.13321910194110842 { return 0 }
        // x = k·ln2 + r, |r| ≤ ln2/2
        let kd = (x * log2e + roundingShift) - roundingShift
        let hi = x - kd * ln2Hi
        let lo = kd * ln2Lo
        let r = hi - lo
        let t = r * r
        let c =
            r - t
            * (1.66666666666666019037e-01
                + t
                * (-2.77777777770155933842e-03
                    + t
                    * (6.61375632143793436117e-05
                        + t
                        * (-1.65339022054652515390e-06
                            + t * 4.13813679705723846039e-08))))
        let y = 1 - ((lo - (r * c) / (2 - c)) - hi)
        return scaleByPowerOfTwo(y, Int(kd))
    }

    /// y·2ᵏ by exponent arithmetic; two steps when 2ᵏ alone is not a normal double.
    @inlinable
    static func scaleByPowerOfTwo(_ y: Double, _ k: Int) -> Double {
        if k >= -1022 && k <= 1023 {
            return y * Double(bitPattern: UInt64(k + 1023) << 52)
        }
        if k > 1023 {
            return (y * Double(bitPattern: UInt64(1023 + 1023) << 52)) * Double(bitPattern: UInt64(k - 1023 + 1023) << 52)
        }
        // k < −1022: the result may be subnormal; scale by 2⁻⁵⁴ last so rounding happens once.
        return (y * Double(bitPattern: UInt64(k + 54 + 1023) << 52)) * 0x1.0p-54
    }

    /// Natural logarithm. log(0) = −∞, log(x < 0) = NaN, log(+∞) = +∞.
    @inlinable
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return x }
        var bits = x.bitPattern
        var k = 0
        if bits < 0x0010_0000_0000_0000 {  // subnormal: scale into the normal range
            bits = (x * 0x1.0p54).bitPattern
            k -= 54
        }
        k += Int(bits >> 52) - 1023
        let mantissa = bits & 0x000F_FFFF_FFFF_FFFF
        // Choose the exponent so that 1 + f lies in [√2/2, √2).
        let highMantissa = mantissa >> 32
        let i = (highMantissa &+ 0x95F64) & 0x100000
        let normalised = Double(bitPattern: mantissa | ((i ^ 0x3FF00000) << 32))
        k += Int(i >> 20)
        let f = normalised - 1
        let dk = Double(k)
        let s = f / (2 + f)
        let z = s * s
        let w = z * z
        let t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01))
        let t2 = z * (6.666666666666735130e-01 + w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)))
        let r = t2 + t1
        let hfsq = 0.5 * f * f
        return dk * ln2Hi - ((hfsq - (s * (hfsq + r) + dk * ln2Lo)) - f)
    }

    /// Hyperbolic tangent: sign(x)·(1 − 2/(e^{2|x|} + 1)); exact ±1 beyond |x| = 22, x itself
    /// below 2⁻²⁸.
    @inlinable
    public static func tanh(_ x: Double) -> Double {
        let a = x.magnitude
        if a.isNaN { return x }
        if a >= 22 { return x > 0 ? 1 : -1 }
        if a < 0x1.0p-28 { return x }
        let t = 1 - 2 / (exp(2 * a) + 1)
        return x < 0 ? -t : t
    }

    /// The logistic function 1/(1 + e⁻ˣ), computed from e^{−|x|} so it never overflows.
    @inlinable
    public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 {
            return 1 / (1 + exp(-x))
        }
        let e = exp(x)
        return e / (1 + e)
    }

    /// log(1 + eˣ) without overflow (the softplus); used for a stable cross-entropy.
    @inlinable
    public static func softplus(_ x: Double) -> Double {
        if x > 0 {
            return x + log(1 + exp(-x))
        }
        return log(1 + exp(x))
    }
}
