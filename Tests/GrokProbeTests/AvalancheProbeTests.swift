import Foundation
import GrokGraphs
import GrokNumerics
import GrokProbe
import Testing

func makeGraph(_ short: String, _ n: Int, seed: UInt64 = 1) throws -> Graph {
    var stream = RandomStream(seed: seed)
    return try GraphGenerator.generate(GraphSpec.defaultSpec(shortName: short)!, nodeCount: n, stream: &stream)
}

/// Σ a_i / θ for the field as the probe loaded it (any order: only compared up to rounding).
func initialTotal(_ field: [Double], _ probe: AvalancheProbe, _ loads: LoadTransform = .abs) -> Double {
    field.map { (loads == .abs ? abs($0) : $0 * $0) / probe.threshold }.reduce(0, +)
}

func gaussian(_ n: Int, seed: UInt64) -> [Double] {
    var stream = RandomStream(seed: seed)
    return GaussianControl.field(count: n, stream: &stream)
}

@Suite("AvalancheProbe: invariants")
struct AvalancheProbeTests {
    @Test(
        "θ is exactly the NumPy-linear q-quantile of the transformed, permuted loads",
        arguments: [5, 81, 1000, 2001, 5003])
    func thresholdIsQuantile(n: Int) throws {
        let g = try Graph(nodeCount: n, edges: (1..<n).map { ($0 - 1, $0) })
        var stream = RandomStream(seed: UInt64(n))
        var probe = try AvalancheProbe(graph: g, permutation: stream.permutation(count: n))
        let rough = gaussian(n, seed: 3)
        // Ties and a sorted field exercise the selection's worst paths.
        // Huge values on every 15th parameter make any evenly spaced sample unrepresentative.
        let spiked = rough.indices.map { $0 % 15 == 0 ? 1000 + Double($0) : rough[$0] }
        let fields = [rough, rough.map { ($0 * 2).rounded() }, rough.sorted(), rough.sorted().reversed(), spiked]
        for field in fields {
            for loads in LoadTransform.allCases {
                for q in [0.1, 0.5, 0.9, 0.95, 0.999] {
                    let a = field.map { loads == .abs ? abs($0) : $0 * $0 }
                    let expected = Quantile.linear(a, q: q)
                    guard expected > 0 else { continue }
                    _ = try probe.probe(field: field, config: ProbeConfig(quantile: q, loads: loads))
                    #expect(probe.threshold == expected, "n \(n) q \(q) \(loads)")
                }
            }
        }
    }

    @Test("after relaxation no node is at or above threshold", arguments: ["ba", "er", "ws", "rr", "ring"])
    func relaxed(short: String) throws {
        let g = try makeGraph(short, 401)
        var probe = try AvalancheProbe(graph: g, permutation: nil)
        for mode in ProbeMode.allCases {
            for c in [0.3, 0.9, 0.99] {
                _ = try probe.probe(field: gaussian(401, seed: 8), config: ProbeConfig(conservation: c, loads: .square, mode: mode))
                #expect(probe.loads.allSatisfy { $0 < 1 && $0 >= 0 })
            }
        }
    }

    @Test("dissipated load = (1 − c) · toppled load + load dropped at degree-0 nodes")
    func conservation() throws {
        // ER with mean degree 2 leaves ≈ e⁻² of the nodes isolated.
        var stream = RandomStream(seed: 4)
        let g = try GraphGenerator.generate(.erdosRenyi(meanDegree: 2), nodeCount: 500, stream: &stream)
        #expect((0..<500).contains { g.degree($0) == 0 })
        var probe = try AvalancheProbe(graph: g, permutation: nil)
        for mode in ProbeMode.allCases {
            for c in [0.5, 0.9, 0.99] {
                let field = gaussian(500, seed: 5)
                let cascades = try probe.probe(field: field, config: ProbeConfig(conservation: c, mode: mode))
                let initial = initialTotal(field, probe)
                let dissipated = initial - probe.loads.reduce(0, +)
                let expected = (1 - c) * probe.toppledLoad + probe.droppedLoad
                #expect(abs(dissipated - expected) <= 1e-9 * initial)
                #expect(probe.droppedLoad > 0)
                #expect(cascades.reduce(0) { $0 + $1.size } > 0)
            }
        }
    }

    @Test("every toppling at a connected node dissipates at least 1 − c (it starts at L ≥ 1)", arguments: ["ba", "ws"])
    func dissipationBound(short: String) throws {
        let g = try makeGraph(short, 401)
        var probe = try AvalancheProbe(graph: g, permutation: nil)
        for mode in ProbeMode.allCases {
            let field = gaussian(401, seed: 21)
            let c = 0.9
            let size = try probe.probe(field: field, config: ProbeConfig(conservation: c, mode: mode)).reduce(0) { $0 + $1.size }
            let dissipated = initialTotal(field, probe) - probe.loads.reduce(0, +)
            #expect(dissipated >= (1 - c) * Double(size) * (1 - 1e-9))
            #expect(probe.toppledLoad >= Double(size) * (1 - 1e-12))
        }
    }

