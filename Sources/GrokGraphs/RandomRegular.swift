import GrokNumerics

/// Random k-regular simple graphs by the Steger–Wormald pairing as networkx
/// `random_regular_graph` implements it: shuffle all stubs, pair them consecutively, keep every
/// pair that is neither a self-loop nor an existing edge, and re-pair the rejected stubs in a
/// new round; if no admissible pair remains among the nodes still holding stubs, start over.
/// (The plain configuration model with whole-graph rejection almost never succeeds for k = 6.)
///
/// Determinism: the first round's stubs are `0…N−1` repeated k times (networkx's
/// `list(range(n)) * d`); each later round lists the remaining stubs by ascending node.
enum RandomRegular {
    static let maxRestarts = 10_000

    static func generate(n: Int, k: Int, stream: inout RandomStream) throws -> Graph {
        if k == 0 { return Graph(unchecked: n, us: [], vs: []) }
        var adjacency = [Int32](repeating: 0, count: n * k)  // node u's slots: u·k ..< u·k + filled[u]
        var filled = [Int32](repeating: 0, count: n)
        var leftover = [Int32](repeating: 0, count: n)
        var stubs = [Int32](), touched = [Int32]()
        stubs.reserveCapacity(n * k)
        for restart in 0...maxRestarts {
            _ = restart
            for i in 0..<n { filled[i] = 0 }
            stubs.removeAll(keepingCapacity: true)
            for _ in 0..<k { for i in 0..<n { stubs.append(Int32(i)) } }
            var ok = true
            while !stubs.isEmpty {
                stream.shuffle(&stubs)
                touched.removeAll(keepingCapacity: true)
                var p = 0
                while p + 1 < stubs.count {
                    let a = Int(stubs[p]), b = Int(stubs[p + 1])
                    p += 2
                    if a != b && !hasEdge(a, b, adjacency, filled, k) {
                        adjacency[a * k + Int(filled[a])] = Int32(b); filled[a] += 1
                        adjacency[b * k + Int(filled[b])] = Int32(a); filled[b] += 1
                    } else {
                        for x in [a, b] {
                            if leftover[x] == 0 { touched.append(Int32(x)) }
                            leftover[x] += 1
                        }
                    }
                }
                touched.sort()
                let suitable = isSuitable(touched, adjacency, filled, k)
                stubs.removeAll(keepingCapacity: true)
                for x in touched {
                    for _ in 0..<leftover[Int(x)] { stubs.append(x) }
                    leftover[Int(x)] = 0
                }
                if !suitable { ok = false; break }
            }
            if ok {
                var us = [Int32](), vs = [Int32]()
                us.reserveCapacity(n * k / 2); vs.reserveCapacity(n * k / 2)
                for u in 0..<n {
                    for s in 0..<k where Int(adjacency[u * k + s]) > u {
                        us.append(Int32(u)); vs.append(adjacency[u * k + s])
                    }
                }
                return Graph(unchecked: n, us: us, vs: vs)
            }
        }
        throw GraphError.generationFailed("no simple \(k)-regular graph on \(n) nodes after \(maxRestarts) restarts; k is probably too close to N")
    }

    @inline(__always)
    static func hasEdge(_ a: Int, _ b: Int, _ adjacency: [Int32], _ filled: [Int32], _ k: Int) -> Bool {
        let base = a * k
        for s in 0..<Int(filled[a]) where adjacency[base + s] == Int32(b) { return true }
        return false
    }

    /// True when some two distinct nodes still holding stubs are not yet joined (or none remain).
    static func isSuitable(_ nodes: [Int32], _ adjacency: [Int32], _ filled: [Int32], _ k: Int) -> Bool {
        if nodes.isEmpty { return true }
        for i in 0..<nodes.count {
            for j in 0..<i where !hasEdge(Int(nodes[i]), Int(nodes[j]), adjacency, filled, k) {
                return true
            }
        }
        return false
    }
}
