/// SplitMix64 (Steele, Lea & Flood 2014; the reference constants of Vigna's `splitmix64.c`).
///
/// Used only to scramble seeds: deriving stream seeds from labels and filling the state of
/// ``RandomStream``. Its output sequence is fixed by those constants, so it is identical on
/// every platform and Swift version.
public struct SplitMix64: Sendable {
    public private(set) var state: UInt64

    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijection on 64-bit words with full avalanche.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