    @Test("c = 1 on a graph without degree-0 nodes conserves the total load", arguments: ["ba", "rr", "ring"])
    func conservative(short: String) throws {
        let g = try makeGraph(short, 301)
        var probe = try AvalancheProbe(graph: g, permutation: nil)
        for mode in ProbeMode.allCases {
            let field = gaussian(301, seed: 6)
            let cascades = try probe.probe(field: field, config: ProbeConfig(conservation: 1, mode: mode))
            #expect(cascades.reduce(0) { $0 + $1.size } > 0)
            let initial = initialTotal(field, probe)
            #expect(abs(probe.loads.reduce(0, +) - initial) <= 1e-9 * initial)
        }
    }

    @Test("c = 1 relaxation that cycles forever stops with a runaway error")
    func runaway() throws {
        // Two joined nodes at L = 1 swap their loads every wave, forever.
        let g = try Graph(nodeCount: 2, edges: [(0, 1)])
        var probe = try AvalancheProbe(graph: g, permutation: nil)
        #expect(throws: ProbeError.runaway(topplings: 2000, cap: 2000)) {
            try probe.probe(field: [1, 1], config: ProbeConfig(conservation: 1, quantile: 0.5))
        }
        // The same probe still works afterwards.
        #expect(try probe.probe(field: [1, 1], config: ProbeConfig(conservation: 0.5, quantile: 0.5)) == [Cascade(size: 2, extent: 2, duration: 1)])
    }

    @Test("global mode gives one cascade with extent ≤ size and duration ≤ size; per-seed cascades are non-empty")
    func shapes() throws {
        let g = try makeGraph("ba", 501)
        var probe = try AvalancheProbe(graph: g, permutation: nil)
        let global = try probe.probe(field: gaussian(501, seed: 2), config: ProbeConfig())
        #expect(global.count == 1)
        #expect(global[0].size >= 50)  // at least the ≥ 10% at or above the 90th percentile topple
        #expect(global[0].extent <= global[0].size && global[0].extent <= 501 && global[0].duration <= global[0].size)
        let seeded = try probe.probe(field: gaussian(501, seed: 2), config: ProbeConfig(mode: .perSeed))
        #expect(!seeded.isEmpty)
        for c in seeded { #expect(c.size >= 1 && c.duration >= 1 && c.extent >= 1 && c.extent <= c.size) }
    }

    @Test("same graph, permutation and field give bit-identical results, also on a reused probe")
    func determinism() throws {
        let g = try makeGraph("ba", 801)
        var stream = RandomStream(seed: 10)
        let perm = stream.permutation(count: 801)
        var a = try AvalancheProbe(graph: g, permutation: perm)
        var b = try AvalancheProbe(graph: g, permutation: perm)
        let field = gaussian(801, seed: 12)
        for mode in ProbeMode.allCases {
            let config = ProbeConfig(conservation: 0.99, loads: .square, mode: mode)
            _ = try a.probe(field: gaussian(801, seed: 99), config: config)  // dirty a's scratch first
            let ra = try a.probe(field: field, config: config)
            let rb = try b.probe(field: field, config: config)
            #expect(ra == rb)
            #expect(a.loads.map(\.bitPattern) == b.loads.map(\.bitPattern))
        }
    }

    @Test("matches an independent Python/NumPy reimplementation of the rules on a seeded BA case")
    func pythonCrossCheck() throws {
        // Graph, permutation and fields drawn from seed 100 exactly as below; the expected
        // cascades came from a plain Python transcription of method §2 using numpy.percentile
        // (θ agreed bit for bit, final loads to 1e-12).
        var s = RandomStream(seed: 100)
        let g = try GraphGenerator.generate(.barabasiAlbert(m: 3), nodeCount: 60, stream: &s)
        var probe = try AvalancheProbe(graph: g, permutation: s.permutation(count: 60))
        let global = try probe.probe(
            field: GaussianControl.field(count: 60, stream: &s),
            config: ProbeConfig(conservation: 0.99, loads: .square))
        #expect(global == [Cascade(size: 18, extent: 17, duration: 4)])
        #expect(abs(probe.loads[2] - 0.9984624591404703) < 1e-12)
        let seeded = try probe.probe(field: GaussianControl.field(count: 60, stream: &s), config: ProbeConfig(mode: .perSeed))
        #expect(seeded == [Cascade(size: 4, extent: 4, duration: 4), Cascade(size: 10, extent: 10, duration: 8)])
        #expect(abs(probe.loads[3] - 0.9832423941285094) < 1e-12)
    }

    @Test("nil and the identity permutation agree; a permutation places g[π(i)] on node i")
    func permutations() throws {
        let g = try makeGraph("ws", 301)
        let field = gaussian(301, seed: 13)
        var none = try AvalancheProbe(graph: g, permutation: nil)
        var identity = try AvalancheProbe(graph: g, permutation: Array(0..<301))
        let config = ProbeConfig(conservation: 0.95)
        #expect(try none.probe(field: field, config: config) == identity.probe(field: field, config: config))
        #expect(none.loads == identity.loads)
        var stream = RandomStream(seed: 14)
        let perm = stream.permutation(count: 301)
        var permuted = try AvalancheProbe(graph: g, permutation: perm)
        let viaPermutation = try permuted.probe(field: field, config: config)
        let viaField = try identity.probe(field: perm.map { field[$0] }, config: config)
        #expect(viaPermutation == viaField)
        #expect(permuted.loads == identity.loads)
        #expect(permuted.permutation == perm && none.permutation == Array(0..<301))
    }

    @Test("a permutation that is not one of 0..<N is rejected")
    func badPermutations() throws {
        let g = try makeGraph("ring", 10)
        for bad in [[0, 1, 2], Array(repeating: 0, count: 10), Array(1...10), Array(-1..<9)] {
            #expect(throws: ProbeError.self) { try AvalancheProbe(graph: g, permutation: bad) }
        }
        #expect(throws: ProbeError.emptyGraph) { try AvalancheProbe(graph: try Graph(nodeCount: 0, edges: []), permutation: nil) }
    }

    @Test("bad fields are errors: wrong length, NaN, ±inf, overflowing square, θ ≤ 0")
    func badFields() throws {
        let g = try makeGraph("ring", 10)
        var probe = try AvalancheProbe(graph: g, permutation: nil)
        var field = gaussian(10, seed: 1)
        #expect(throws: ProbeError.fieldLength(expected: 10, found: 9)) { try probe.probe(field: Array(field.prefix(9)), config: ProbeConfig()) }
        field[3] = .nan
        #expect(throws: ProbeError.self) { try probe.probe(field: field, config: ProbeConfig()) }
        field[3] = -.infinity
        #expect(throws: ProbeError.nonFiniteField(index: 3, value: -.infinity)) { try probe.probe(field: field, config: ProbeConfig()) }
        field[3] = 1e200
        #expect(throws: ProbeError.nonFiniteField(index: 3, value: 1e200)) { try probe.probe(field: field, config: ProbeConfig(loads: .square)) }
        #expect(throws: Never.self) { try probe.probe(field: field, config: ProbeConfig(loads: .abs)) }
        let mostlyZero = [0, 0, 0, 0, 0, 0, 0, 0, 0, 5.0]
        #expect(throws: ProbeError.nonPositiveThreshold(quantile: 0.8, threshold: 0, zeroCount: 9, count: 10)) {
            try probe.probe(field: mostlyZero, config: ProbeConfig(quantile: 0.8))
        }
        #expect(try probe.probe(field: mostlyZero, config: ProbeConfig(quantile: 0.95)).count == 1)  // θ = 2.5 > 0
        let message = ProbeError.nonPositiveThreshold(quantile: 0.9, threshold: 0, zeroCount: 9, count: 10).description
        #expect(message.contains("9 of 10") && message.contains("zero"))
    }

    @Test(
        "invalid configurations are rejected",
        arguments: [
            ProbeConfig(conservation: 0), ProbeConfig(conservation: 1.01), ProbeConfig(conservation: .nan),
            ProbeConfig(quantile: 0), ProbeConfig(quantile: 1), ProbeConfig(quantile: -0.5),
        ])
    func badConfig(config: ProbeConfig) throws {
        #expect(throws: ProbeError.self) { try config.validate() }
        var probe = try AvalancheProbe(graph: try makeGraph("ring", 10), permutation: nil)
        #expect(throws: ProbeError.self) { try probe.probe(field: gaussian(10, seed: 1), config: config) }
    }

    @Test("config defaults are the method's and round-trip through JSON with per_seed spelled as in the method")
    func configCodable() throws {
        let d = ProbeConfig()
        #expect(d.conservation == 0.9 && d.quantile == 0.9 && d.loads == .abs && d.mode == .global)
        let c = ProbeConfig(conservation: 0.99, quantile: 0.8, loads: .square, mode: .perSeed)
        let json = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
        #expect(json.contains("\"per_seed\""))
        #expect(try JSONDecoder().decode(ProbeConfig.self, from: Data(json.utf8)) == c)
    }
}

@Suite("GaussianControl")
struct GaussianControlTests {
    @Test("i.i.d. N(0, 1): mean within 5σ of 0 and variance within 5σ of 1 over 100 000 draws")
    func moments() {
        let x = gaussian(100_000, seed: 77)
        let mean = x.reduce(0, +) / Double(x.count)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
        #expect(abs(mean) < 5 / Double(x.count).squareRoot())
        #expect(abs(variance - 1) < 5 * (2 / Double(x.count)).squareRoot())
    }

    @Test("the field is the stream's nextGaussian() sequence, so a seed fixes it")
    func determinism() {
        var stream = RandomStream(seed: 5)
        let expected = (0..<7).map { _ in stream.nextGaussian() }
        #expect(gaussian(7, seed: 5) == expected)
        #expect(gaussian(7, seed: 6) != expected)
        var s = RandomStream(seed: 1)
        #expect(GaussianControl.field(count: 0, stream: &s).isEmpty)
    }
}
