import GrokGraphs
import GrokNumerics

/// The TDU-OFC avalanche probe (method §2) on one graph with one parameter→node permutation.
///
/// Reusable: create it once per (graph, permutation) and call ``probe(field:config:)`` per
/// snapshot; scratch buffers are allocated once, stamps replace clearing, and nothing is
/// allocated per wave.
///
/// Exact rules. a_i = transform(g[π(i)]); θ = NumPy-linear q-quantile of a; L_i = a_i / θ.
/// A wave topples its nodes in ascending order: each toppler's share c·L_i/k_i is computed from
/// its load before the wave and its load set to 0; then, toppler by toppler ascending and each
/// toppler's neighbours ascending, every neighbour gains the share (so a node toppling this wave
/// keeps what its toppling neighbours send it). A degree-0 toppler just loses its load. The next
/// wave is the set of nodes that received load in this wave and are now ≥ 1, ascending.
/// Global mode starts from all nodes ≥ 1; per-seed mode seeds one avalanche at each node that is
/// ≥ 1 when reached in ascending order, on the loads left by the previous avalanches.
public struct AvalancheProbe: Sendable {
    public let graph: Graph
    /// permutation[i] = the parameter index placed on node i.
    public let permutation: [Int]
    /// inverse[j] = the node carrying parameter j, so the field is read sequentially.
    private let inverse32: [Int32]
    private var load: [Double]
    private var selectScratch: [Double]
    private var selectWork: [Double]
    private var current: [Int32]
    private var next: [Int32]
    private var shares: [Double]
    private var waveStamp: [Int]
    private var toppleStamp: [Int]
    private var waveCounter = 0
    /// After loading: current[0 ..< aboveCount] = the nodes with L ≥ 1, ascending.
    private var aboveCount = 0
    private var cascadeCounter = 0

    /// θ of the last probed field (NaN before the first).
    public private(set) var threshold: Double = .nan
    /// Σ L_i over the last probe's topplings at nodes of degree ≥ 1 (load before toppling).
    public private(set) var toppledLoad: Double = 0
    /// Σ L_i over the last probe's topplings at degree-0 nodes (load lost entirely).
    public private(set) var droppedLoad: Double = 0
    /// The loads L after the last probe's relaxation, by node.
    public var loads: [Double] { load }

    /// Topplings allowed per cascade when c = 1 (c < 1 always stops: each toppling removes at
    /// least (1 − c) from a finite total), as a multiple of the node count.
    public static let conservativeCapPerNode = 1000

    public init(graph: Graph, permutation: [Int]?) throws {
        let n = graph.nodeCount
        guard n > 0 else { throw ProbeError.emptyGraph }
        if let p = permutation {
            guard p.count == n else {
                throw ProbeError.invalidPermutation("it has \(p.count) entries but the graph has \(n) nodes")
            }
            var seen = [Bool](repeating: false, count: n)
            for (node, index) in p.enumerated() {
                guard index >= 0, index < n else {
                    throw ProbeError.invalidPermutation("entry \(node) is \(index), outside 0..<\(n)")
                }
                guard !seen[index] else {
                    throw ProbeError.invalidPermutation(
                        "parameter \(index) is placed on two nodes (second at node \(node)); it must be a permutation of 0..<\(n)")
                }
                seen[index] = true
            }
        }
        self.graph = graph
        self.permutation = permutation ?? Array(0..<n)
        var inverse = [Int32](repeating: 0, count: n)
        for (node, index) in self.permutation.enumerated() { inverse[index] = Int32(node) }
        self.inverse32 = inverse
        selectWork = [Double](repeating: 0, count: n + Selection.sampleSize)
        load = [Double](repeating: 0, count: n)
        selectScratch = [Double](repeating: 0, count: n)
        current = [Int32](repeating: 0, count: n)
        next = [Int32](repeating: 0, count: n)
        shares = [Double](repeating: 0, count: n)
        waveStamp = [Int](repeating: 0, count: n)
        toppleStamp = [Int](repeating: 0, count: n)
    }

    /// Loads the field, relaxes it and returns the cascades: exactly one in global mode (size 0
    /// if nothing reached threshold), one per seeded avalanche in per-seed mode (possibly none).
    public mutating func probe(field: [Double], config: ProbeConfig) throws -> [Cascade] {
        try config.validate()
        let n = graph.nodeCount
        guard field.count == n else { throw ProbeError.fieldLength(expected: n, found: field.count) }
        try setLoads(field: field, config: config)
        toppledLoad = 0
        droppedLoad = 0
        let cap = config.conservation < 1 ? Int.max : AvalancheProbe.conservativeCapPerNode * n
        var cascades = [Cascade]()
        switch config.mode {
        case .global:
            cascades.append(try relax(firstWave: aboveCount, c: config.conservation, cap: cap, recordFirstWave: config.recordsFirstWave))
        case .perSeed:
            for i in 0..<n where load[i] >= 1 {
                current[0] = Int32(i)
                cascades.append(try relax(firstWave: 1, c: config.conservation, cap: cap, recordFirstWave: config.recordsFirstWave))
            }
        }
        return cascades
    }

