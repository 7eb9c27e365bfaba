import GrokGraphs
import GrokProbe
import Testing

/// Cascades worked out by hand. All use q = 0.5 on 5 nodes, so θ is the median exactly
/// (position 0.5 · 4 = 2, no interpolation), and fields whose median is 1, so L = a.
@Suite("AvalancheProbe: hand-computed cascades")
struct HandComputedCascadeTests {
    let path = try! Graph(nodeCount: 5, edges: [(0, 1), (1, 2), (2, 3), (3, 4)])
    let star = try! Graph(nodeCount: 5, edges: [(0, 1), (0, 2), (0, 3), (0, 4)])

    func expectLoads(_ actual: [Double], _ expected: [Double]) {
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) { #expect(abs(a - e) < 1e-12, "\(actual) vs \(expected)") }
    }

    @Test("path, global, c = 0.5: two waves, sizes 3 + 2")
    func pathGlobal() throws {
        // L = [3, 0.5, 1, 0.2, 2] (median 1). Degrees 1 2 2 2 1.
        // Wave 1 {0, 2, 4}: shares 0.5·3/1 = 1.5 → 1; 0.5·1/2 = 0.25 → 1, 3; 0.5·2/1 = 1 → 3.
        //   L = [0, 0.5+1.5+0.25, 0, 0.2+0.25+1, 0] = [0, 2.25, 0, 1.45, 0]; next {1, 3}.
        // Wave 2 {1, 3}: shares 0.5·2.25/2 = 0.5625 → 0, 2; 0.5·1.45/2 = 0.3625 → 2, 4.
        //   L = [0.5625, 0, 0.925, 0, 0.3625]; nothing ≥ 1.
        // size 5, extent 5, duration 2. Dissipated: 0.5 · (3 + 1 + 2 + 2.25 + 1.45) = 4.85 = 6.7 − 1.85.
        var probe = try AvalancheProbe(graph: path, permutation: nil)
        let cascades = try probe.probe(field: [3, 0.5, 1, 0.2, 2], config: ProbeConfig(conservation: 0.5, quantile: 0.5))
        #expect(probe.threshold == 1)
        #expect(cascades == [Cascade(size: 5, extent: 5, duration: 2)])
        expectLoads(probe.loads, [0.5625, 0, 0.925, 0, 0.3625])
        #expect(abs(probe.toppledLoad - 9.7) < 1e-12)
    }

    @Test("path, per-seed, c = 0.5: avalanches seeded at 0 then 4, on the updated loads")
    func pathPerSeed() throws {
        // L = [3, 0.5, 1, 0.2, 2].
        // Seed 0. W1 {0}: 1.5 → 1: [0, 2, 1, 0.2, 2]; next {1} (node 2 received nothing).
        //   W2 {1}: 0.5·2/2 = 0.5 → 0, 2: [0.5, 0, 1.5, 0.2, 2]; next {2}.
        //   W3 {2}: 0.5·1.5/2 = 0.375 → 1, 3: [0.5, 0.375, 0, 0.575, 2]; done. (3, 3, 3)
        // Nodes 1, 2, 3 are below 1 when reached. Seed 4. W1 {4}: 0.5·2/1 = 1 → 3: [.., 1.575, 0]; next {3}.
        //   W2 {3}: 0.5·1.575/2 = 0.39375 → 2, 4: [0.5, 0.375, 0.39375, 0, 0.39375]; done. (2, 2, 2)
        var probe = try AvalancheProbe(graph: path, permutation: nil)
        let cascades = try probe.probe(field: [3, 0.5, 1, 0.2, 2], config: ProbeConfig(conservation: 0.5, quantile: 0.5, mode: .perSeed))
        #expect(cascades == [Cascade(size: 3, extent: 3, duration: 3), Cascade(size: 2, extent: 2, duration: 2)])
        expectLoads(probe.loads, [0.5, 0.375, 0.39375, 0, 0.39375])
    }

    @Test("star, global, c = 0.8: load sloshes between hub and leaves for eight waves")
    func starGlobal() throws {
        // L = [4, 1, 0.5, 0.5, 2], hub 0 of degree 4, leaves of degree 1 (a leaf passes 0.8·L to the hub).
        // W1 {0,1,4}: hub share 0.8·4/4 = 0.8 to each leaf; leaves send 0.8 and 1.6 to the hub.
        //   L = [2.4, 0.8, 1.3, 1.3, 0.8]; next {0, 2, 3}.
        // W2 {0,2,3}: hub 0.48 each; leaves 1.04 + 1.04. L = [2.08, 1.28, 0.48, 0.48, 1.28]; next {0, 1, 4}.
        // W3 {0,1,4}: hub 0.416; leaves 1.024 ×2. L = [2.048, 0.416, 0.896, 0.896, 0.416]; next {0}.
        // W4 {0}: 0.4096 each. L = [0, 0.8256, 1.3056, 1.3056, 0.8256]; next {2, 3}.
        // W5 {2,3}: 1.04448 ×2. L = [2.08896, 0.8256, 0, 0, 0.8256]; next {0}.
        // W6 {0}: 0.417792 each. L = [0, 1.243392, 0.417792, 0.417792, 1.243392]; next {1, 4}.
        // W7 {1,4}: 0.9947136 ×2. L = [1.9894272, 0, 0.417792, 0.417792, 0]; next {0}.
        // W8 {0}: 0.39788544 each. L = [0, 0.39788544, 0.81567744, 0.81567744, 0.39788544]; done.
        // size 3+3+3+1+2+1+2+1 = 16, extent 5, duration 8.
        var probe = try AvalancheProbe(graph: star, permutation: nil)
        let cascades = try probe.probe(field: [4, 1, 0.5, 0.5, 2], config: ProbeConfig(conservation: 0.8, quantile: 0.5))
        #expect(cascades == [Cascade(size: 16, extent: 5, duration: 8)])
        expectLoads(probe.loads, [0, 0.39788544, 0.81567744, 0.81567744, 0.39788544])
        #expect(abs(probe.toppledLoad - 27.8643712) < 1e-10)
    }

