import Foundation
import Testing

/// The exit-status table (`grokscale --help`, README) holds: usage text only for bad arguments,
/// runtime errors as one `error:` line with their own status.
@Suite("Exit statuses and input checks of the runtime commands", .serialized)
struct ExitStatusTests {
    func run(_ arguments: [String], folder: URL, name: String) throws -> (status: Int32?, output: String) {
        let child = try Child(arguments, log: folder.appendingPathComponent("\(name).log"))
        let status = child.wait(timeout: 60)
        return (status, child.logText)
    }

    @Test(
        "config refused 78 with key and line, port in use 69, missing folder 66, bad option 64 (only that one prints usage), --help prints the table")
    func statuses() throws {
        let folder = try Harness.temporaryFolder("exit-statuses")
        let good = try Harness.writeConfig(in: folder)
        let bad = folder.appendingPathComponent("bad.toml")
        try "widths = [20, 30, 50]\nseeds = 1000000000\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try run(
            [
                "coordinator", "--config", bad.path, "--bind", "tcp://127.0.0.1:\(Harness.freePort())", "--out",
                folder.appendingPathComponent("x").path,
            ], folder: folder, name: "config")
        #expect(refused.status == 78, "\(refused.output)")
        #expect(refused.output.contains("bad.toml:2: seeds: must be between 1 and 100000"), "\(refused.output)")
        #expect(!refused.output.contains("Usage:"))
        let deep = folder.appendingPathComponent("deep.toml")
        try ("seeds = " + String(repeating: "[", count: 1_000_000) + "\n").write(to: deep, atomically: true, encoding: .utf8)
        let deepRun = try run(["config", "--config", deep.path], folder: folder, name: "deep")
        #expect(deepRun.status == 78 && deepRun.output.contains("nested more than 32 deep"), "\(deepRun.output)")

        let port = Harness.freePort()
        let holder = try Child(
            [
                "coordinator", "--config", good.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", folder.appendingPathComponent("a").path,
                "--log-level", "info",
            ],
            log: folder.appendingPathComponent("holder.log"))
        #expect(eventually(timeout: 20) { holder.logText.contains("coordinator listening") })
        let busy = try run(
            ["coordinator", "--config", good.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", folder.appendingPathComponent("b").path],
            folder: folder, name: "busy")
        #expect(busy.status == 69, "\(busy.output)")
        #expect(busy.output.contains("port is in use") && !busy.output.contains("Usage:"), "\(busy.output)")
        #expect(try runsRecorded(folder.appendingPathComponent("b")) == 0, "a start that failed recorded a coordinator run")
        holder.signal(SIGTERM)
        holder.wait(timeout: 20)

        for command in ["report", "status", "verify"] {
            let missing = try run([command, folder.appendingPathComponent("nowhere").path], folder: folder, name: "missing-\(command)")
            #expect(missing.status == 66, "\(command): \(missing.output)")
        }
        let usage = try run(["coordinator", "--no-such-option"], folder: folder, name: "usage")
        #expect(usage.status == 64 && usage.output.contains("Usage:"), "\(usage.output)")
        let help = try run(["--help"], folder: folder, name: "help")
        for row in ["65   bad input data", "73   output cannot be written", "75   output folder locked", "78   configuration refused"] {
            #expect(help.output.contains(row), "--help lacks \(row)")
        }
    }