    /// a_i, θ and L_i = a_i / θ.
    private mutating func setLoads(field: [Double], config: ProbeConfig) throws {
        let n = graph.nodeCount
        let transform = config.loads
        let badIndex: Int? = field.withUnsafeBufferPointer { g in
            inverse32.withUnsafeBufferPointer { inverse in
                load.withUnsafeMutableBufferPointer { load in
                    selectScratch.withUnsafeMutableBufferPointer { scratch in
                        // Parameter order: a sequential read of the field, a scatter into the loads.
                        // One loop per transform keeps the switch out of the loop.
                        var finite = true
                        switch transform {
                        case .abs:
                            for j in 0..<n {
                                let a = Swift.abs(g[j])
                                finite = finite && a.isFinite
                                load[Int(inverse[j])] = a
                                scratch[j] = a
                            }
                        case .square:
                            for j in 0..<n {
                                let a = g[j] * g[j]
                                finite = finite && a.isFinite
                                load[Int(inverse[j])] = a
                                scratch[j] = a
                            }
                        }
                        if finite { return nil }
                        // NaN, ±inf, or a square that overflowed: name the first offending parameter.
                        for j in 0..<n where !transform.apply(g[j]).isFinite { return j }
                        return nil
                    }
                }
            }
        }
        if let index = badIndex { throw ProbeError.nonFiniteField(index: index, value: field[index]) }
        let theta = selectScratch.withUnsafeMutableBufferPointer { scratch in
            selectWork.withUnsafeMutableBufferPointer { work in
                Selection.linearQuantile(scratch, q: config.quantile, work: work)
            }
        }
        threshold = theta
        guard theta > 0 else {
            let zeros = load.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
            throw ProbeError.nonPositiveThreshold(quantile: config.quantile, threshold: theta, zeroCount: zeros, count: n)
        }
        // L_i = a_i / θ, and (branch-free) the list of nodes at or above 1, ascending.
        aboveCount = load.withUnsafeMutableBufferPointer { load in
            current.withUnsafeMutableBufferPointer { cur in
                for i in 0..<n { load[i] = load[i] / theta }  // vectorisable on its own
                var count = 0
                for i in 0..<n {
                    cur[count] = Int32(truncatingIfNeeded: i)
                    count += load[i] >= 1 ? 1 : 0
                }
                return count
            }
        }
    }

    /// Relaxes the avalanche whose first wave is `current[0 ..< firstWave]` (ascending).
    private mutating func relax(firstWave: Int, c: Double, cap: Int, recordFirstWave: Bool) throws -> Cascade {
        cascadeCounter += 1
        var result = RelaxationKernel.Result(wave: waveCounter)
        let cascadeID = cascadeCounter
        let n = graph.nodeCount
        graph.offsets.withUnsafeBufferPointer { off in
            graph.neighbors.withUnsafeBufferPointer { nb in
                load.withUnsafeMutableBufferPointer { load in
                    shares.withUnsafeMutableBufferPointer { shares in
                        waveStamp.withUnsafeMutableBufferPointer { waveStamp in
                            toppleStamp.withUnsafeMutableBufferPointer { toppleStamp in
                                current.withUnsafeMutableBufferPointer { bufA in
                                    next.withUnsafeMutableBufferPointer { bufB in
                                        let kernel = RelaxationKernel(
                                            nodeCount: n, offsets: off.baseAddress!,
                                            // An edgeless graph may have no neighbour storage; it is then never read.
                                            neighbors: nb.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Int32>.alignment)!,
                                            load: load.baseAddress!, shares: shares.baseAddress!,
                                            waveStamp: waveStamp.baseAddress!, toppleStamp: toppleStamp.baseAddress!,
                                            bufferA: bufA.baseAddress!, bufferB: bufB.baseAddress!)
                                        kernel.run(firstWave: firstWave, c: c, cap: cap, cascadeID: cascadeID, result: &result)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        waveCounter = result.wave
        guard !result.overCap else { throw ProbeError.runaway(topplings: result.size, cap: cap) }
        toppledLoad += result.toppled
        droppedLoad += result.dropped
        // A₁ is the first wave's list: every node of it topples (its load is ≥ 1), none twice.
        return Cascade(
            size: result.size, extent: result.extent, duration: result.duration,
            firstWave: recordFirstWave && result.size > 0 ? firstWave : nil)
    }
}
