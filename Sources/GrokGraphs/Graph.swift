/// An undirected simple graph (no self-loops, no multi-edges) in compressed sparse row form.
///
/// Node `i`'s neighbours are `neighbors[offsets[i] ..< offsets[i + 1]]`, sorted ascending, and
/// every edge appears twice (once from each end). Indices are `Int32` so the probe's hot loop
/// touches half the memory; node and edge counts are checked to fit.
public struct Graph: Sendable, Hashable {
    public let nodeCount: Int
    /// `nodeCount + 1` entries; `offsets[0] == 0`, `offsets[nodeCount] == 2 · edgeCount`.
    public let offsets: [Int32]
    /// `2 · edgeCount` entries, each node's run sorted ascending.
    public let neighbors: [Int32]

    public var edgeCount: Int { neighbors.count / 2 }

    public func degree(_ node: Int) -> Int {
        Int(offsets[node + 1] - offsets[node])
    }

    /// The neighbours of `node`, ascending.
    public func neighbors(of node: Int) -> ArraySlice<Int32> {
        neighbors[Int(offsets[node])..<Int(offsets[node + 1])]
    }

    /// Builds the graph from 0-based pairs, in either orientation. A pair outside 0..<nodeCount,
    /// a self-loop or a pair listed twice (in either order) is an error naming the pairs'
    /// 0-based positions in `edges`; nothing is silently dropped.
    public init(nodeCount: Int, edges: [(Int, Int)]) throws {
        try Graph.checkSizes(nodeCount: nodeCount, edgeCount: edges.count)
        var us = [Int32](), vs = [Int32]()
        us.reserveCapacity(edges.count)
        vs.reserveCapacity(edges.count)
        for (index, (u, v)) in edges.enumerated() {
            guard u >= 0, v >= 0, u < nodeCount, v < nodeCount else {
                throw GraphError.edgeOutOfRange(pair: index, u: u, v: v, nodeCount: nodeCount)
            }
            guard u != v else { throw GraphError.selfLoop(pair: index, node: u) }
            us.append(Int32(u))
            vs.append(Int32(v))
        }
        self.init(unchecked: nodeCount, us: us, vs: vs)
        if let (u, v) = firstRepeatedNeighbor() {
            // Error path only: find the two positions that name this pair.
            let hits = edges.indices.filter { (edges[$0].0 == u && edges[$0].1 == v) || (edges[$0].0 == v && edges[$0].1 == u) }
            throw GraphError.duplicateEdge(first: hits[0], second: hits[1], u: u, v: v)
        }
    }

    /// Builds the CSR from pairs already known to be in range and free of self-loops.
    /// Duplicates are not checked here (see ``firstRepeatedNeighbor()``). Each node's run is
    /// filled in input order and then sorted, so the result does not depend on edge order.
    init(unchecked nodeCount: Int, us: [Int32], vs: [Int32]) {
        var offsets = [Int32](repeating: 0, count: nodeCount + 1)
        var neighbors = [Int32](repeating: 0, count: 2 * us.count)
        offsets.withUnsafeMutableBufferPointer { off in
            for e in 0..<us.count {
                off[Int(us[e]) + 1] += 1
                off[Int(vs[e]) + 1] += 1
            }
            for i in 0..<nodeCount { off[i + 1] += off[i] }
            var cursor = Array(off[0..<nodeCount])
            neighbors.withUnsafeMutableBufferPointer { nb in
                cursor.withUnsafeMutableBufferPointer { cur in
                    for e in 0..<us.count {
                        let u = Int(us[e]), v = Int(vs[e])
                        nb[Int(cur[u])] = vs[e]; cur[u] += 1
                        nb[Int(cur[v])] = us[e]; cur[v] += 1
                    }
                }
                for i in 0..<nodeCount {
                    let lo = Int(off[i]), hi = Int(off[i + 1])
                    if hi - lo > 1 {
                        var run = UnsafeMutableBufferPointer(rebasing: nb[lo..<hi])
                        run.sort()
                    }
                }
            }
        }
        self.nodeCount = nodeCount
        self.offsets = offsets
        self.neighbors = neighbors
    }

    /// The first (u, v) with v listed twice among u's neighbours, scanning nodes ascending.
    func firstRepeatedNeighbor() -> (Int, Int)? {
        for u in 0..<nodeCount {
            let lo = Int(offsets[u]), hi = Int(offsets[u + 1])
            if hi - lo < 2 { continue }
            for p in lo + 1..<hi where neighbors[p] == neighbors[p - 1] {
                return (u, Int(neighbors[p]))
            }
        }
        return nil
    }

    static func checkSizes(nodeCount: Int, edgeCount: Int) throws {
        guard nodeCount >= 0, nodeCount < Int(Int32.max) else { throw GraphError.invalidNodeCount(nodeCount) }
        guard edgeCount <= Int(Int32.max) / 2 else { throw GraphError.tooManyEdges(edgeCount) }
    }
}