    func runsRecorded(_ out: URL) throws -> Int {
        let path = out.appendingPathComponent("journal.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        let child = try Child(["status", out.path], log: out.deletingLastPathComponent().appendingPathComponent("runs.log"))
        child.wait(timeout: 20)
        return child.logText.contains("coordinator run ") ? 1 : 0
    }

    @Test(
        "secret keys readable by others, a .pub given as the secret key and a secret key in the authorized folder are refused, each saying what to do"
    )
    func keyChecks() throws {
        let folder = try Harness.temporaryFolder("key-checks")
        try CurveAuthenticationTests.keys(["coordinator", "worker"], in: folder)
        let config = try Harness.writeConfig(in: folder)
        let authorized = folder.appendingPathComponent("authorized")
        try FileManager.default.createDirectory(at: authorized, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: folder.appendingPathComponent("worker.pub"), to: authorized.appendingPathComponent("worker.pub"))
        let open = folder.appendingPathComponent("open.key")
        try FileManager.default.copyItem(at: folder.appendingPathComponent("coordinator.key"), to: open)
        chmod(open.path, 0o644)
        let leaky = folder.appendingPathComponent("leaky")
        try FileManager.default.createDirectory(at: leaky, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: folder.appendingPathComponent("worker.pub"), to: leaky.appendingPathComponent("worker.pub"))
        try FileManager.default.copyItem(at: folder.appendingPathComponent("worker.key"), to: leaky.appendingPathComponent("worker.key"))
        let cases: [([String], String)] = [
            (["--curve-secret-key", open.path, "--authorized-keys", authorized.path], "chmod 600"),
            (
                ["--curve-secret-key", folder.appendingPathComponent("coordinator.pub").path, "--authorized-keys", authorized.path],
                "is a public key, given as the coordinator secret key"
            ),
            (
                ["--curve-secret-key", folder.appendingPathComponent("coordinator.key").path, "--authorized-keys", leaky.path],
                "holds a secret key, worker.key: move it out"
            ),
        ]
        for (i, (flags, message)) in cases.enumerated() {
            let r = try run(
                [
                    "coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(Harness.freePort())", "--out",
                    folder.appendingPathComponent("o\(i)").path,
                ] + flags, folder: folder, name: "case\(i)")
            #expect(r.status == 65, "\(r.output)")
            #expect(r.output.contains(message) && !r.output.contains("Usage:"), "\(r.output)")
        }
        let worker = try run(
            [
                "worker", "--connect", "tcp://127.0.0.1:1", "--secret-key", open.path, "--server-key",
                folder.appendingPathComponent("coordinator.pub").path,
            ], folder: folder, name: "worker-open")
        #expect(worker.status == 65 && worker.output.contains("readable by others"), "\(worker.output)")
    }

    /// A 1-D float64 .npy of `values`.
    static func npy(_ values: [Double]) -> Data {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(values.count),), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(Data(header.utf8))
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    @Test("an edge list that leaves nodes isolated is refused with the counts, or probed with a warning under --allow-isolated-nodes")
    func probeEdgeList() throws {
        let folder = try Harness.temporaryFolder("edges")
        let field = folder.appendingPathComponent("g.npy")
        try Self.npy((0..<201).map { sin(Double($0)) }).write(to: field)
        let edges = folder.appendingPathComponent("edges.txt")
        try (0..<99).map { "\($0) \($0 + 1)" }.joined(separator: "\n").write(to: edges, atomically: true, encoding: .utf8)
        let empty = folder.appendingPathComponent("empty.txt")
        try "".write(to: empty, atomically: true, encoding: .utf8)
        let refused = try run(["probe", "--field", field.path, "--graph", edges.path], folder: folder, name: "refused")
        #expect(refused.status == 65, "\(refused.output)")
        #expect(refused.output.contains("99 edges cover 100 of the field's 201 nodes; 101 node(s) are isolated"), "\(refused.output)")
        let none = try run(["probe", "--field", field.path, "--graph", empty.path], folder: folder, name: "empty")
        #expect(none.status == 65 && none.output.contains("0 edges cover 0 of the field's 201 nodes"), "\(none.output)")
        let allowed = try run(["probe", "--field", field.path, "--graph", edges.path, "--allow-isolated-nodes"], folder: folder, name: "allowed")
        #expect(allowed.status == 0, "\(allowed.output)")
        #expect(allowed.output.contains("warning:") && allowed.output.contains("probing anyway"), "\(allowed.output)")
    }
}
