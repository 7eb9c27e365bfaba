/// Why a graph could not be built, parsed or generated. Each description names the problem and
/// what to do about it.
public enum GraphError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A node count that is negative or does not fit the CSR's 32-bit indices.
    case invalidNodeCount(Int)
    /// Edge number `pair` (0-based) has an endpoint outside 0..<nodeCount.
    case edgeOutOfRange(pair: Int, u: Int, v: Int, nodeCount: Int)
    /// Edge number `pair` (0-based) joins a node to itself.
    case selfLoop(pair: Int, node: Int)
    /// Edges number `first` and `second` (0-based) join the same two nodes.
    case duplicateEdge(first: Int, second: Int, u: Int, v: Int)
    /// More edges than 32-bit CSR offsets can hold.
    case tooManyEdges(Int)
    /// A line of an edge list that is not two non-negative integers.
    case malformedLine(line: Int, found: String)
    /// A line of an edge list naming a node at or beyond the declared node count.
    case lineOutOfRange(line: Int, u: Int, v: Int, nodeCount: Int)
    /// A line of an edge list joining a node to itself.
    case selfLoopLine(line: Int, node: Int)
    /// Two lines of an edge list naming the same undirected pair.
    case duplicateLine(line: Int, firstLine: Int, u: Int, v: Int)
    /// An edge list with no edges and no node count.
    case emptyEdgeList
    /// A generator's parameters do not make sense for this node count.
    case invalidSpec(String)
    /// The random-regular generator gave up after too many restarts.
    case generationFailed(String)

    public var description: String {
        switch self {
        case .invalidNodeCount(let n):
            return "invalid node count \(n): it must be between 0 and \(Int32.max)"
        case .edgeOutOfRange(let pair, let u, let v, let n):
            return "edge #\(pair) (\(u), \(v)) names a node outside 0..<\(n); node indices are 0-based and must be below the node count"
        case .selfLoop(let pair, let node):
            return "edge #\(pair) (\(node), \(node)) is a self-loop; the graph must be simple, remove it"
        case .duplicateEdge(let first, let second, let u, let v):
            return "edges #\(first) and #\(second) both join \(u) and \(v); the graph is undirected and simple, list each pair once"
        case .tooManyEdges(let m):
            return "\(m) edges is more than 32-bit CSR offsets hold (at most \(Int32.max / 2))"
        case .malformedLine(let line, let found):
            return "line \(line): expected two non-negative integers 'i j', found '\(found)'"
        case .lineOutOfRange(let line, let u, let v, let n):
            return "line \(line): edge '\(u) \(v)' names a node outside 0..<\(n); indices are 0-based, raise the node count or fix the line"
        case .selfLoopLine(let line, let node):
            return "line \(line): '\(node) \(node)' is a self-loop; the graph must be simple, remove the line"
        case .duplicateLine(let line, let firstLine, let u, let v):
            return "line \(line): edge '\(u) \(v)' repeats line \(firstLine) (edges are undirected: 'i j' and 'j i' are the same); remove one of them"
        case .emptyEdgeList:
            return "the edge list has no edges; give the node count explicitly or add edges"
        case .invalidSpec(let why):
            return "invalid graph specification: \(why)"
        case .generationFailed(let why):
            return "graph generation failed: \(why)"
        }
    }
}
