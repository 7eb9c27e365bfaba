/// Why a field could not be probed. Descriptions name the problem and what to do.
public enum ProbeError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidConfig(String)
    case invalidPermutation(String)
    /// A graph with no nodes has nothing to probe.
    case emptyGraph
    /// The field's length differs from the graph's node count.
    case fieldLength(expected: Int, found: Int)
    /// A NaN or infinite entry at parameter index `index` (or a load that overflowed when squared).
    case nonFiniteField(index: Int, value: Double)
    /// θ ≤ 0: at least a fraction q of the loads are zero, so no scale-free threshold exists.
    case nonPositiveThreshold(quantile: Double, threshold: Double, zeroCount: Int, count: Int)
    /// A cascade with c = 1 exceeded the toppling cap without stopping.
    case runaway(topplings: Int, cap: Int)

    public var description: String {
        switch self {
        case .invalidConfig(let why):
            return "invalid probe configuration: \(why)"
        case .invalidPermutation(let why):
            return "invalid parameter→node permutation: \(why)"
        case .emptyGraph:
            return "the graph has no nodes; build it with one node per parameter"
        case .fieldLength(let expected, let found):
            return
                "the field has \(found) entries but the graph has \(expected) nodes; give one value per parameter (build the graph with N = field length)"
        case .nonFiniteField(let index, let value):
            return "the field is not finite at index \(index) (\(value)); the gradient diverged or was corrupted, so this snapshot cannot be probed"
        case .nonPositiveThreshold(let q, let theta, let zeros, let count):
            return
                "threshold θ = \(theta) ≤ 0: \(zeros) of \(count) loads are zero, at least a fraction q = \(q) of them, so loads cannot be scaled by θ; the field is (nearly) all zero"
        case .runaway(let topplings, let cap):
            return
                "the cascade did not stop after \(topplings) topplings (cap \(cap)); with c = 1 load is never dissipated and relaxation can cycle forever; use c < 1"
        }
    }
}
