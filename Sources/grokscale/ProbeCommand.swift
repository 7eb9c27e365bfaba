import ArgumentParser
import Foundation
import GrokGraphs
import GrokNumerics
import GrokProbe
import NumPyFormat

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Probe your own gradient fields (.npy) with the TDU-OFC avalanche probe.",
        discussion: """
            Reads a NumPy .npy file (float32 or float64, C order): a 1-D array is one field, a 2-D \
            array one field per row. Prints one CSV row per cascade: index,size,extent,duration \
            (in per_seed mode, one row per avalanche, with its field index). The graph has one \
            node per field entry.

            From PyTorch or JAX, record with the Python package (pip install ./python; \
            grokscale.TorchRecorder / JaxRecorder handle CUDA, bfloat16 and missing gradients), \
            then grokscale probe --field run/step-0000000100.npy --graph ba, or grokscale fit.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The .npy file of gradient fields.", valueName: "file.npy"))
    var field: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "ba, er, ws, rr, ring (docs/method.md defaults), or an edge-list file: one 'i j' pair per line, 0-based.", valueName: "topology|edges.txt"
        ))
    var graph: String = "ba"

    @Option(name: .customLong("c"), help: "Conservation c: share of a toppling node's load passed on.")
    var conservation: Double = 0.9

    @Option(name: .long, help: "Threshold quantile q of the loads.")
    var quantile: Double = 0.9

    @Option(name: .long, help: "Seed of the graph and the permutation.")
    var seed: UInt64 = 0

    @Flag(
        name: .customLong("allow-isolated-nodes"),
        help: "Probe with an edge list that leaves nodes isolated (or covers fewer nodes than the field), with a warning instead of an error.")
    var allowIsolated = false

    @Flag(name: .long, help: "Map parameter i to node i instead of a seeded random permutation.")
    var noPermutation = false

    @Option(name: .long, help: "Loads from the field: abs or square.")
    var loads: String = "abs"

    @Option(name: .long, help: "global (one cascade per field) or per_seed (one avalanche per supra-threshold node).")
    var mode: String = "global"

    func run() throws {
        guard let loadTransform = LoadTransform(rawValue: loads) else {
            throw ValidationError("--loads must be abs or square, found \(loads)")
        }
        guard let probeMode = ProbeMode(rawValue: mode) else {
            throw ValidationError("--mode must be global or per_seed, found \(mode)")
        }
        let config = ProbeConfig(conservation: conservation, quantile: quantile, loads: loadTransform, mode: probeMode)
        try config.validate()

        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: field)))
        } catch {
            throw CLIError("cannot read \(field): \(error.localizedDescription)")
        }
        let array: NumPyArray
        do {
            array = try NumPyFormat.parse(bytes)
        } catch {
            throw CLIError("\(field): \(error)")
        }
        let rows = array.shape.count == 1 ? 1 : array.shape[0]
        let n = array.shape.count == 1 ? array.shape[0] : array.shape[1]
        guard n >= 2 else { throw CLIError("\(field): a field needs at least 2 entries, found \(n)") }

        let topology = try buildGraph(nodeCount: n)
        var permutation: [Int]? = nil
        if !noPermutation {
            var stream = RandomStream(baseSeed: seed, labels: ["probe", "permutation", .int(n)])
            permutation = stream.permutation(count: n)
        }
        var probe = try AvalancheProbe(graph: topology, permutation: permutation)
        var out = "index,size,extent,duration\n"
        for row in 0..<rows {
            let fieldValues = Array(array.values[(row * n)..<((row + 1) * n)])
            do {
                for c in try probe.probe(field: fieldValues, config: config) {
                    out += "\(row),\(c.size),\(c.extent),\(c.duration)\n"
                }
            } catch {
                throw CLIError("field \(row): \(error)")
            }
            if out.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(out.utf8))
                out = ""
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    private func buildGraph(nodeCount n: Int) throws -> Graph {
        if let spec = GraphSpec.defaultSpec(shortName: graph) {
            var stream = RandomStream(baseSeed: seed, labels: ["probe", "graph", .int(n), .name(graph)])
            do {
                return try GraphGenerator.generate(spec, nodeCount: n, stream: &stream)
            } catch {
                throw CLIError("cannot build a \(graph) graph with \(n) nodes: \(error)")
            }
        }
        guard FileManager.default.fileExists(atPath: graph) else {
            throw CLIError("--graph \(graph): not a topology (ba, er, ws, rr, ring) and no such edge-list file")
        }
        let text: String
        do {
            text = try String(contentsOfFile: graph, encoding: .utf8)
        } catch {
            throw CLIError("cannot read the edge list \(graph): \(error.localizedDescription)")
        }
        let g: Graph
        do {
            g = try Graph(edgeListText: text, nodeCount: n)
        } catch {
            throw CLIError("\(graph): \(error)", status: .dataError)
        }
        // An isolated node just loses its load when it topples: the cascades would silently
        // describe another graph than the one meant. Refuse, or warn under the explicit flag.
        let isolated = (0..<n).filter { g.degree($0) == 0 }
        if !isolated.isEmpty {
            let covered = n - isolated.count
            let message =
                "\(graph): \(g.edgeCount) edges cover \(covered) of the field's \(n) nodes; \(isolated.count) node(s) are isolated (first: \(isolated.prefix(5).map(String.init).joined(separator: ", ")))"
            guard allowIsolated else {
                throw CLIError(
                    message
                        + ". Give an edge list over nodes 0…\(n - 1) with every node in some edge, or pass --allow-isolated-nodes to probe anyway (isolated nodes lose their load when they topple)",
                    status: .dataError)
            }
            FileHandle.standardError.write(Data("warning: \(message); probing anyway (--allow-isolated-nodes)\n".utf8))
        }
        return g
    }
}
