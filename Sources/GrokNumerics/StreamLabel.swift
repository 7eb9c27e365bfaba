/// One component of a random stream's address, e.g. `.int(width)` or `.name("graph")`.
///
/// Streams are addressed by (base seed, labels…) — for example
/// `(base, "run", width, seedIndex, "ba", "graph")` — so that adding a width, a seed or a topology
/// to a sweep never changes the numbers of the others.
public enum StreamLabel: Hashable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case int(Int)
    case name(String)

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(stringLiteral value: String) { self = .name(value) }

    /// A 64-bit word for this label. Names use FNV-1a over their UTF-8 bytes; a tag bit keeps
    /// `.int(n)` and a name hashing to `n` apart.
    public var word: UInt64 {
        switch self {
        case .int(let n):
            return UInt64(bitPattern: Int64(n)) &* 2
        case .name(let s):
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in s.utf8 {
                h ^= UInt64(byte)
                h &*= 0x0000_0100_0000_01B3
            }
            return (h << 1) | 1
        }
    }
}

extension StreamLabel: CustomStringConvertible {
    public var description: String {
        switch self {
        case .int(let n): return String(n)
        case .name(let s): return s
        }
    }
}

/// Derives the 64-bit seed of the stream at `labels` under `baseSeed`.
///
/// h₀ = mix(base); hᵢ = mix(hᵢ₋₁ ⊕ mix(wordᵢ + i·φ)), with mix the SplitMix64 finaliser and
/// φ = 0x9E3779B97F4A7C15. Position enters through i·φ, so (a, b) and (b, a) differ.
public func deriveStreamSeed(baseSeed: UInt64, labels: [StreamLabel]) -> UInt64 {
    var h = SplitMix64.mix(baseSeed)
    for (i, label) in labels.enumerated() {
        let positioned = label.word &+ UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15
        h = SplitMix64.mix(h ^ SplitMix64.mix(positioned))
    }
    return h
}
