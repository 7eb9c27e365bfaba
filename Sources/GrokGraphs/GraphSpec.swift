/// Which substrate graph to build. Every topology's default has mean degree ≈ 6 (method §2).
public enum GraphSpec: Sendable, Hashable, Codable {
    /// Barabási–Albert preferential attachment, `m` edges per new node (default 3).
    case barabasiAlbert(m: Int)
    /// Erdős–Rényi G(N, M) with M = ⌊meanDegree · N / 2⌋ distinct uniform edges (default 6 ⇒ M = 3N).
    case erdosRenyi(meanDegree: Int)
    /// Watts–Strogatz small world: ring with k/2 neighbours a side, rewiring probability p
    /// (default k = 6, p = 0.1).
    case wattsStrogatz(k: Int, p: Double)
    /// Uniform-ish random k-regular simple graph (default 6).
    case randomRegular(k: Int)
    /// Deterministic ring lattice, k/2 neighbours a side (default 6).
    case ring(k: Int)

    public var shortName: String {
        switch self {
        case .barabasiAlbert: return "ba"
        case .erdosRenyi: return "er"
        case .wattsStrogatz: return "ws"
        case .randomRegular: return "rr"
        case .ring: return "ring"
        }
    }

    /// The method's default for a short name ("ba", "er", "ws", "rr", "ring"), nil otherwise.
    public static func defaultSpec(shortName: String) -> GraphSpec? {
        switch shortName {
        case "ba": return .barabasiAlbert(m: 3)
        case "er": return .erdosRenyi(meanDegree: 6)
        case "ws": return .wattsStrogatz(k: 6, p: 0.1)
        case "rr": return .randomRegular(k: 6)
        case "ring": return .ring(k: 6)
        default: return nil
        }
    }

    /// The short names of all topologies, in the method's order.
    public static let allShortNames = ["ba", "er", "ws", "rr", "ring"]

    /// Throws ``GraphError/invalidSpec(_:)`` if this topology cannot be built on `nodeCount` nodes.
    public func validate(nodeCount n: Int) throws {
        func fail(_ why: String) -> GraphError { .invalidSpec("\(self.shortName) on N = \(n): \(why)") }
        guard n >= 1, n < Int(Int32.max) else { throw fail("the node count must be between 1 and \(Int32.max)") }
        switch self {
        case .barabasiAlbert(let m):
            guard m >= 1 else { throw fail("m = \(m); m must be at least 1") }
            guard n > m else { throw fail("m = \(m) needs more than m nodes; use a smaller m or more nodes") }
            guard m * (n - m) <= Int(Int32.max) / 2 else { throw fail("too many edges for 32-bit CSR") }
        case .erdosRenyi(let d):
            guard d >= 0 else { throw fail("mean degree \(d) must be non-negative") }
            let edges = d * n / 2, possible = n * (n - 1) / 2
            guard edges <= possible else {
                throw fail("M = \(edges) edges exceed the \(possible) possible pairs; lower the mean degree")
            }
            guard edges <= Int(Int32.max) / 2 else { throw fail("too many edges for 32-bit CSR") }
        case .wattsStrogatz(let k, let p):
            try GraphSpec.checkRingDegree(k, n, fail)
            guard p >= 0, p <= 1 else { throw fail("rewiring probability p = \(p) must be in [0, 1]") }
        case .ring(let k):
            try GraphSpec.checkRingDegree(k, n, fail)
        case .randomRegular(let k):
            guard k >= 0, k < n else { throw fail("degree k = \(k) must satisfy 0 ≤ k < N") }
            guard (n * k) % 2 == 0 else { throw fail("N · k = \(n * k) is odd, so no \(k)-regular graph exists; change N or k") }
            guard n * k / 2 <= Int(Int32.max) / 2 else { throw fail("too many edges for 32-bit CSR") }
        }
    }

    private static func checkRingDegree(_ k: Int, _ n: Int, _ fail: (String) -> GraphError) throws {
        guard k >= 2, k % 2 == 0 else { throw fail("k = \(k) must be even and at least 2 (k/2 neighbours on each side)") }
        guard k < n else { throw fail("k = \(k) must be below N") }
        guard n * k / 2 <= Int(Int32.max) / 2 else { throw fail("too many edges for 32-bit CSR") }
    }
}