    @Test("star, per-seed, c = 0.5: a leaf already above 1 joins once it receives load")
    func starPerSeed() throws {
        // L = [4, 1, 0.5, 0.5, 2]. Seed 0. W1 {0}: 0.5·4/4 = 0.5 each: [0, 1.5, 1, 1, 2.5];
        //   next = recipients now ≥ 1 = {1, 2, 3, 4}.
        //   W2: leaves send 0.75 + 0.5 + 0.5 + 1.25 = 3 to the hub: [3, 0, 0, 0, 0]; next {0}.
        //   W3 {0}: 0.375 each: [0, 0.375, 0.375, 0.375, 0.375]. (size 6, extent 5, duration 3)
        // Nodes 1…4 are then below 1: one avalanche only.
        var probe = try AvalancheProbe(graph: star, permutation: nil)
        let cascades = try probe.probe(field: [4, 1, 0.5, 0.5, 2], config: ProbeConfig(conservation: 0.5, quantile: 0.5, mode: .perSeed))
        #expect(cascades == [Cascade(size: 6, extent: 5, duration: 3)])
        expectLoads(probe.loads, [0, 0.375, 0.375, 0.375, 0.375])
    }

    @Test("a degree-0 node drops its whole load and sends nothing")
    func isolatedNode() throws {
        // Edge 0–1, node 2 isolated. Field [1, 0.1, 3]: θ = median = 1 (position 0.5·2 = 1).
        // W1 {0, 2}: node 0 sends 0.5·1/1 = 0.5 to 1; node 2 drops 3. L = [0, 0.6, 0]; done.
        let g = try Graph(nodeCount: 3, edges: [(0, 1)])
        var probe = try AvalancheProbe(graph: g, permutation: nil)
        let cascades = try probe.probe(field: [1, 0.1, 3], config: ProbeConfig(conservation: 0.5, quantile: 0.5))
        #expect(cascades == [Cascade(size: 2, extent: 2, duration: 1)])
        expectLoads(probe.loads, [0, 0.6, 0])
        #expect(probe.droppedLoad == 3)
        #expect(probe.toppledLoad == 1)
    }

    @Test("square loads: a_i = g², so the sign of g does not matter")
    func squareLoads() throws {
        // g = [-2, 1, -1, 0.5, 1.5] ⇒ a = [4, 1, 1, 0.25, 2.25], median 1 ⇒ L = a.
        // Path, c = 0.5. W1 {0, 1, 2, 4}: shares 2 → 1; 0.25 → 0, 2; 0.25 → 1, 3; 1.125 → 3.
        //   L = [0.25, 2.25, 0.25, 0.25 + 0.25 + 1.125, 0] = [0.25, 2.25, 0.25, 1.625, 0]; next {1, 3}.
        // W2 {1, 3}: 0.5625 → 0, 2; 0.40625 → 2, 4. L = [0.8125, 0, 1.21875, 0, 0.40625]; next {2}.
        // W3 {2}: 0.3046875 → 1, 3. L = [0.8125, 0.3046875, 0, 0.3046875, 0.40625]; done. (7, 5, 3)
        var probe = try AvalancheProbe(graph: path, permutation: nil)
        let cascades = try probe.probe(field: [-2, 1, -1, 0.5, 1.5], config: ProbeConfig(conservation: 0.5, quantile: 0.5, loads: .square))
        #expect(cascades == [Cascade(size: 7, extent: 5, duration: 3)])
        expectLoads(probe.loads, [0.8125, 0.3046875, 0, 0.3046875, 0.40625])
    }

    @Test("first waves on the hand-worked cascades: path 3 (σ = 2/5), star 3 (σ = 13/16), per-seed 1 each; none unless asked")
    func firstWaves() throws {
        var probe = try AvalancheProbe(graph: path, permutation: nil)
        let path = try probe.probe(field: [3, 0.5, 1, 0.2, 2], config: ProbeConfig(conservation: 0.5, quantile: 0.5, recordsFirstWave: true))
        #expect(path == [Cascade(size: 5, extent: 5, duration: 2, firstWave: 3)])
        let seeded = try probe.probe(
            field: [3, 0.5, 1, 0.2, 2], config: ProbeConfig(conservation: 0.5, quantile: 0.5, mode: .perSeed, recordsFirstWave: true))
        #expect(seeded.map(\.firstWave) == [1, 1])
        var hub = try AvalancheProbe(graph: star, permutation: nil)
        let star = try hub.probe(field: [4, 1, 0.5, 0.5, 2], config: ProbeConfig(conservation: 0.8, quantile: 0.5, recordsFirstWave: true))
        #expect(star == [Cascade(size: 16, extent: 5, duration: 8, firstWave: 3)])
        #expect(try hub.probe(field: [4, 1, 0.5, 0.5, 2], config: ProbeConfig(conservation: 0.8, quantile: 0.5)).first?.firstWave == nil)
    }
}
