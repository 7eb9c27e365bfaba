import GrokConfig
import GrokGraphs
import GrokNumerics
import GrokReportModel
import Synchronization

/// The substrate of user fields: one graph and one parameter→node permutation per (N, topology),
/// drawn exactly as `grokscale probe --seed S --graph NAME` draws them (streams
/// ["probe", "graph", N, name] and ["probe", "permutation", N]), so `fit`, `serve` and `probe`
/// give the same cascades for the same field. Built once and shared by every probing thread
/// (graph generation at N = 10⁵ costs far more than one probe).
public final class GraphCache: Sendable {
    public struct Substrate: Sendable {
        public var graph: Graph
        public var permutation: [Int]?
    }

    private let config: SweepConfig
    private let built = Mutex<[String: Substrate]>([:])

    /// `config` supplies seed, topologies, graph knobs and `probe.permute`.
    public init(config: SweepConfig) { self.config = config }

    public func substrate(nodeCount n: Int, topology name: String) throws -> Substrate {
        let key = "\(n)/\(name)"
        if let s = built.withLock({ $0[key] }) { return s }
        guard let spec = config.graphSpec(name) else {
            throw UserRunsError("unknown topology \"\(name)\"; topologies are \(SweepConfig.topologyNames.joined(separator: ", "))")
        }
        var stream = RandomStream(baseSeed: config.seed, labels: ["probe", "graph", .int(n), .name(name)])
        let graph: Graph
        do {
            graph = try GraphGenerator.generate(spec, nodeCount: n, stream: &stream)
        } catch {
            throw UserRunsError("cannot build a \(name) graph with N = \(n) nodes: \(error)")
        }
        var permutation: [Int]? = nil
        if config.probe.permute {
            var p = RandomStream(baseSeed: config.seed, labels: ["probe", "permutation", .int(n)])
            permutation = p.permutation(count: n)
        }
        let s = Substrate(graph: graph, permutation: permutation)
        built.withLock { $0[key] = s }
        return s
    }
}
