import GrokNumerics

/// Random substrate graphs, drawn only from the caller's ``RandomStream`` in the documented order.
///
/// The constructions follow networkx's generators of the same name (so their degree statistics
/// match), but the numbers are ours: networkx's Python RNG and set ordering are not reproduced.
public enum GraphGenerator {
    /// Validates `spec` against `nodeCount`, then builds it. Draw order per topology:
    /// - BA: for each new node `m + 1 ..< N`, draws `nextInt(below: repeated.count)` until it
    ///   has `m` distinct targets.
    /// - ER: pairs `(nextInt(below: N), nextInt(below: N))` until M distinct edges are accepted.
    /// - WS: for j in 1…k/2, for u in 0..<N: one `nextUniform()`; if below p, `nextInt(below: N)`
    ///   until an admissible new endpoint is found.
    /// - Random regular: one `shuffle` of the remaining stubs per pairing round, restarts included.
    /// - Ring: no draws.
    public static func generate(_ spec: GraphSpec, nodeCount n: Int, stream: inout RandomStream) throws -> Graph {
        try spec.validate(nodeCount: n)
        switch spec {
        case .barabasiAlbert(let m): return barabasiAlbert(n: n, m: m, stream: &stream)
        case .erdosRenyi(let d): return erdosRenyi(n: n, edges: d * n / 2, stream: &stream)
        case .wattsStrogatz(let k, let p): return wattsStrogatz(n: n, k: k, p: p, stream: &stream)
        case .randomRegular(let k): return try RandomRegular.generate(n: n, k: k, stream: &stream)
        case .ring(let k): return ring(n: n, k: k)
        }
    }

    /// networkx `barabasi_albert_graph`: a star on nodes 0…m (centre 0), then each new node
    /// attaches to m distinct targets drawn uniformly from the repeated-nodes list (each node
    /// listed once per unit of degree, so ∝ degree). Targets are appended to that list in draw
    /// order. Edges: m + m(N − m − 1) = m(N − m). Nodes added after the star have degree ≥ m;
    /// the star's leaves start at degree 1 and may stay low.
    static func barabasiAlbert(n: Int, m: Int, stream: inout RandomStream) -> Graph {
        let edgeCount = m * (n - m)
        var us = [Int32](), vs = [Int32](), repeated = [Int32]()
        us.reserveCapacity(edgeCount); vs.reserveCapacity(edgeCount)
        repeated.reserveCapacity(2 * edgeCount)
        for leaf in 1...m {
            us.append(0); vs.append(Int32(leaf))
        }
        repeated.append(contentsOf: repeatElement(0, count: m))
        for leaf in 1...m { repeated.append(Int32(leaf)) }
        var targets = [Int32](repeating: 0, count: m)
        for source in (m + 1)..<max(n, m + 1) {
            var found = 0
            while found < m {
                let x = repeated[stream.nextInt(below: repeated.count)]
                var seen = false
                for t in 0..<found where targets[t] == x { seen = true; break }
                if !seen { targets[found] = x; found += 1 }
            }
            for t in 0..<m {
                us.append(Int32(source)); vs.append(targets[t])
            }
            repeated.append(contentsOf: targets)
            repeated.append(contentsOf: repeatElement(Int32(source), count: m))
        }
        return Graph(unchecked: n, us: us, vs: vs)
    }

    /// G(N, M): exactly `edges` distinct uniformly random pairs, duplicates and self-loops
    /// rejected and redrawn. Isolated nodes are allowed.
    static func erdosRenyi(n: Int, edges: Int, stream: inout RandomStream) -> Graph {
        var us = [Int32](), vs = [Int32]()
        us.reserveCapacity(edges); vs.reserveCapacity(edges)
        var present = Set<UInt64>(minimumCapacity: edges)  // membership only, never iterated
        while us.count < edges {
            let u = stream.nextInt(below: n), v = stream.nextInt(below: n)
            if u == v { continue }
            let key = UInt64(min(u, v)) << 32 | UInt64(max(u, v))
            if present.insert(key).inserted {
                us.append(Int32(u)); vs.append(Int32(v))
            }
        }
        return Graph(unchecked: n, us: us, vs: vs)
    }

    /// networkx `watts_strogatz_graph`: the ring lattice, then for j = 1…k/2 and u = 0…N−1 the
    /// edge (u, u + j mod N) is, with probability p, replaced by (u, w) with w uniform among
    /// nodes that are neither u nor already u's neighbours (redrawn until admissible; skipped if
    /// u is already joined to every node). Edges stay N·k/2.
    static func wattsStrogatz(n: Int, k: Int, p: Double, stream: inout RandomStream) -> Graph {
        var adjacency = [[Int32]](repeating: [], count: n)
        for u in 0..<n {
            adjacency[u].reserveCapacity(k + 2)
        }
        for j in 1...k / 2 {
            for u in 0..<n {
                let v = (u + j) % n
                adjacency[u].append(Int32(v)); adjacency[v].append(Int32(u))
            }
        }
        func remove(_ x: Int, from u: Int) {
            if let at = adjacency[u].firstIndex(of: Int32(x)) { adjacency[u].swapAt(at, adjacency[u].count - 1); adjacency[u].removeLast() }
        }
        for j in 1...k / 2 {
            for u in 0..<n where stream.nextUniform() < p {
                let v = (u + j) % n
                var w = stream.nextInt(below: n)
                var skip = false
                while w == u || adjacency[u].contains(Int32(w)) {
                    w = stream.nextInt(below: n)
                    if adjacency[u].count >= n - 1 { skip = true; break }
                }
                if skip { continue }
                remove(v, from: u); remove(u, from: v)
                adjacency[u].append(Int32(w)); adjacency[w].append(Int32(u))
            }
        }
        var us = [Int32](), vs = [Int32]()
        us.reserveCapacity(n * k / 2); vs.reserveCapacity(n * k / 2)
        for u in 0..<n {
            for v in adjacency[u] where Int(v) > u {
                us.append(Int32(u)); vs.append(v)
            }
        }
        return Graph(unchecked: n, us: us, vs: vs)
    }

    /// Ring lattice: node i joined to i ± 1 … i ± k/2 (mod N). Deterministic.
    static func ring(n: Int, k: Int) -> Graph {
        var us = [Int32](), vs = [Int32]()
        us.reserveCapacity(n * k / 2); vs.reserveCapacity(n * k / 2)
        for j in 1...k / 2 {
            for u in 0..<n {
                us.append(Int32(u)); vs.append(Int32((u + j) % n))
            }
        }
        return Graph(unchecked: n, us: us, vs: vs)
    }
}
