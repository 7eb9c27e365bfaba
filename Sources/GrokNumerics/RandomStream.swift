/// The project's one pseudo-random generator: xoshiro256** 1.0 (Blackman & Vigna 2018),
/// seeded by four SplitMix64 outputs, with every derived distribution written out here.
///
/// Deliberately *not* a `RandomNumberGenerator`: the standard library's `random(in:using:)` and
/// `shuffle(using:)` algorithms are not specified across Swift versions, and a published number
/// must not change when the compiler does. Use only the methods below.
public struct RandomStream: Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64
    /// The second value of the last polar-method pair, returned by the next `nextGaussian()`.
    @usableFromInline var spareGaussian: Double?

    /// A stream seeded directly from one 64-bit seed.
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }  // the one forbidden state
        spareGaussian = nil
    }

    /// The stream addressed by `labels` under `baseSeed` (see ``deriveStreamSeed(baseSeed:labels:)``).
    public init(baseSeed: UInt64, labels: [StreamLabel]) {
        self.init(seed: deriveStreamSeed(baseSeed: baseSeed, labels: labels))
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform on [0, 1): the top 53 bits times 2⁻⁵³.
    @inlinable
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform on [0, bound) without bias (Lemire 2019, multiply-and-reject).
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        let n = UInt64(bound)
        var product = next().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold {
                product = next().multipliedFullWidth(by: n)
            }
        }
        return Int(product.high)
    }

    /// Standard normal by Marsaglia's polar method, using ``Elementary/log(_:)`` and IEEE `sqrt`
    /// only, so the value is the same on every CPU. Pairs are consumed in order (first, then spare).
    @inlinable
    public mutating func nextGaussian() -> Double {
        if let spare = spareGaussian {
            spareGaussian = nil
            return spare
        }
        while true {
            let u = 2 * nextUniform() - 1
            let v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * Elementary.log(s) / s).squareRoot()
                spareGaussian = v * factor
                return u * factor
            }
        }
    }

    /// Fisher–Yates from the last position down, j = nextInt(below: i + 1).
    @inlinable
    public mutating func shuffle<T>(_ array: inout [T]) {
        var i = array.count - 1
        while i > 0 {
            let j = nextInt(below: i + 1)
            array.swapAt(i, j)
            i -= 1
        }
    }

    /// A uniformly random permutation of 0..<count (``shuffle(_:)`` of the identity).
    @inlinable
    public mutating func permutation(count: Int) -> [Int] {
        var p = Array(0..<count)
        shuffle(&p)
        return p
    }
}
