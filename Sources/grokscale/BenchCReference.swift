import Foundation
import GrokConfig
import GrokGraphs
import GrokNumerics
import GrokProbe

/// `grokscale bench`'s C references (bench/c_reference/): the XOR epoch and the probe's toppling
/// loop as a C user would write them, compiled here with `cc -O3 -march=native -ffast-math` and
/// timed in the same run as grokscale's own figures, so the ratios do not move with the
/// machine's load. Skipped, with the reason as the figure, when there is no C compiler.
enum BenchCReference {
    static let flags = ["-O3", "-march=native", "-ffast-math"]

    /// `c_xor_us_per_epoch_h…`, `c_topplings_per_second_ba_n2001` and the ratios against the
    /// figures already measured (`xor_time_over_c_h…`: grokscale's time / C's, below 1 is faster;
    /// `probe_speed_over_c`: grokscale's rate / C's, above 1 is faster).
    static func figures(
        folder: String, repeats: Int, ours: [(String, JSONValue)], graph: Graph, fields: [[Double]], config: ProbeConfig
    ) -> [(String, JSONValue)] {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-c-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do { try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true) } catch {
            return [("c_reference", .string("skipped: cannot create \(temporary.path): \(error)"))]
        }
        let times = BenchTasks.numbers(ours)
        var out: [(String, JSONValue)] = [("c_reference_flags", .string(flags.joined(separator: " ")))]
        switch compile("\(folder)/xor_epoch.c", into: temporary.appendingPathComponent("xor_epoch").path) {
        case .failure(let reason): out.append(("c_xor", .string(reason.message)))
        case .success(let binary):
            for h in [20, 500] {
                guard let text = run(binary, [String(h), "5000", String(repeats)]),
                    let c = Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
                else {
                    out.append(("c_xor_h\(h)", .string("skipped: the C reference failed")))
                    continue
                }
                out.append(("c_xor_us_per_epoch_h\(h)", .double(BenchCommand.round(c, 3))))
                if let mine = times["training_us_per_epoch_h\(h)"] { out.append(("xor_time_over_c_h\(h)", .double(BenchCommand.round(mine / c, 3)))) }
            }
        }
        switch compile("\(folder)/probe_loop.c", into: temporary.appendingPathComponent("probe_loop").path) {
        case .failure(let reason): out.append(("c_probe", .string(reason.message)))
        case .success(let binary):
            let input = temporary.appendingPathComponent("probe.bin")
            guard (try? probeInput(graph: graph, fields: fields, config: config).write(to: input)) != nil,
                let text = run(binary, [input.path, String(repeats)]),
                let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Double],
                let rate = object["topplings_per_second"], let mean = object["mean_cascade_size"]
            else {
                out.append(("c_probe", .string("skipped: the C reference failed")))
                return out
            }
            out.append(("c_topplings_per_second_ba_n2001", .double(rate)))
            out.append(("c_mean_cascade_size_ba_n2001", .double(BenchCommand.round(mean, 1))))
            if let mine = times["topplings_per_second_ba_n2001"] { out.append(("probe_speed_over_c", .double(BenchCommand.round(mine / rate, 3)))) }
        }
        return out
    }

    static func compile(_ source: String, into binary: String) -> Result<String, SkipReason> {
        guard FileManager.default.fileExists(atPath: source) else {
            return .failure(SkipReason("c_reference", "skipped: \(source) not found (run bench from the repository root)"))
        }
        guard run("/usr/bin/env", ["cc"] + flags + ["-o", binary, source, "-lm"]) != nil else {
            return .failure(SkipReason("c_reference", "skipped: cc \(flags.joined(separator: " ")) failed or there is no C compiler"))
        }
        return .success(binary)
    }

    /// The program's standard output when it exits 0, else nil.
    static func run(_ executable: String, _ arguments: [String]) -> String? {
        guard case .success(let outcome) = BenchProcess.run(executable, arguments), outcome.status == 0 else { return nil }
        return String(decoding: outcome.output, as: UTF8.self)
    }

    /// The layout probe_loop.c reads (little-endian; see its header).
    static func probeInput(graph: Graph, fields: [[Double]], config: ProbeConfig) -> Data {
        var data = Data()
        func int32(_ v: Int) { withUnsafeBytes(of: Int32(v).littleEndian) { data.append(contentsOf: $0) } }
        func double(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        int32(graph.nodeCount)
        int32(graph.neighbors.count)
        int32(fields.count)
        double(config.conservation)
        double(config.quantile)
        for o in graph.offsets { int32(Int(o)) }
        for j in graph.neighbors { int32(Int(j)) }
        for f in fields { for v in f { double(v) } }
        return data
    }
}
