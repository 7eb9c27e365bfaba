import GrokConfig
import GrokNumerics
import GrokProbe
import GrokTasks

/// Probes user fields on every topology of a configuration. One per thread (the probe keeps
/// scratch buffers); the graphs come from a shared ``GraphCache``.
public struct FieldProber {
    public let config: SweepConfig
    let graphs: GraphCache
    private var probes: [String: AvalancheProbe] = [:]

    public init(config: SweepConfig, graphs: GraphCache) {
        self.config = config
        self.graphs = graphs
    }

    /// The field's cascades on one topology, or why it was not probed. A field with NaN or ±∞
    /// entries (a diverged step) is reported, never probed: the probe's threshold would be
    /// meaningless and one bad step must not stop the analysis of the others.
    public mutating func probe(_ field: [Double], topology: String) throws -> FieldCascades {
        if let problem = Self.nonFiniteProblem(field) { return FieldCascades(cascades: [], error: problem) }
        let key = "\(field.count)/\(topology)"
        if probes[key] == nil {
            let s = try graphs.substrate(nodeCount: field.count, topology: topology)
            probes[key] = try AvalancheProbe(graph: s.graph, permutation: s.permutation)
        }
        do {
            return FieldCascades(cascades: try probes[key]!.probe(field: field, config: config.probeConfig))
        } catch {
            return FieldCascades(cascades: [], error: "\(error)")
        }
    }

    /// The field on every topology of the configuration, in its order.
    public mutating func probeAll(_ field: [Double]) throws -> [FieldCascades] {
        try config.topologies.map { try probe(field, topology: $0) }
    }

    /// The Gaussian control of one run: `count` i.i.d. standard Gaussian fields of the run's N
    /// per topology, from the stream ["control", N, run id, topology].
    public mutating func control(runID: String, parameterCount n: Int, count: Int, topology: String) throws -> [FieldCascades] {
        var stream = RandomStream(baseSeed: config.seed, labels: ["control", .int(n), .name(runID), .name(topology)])
        return try (0..<count).map { _ in try probe(GaussianControl.field(count: n, stream: &stream), topology: topology) }
    }

    static func nonFiniteProblem(_ field: [Double]) -> String? {
        var count = 0, first = -1
        for (i, v) in field.enumerated() where !v.isFinite {
            if first < 0 { first = i }
            count += 1
        }
        guard count > 0 else { return nil }
        return
            "non-finite gradient: \(count) of \(field.count) entries are NaN or infinite (first at index \(first): \(field[first])); reported, not probed"
    }
}
