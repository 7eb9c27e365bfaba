import Foundation
import Testing

/// Whether `python3` here imports `module` (torch and jax are installed by .ci/run).
func pythonImports(_ module: String) -> Bool {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import \(module)"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}

/// Users' training programs on the grid: the coordinator and two worker processes give the
/// in-process report byte for byte; a program that fails, hangs or writes malformed fields is a
/// FAILURE carrying its output while the rest of the sweep completes; a program that requires a
/// GPU goes only to workers that report one.
@Suite("Program tasks through a coordinator and workers", .serialized)
struct ProgramTaskTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("python/examples")

    static func grid(program: String, script: String, extra: String = "", tasks: String? = nil, programs: String = "") -> String {
        """
        widths = [8, 12, 16]
        seeds = 2
        topologies = ["ba", "ring"]
        tasks = \(tasks ?? "[\"\(program)\"]")
        [training]
        epochs = 100
        snapshot_interval = 25
        [analysis]
        bootstrap_resamples = 200
        [network]
        heartbeat_interval_ms = 200
        max_attempts = 2
        [programs.\(program)]
        script = "\(examples.appendingPathComponent(script).path)"
        command = ["python3", "{script}", "--width", "{width}", "--seed", "{seed}", "--out", "{out}", "--steps", "{epochs}", "--snapshot-every", "{snapshot_interval}"]
        environment = ["OMP_NUM_THREADS=1"]
        timeout_seconds = 300
        \(extra)
        \(programs)
        """
    }

    /// In process, then `run --workers 2` (a coordinator and two worker processes): the reports.
    func bothWays(_ text: String, name: String) throws -> (String, String, Int32?) {
        let folder = try Harness.temporaryFolder(name)
        let config = folder.appendingPathComponent("grid.toml")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let reference = try Harness.inProcessReport(config: config, folder: folder)
        let out = folder.appendingPathComponent("distributed")
        let child = try Child(
            ["run", "--workers", "2", "--quiet", "--config", config.path, "--out", out.path], log: folder.appendingPathComponent("distributed.log"))
        let status = child.wait(timeout: 600)
        let report = (try? String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)) ?? "missing: \(child.logText)"
        return (reference, report, status)
    }

    @Test("a numpy program's grid: two workers give the in-process report byte for byte, with the program in its config block")
    func numpyProgram() throws {
        let (reference, distributed, status) = try bothWays(Self.grid(program: "numpy_modadd", script: "numpy_program.py"), name: "program-numpy")
        #expect(status == 0)
        #expect(distributed == reference)
        #expect(reference.contains("\"programs\"") && reference.contains("\"script_sha256\""))
    }

    @Test(
        "a small PyTorch program's grid, distributed, equals the in-process run", .enabled(if: pythonImports("torch"), "torch does not import here"))
    func torchProgram() throws {
        let (reference, distributed, status) = try bothWays(Self.grid(program: "torch_mlp", script: "torch_mlp_program.py"), name: "program-torch")
        #expect(status == 0)
        #expect(distributed == reference)
    }

    @Test("a small JAX program's grid, distributed, equals the in-process run", .enabled(if: pythonImports("jax"), "jax does not import here"))
    func jaxProgram() throws {
        let (reference, distributed, status) = try bothWays(Self.grid(program: "jax_mlp", script: "jax_mlp_program.py"), name: "program-jax")
        #expect(status == 0)
        #expect(distributed == reference)
    }

    @Test("programs that fail, hang or write malformed fields are FAILUREs with their output; the rest of the sweep completes (exit 3)")
    func badPrograms() throws {
        let folder = try Harness.temporaryFolder("program-bad")
        let bad = folder.appendingPathComponent("bad.py")
        try """
        import json, os, sys, time
        import numpy as np
        mode, out = sys.argv[1], sys.argv[2]
        if mode == "fail":
            print("RuntimeError: shapes (3,4) and (5,6) do not align", file=sys.stderr); sys.exit(2)
        if mode == "hang":
            print("training...", file=sys.stderr, flush=True); time.sleep(600)
        if mode == "malformed":
            run = os.path.join(out, "r"); os.makedirs(run)
            for s in (0, 25, 50, 75, 100):
                np.save(os.path.join(run, "%d.npy" % s), np.ones(10 if s != 50 else 9, dtype=np.float32))
            json.dump({"format": "grokscale-run/1", "run_id": "r", "N": 10, "parameters": [{"name": "w", "shape": [10], "size": 10}],
                       "snapshots": [{"step": s, "file": "%d.npy" % s, "loss": 1.0, "accuracy": 0.5} for s in (0, 25, 50, 75, 100)]},
                      open(os.path.join(run, "manifest.json"), "w"))
        """.write(to: bad, atomically: true, encoding: .utf8)
        var programs = ""
        for mode in ["fail", "hang", "malformed"] {
            programs +=
                "[programs.\(mode)]\nscript = \"\(bad.path)\"\ncommand = [\"python3\", \"{script}\", \"\(mode)\", \"{out}\"]\ntimeout_seconds = 2\n"
        }
        let text = Self.grid(
            program: "numpy_modadd", script: "numpy_program.py", tasks: "[\"numpy_modadd\", \"fail\", \"hang\", \"malformed\"]", programs: programs)
        let config = folder.appendingPathComponent("grid.toml")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let child = try Child(
            ["run", "--workers", "2", "--quiet", "--config", config.path, "--out", out.path], log: folder.appendingPathComponent("run.log"))
        #expect(child.wait(timeout: 600) == 3, "\(child.logText)")
        let data = try Data(contentsOf: out.appendingPathComponent("report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let completeness = try #require(report["completeness"] as? [String: Any])
        #expect(completeness["tasks_done"] as? Int == 6, "the good program's 6 runs are committed")
        let failed = try #require(completeness["tasks_failed"] as? [[String: Any]])
        #expect(failed.count == 18)
        let errors = failed.compactMap { $0["error"] as? String }
        #expect(errors.filter { $0.contains("status 2") && $0.contains("shapes (3,4) and (5,6) do not align") }.count == 6)
        #expect(errors.filter { $0.contains("past its time limit of 2 s") && $0.contains("training...") }.count == 6)
        #expect(errors.filter { $0.contains("holds 9 values") }.count == 6)
    }

    @Test("a group that requires a GPU is leased only to the worker reporting one (a fake device list)")
    func gpuScheduling() throws {
        let folder = try Harness.temporaryFolder("program-gpu")
        let config = folder.appendingPathComponent("grid.toml")
        try Self.grid(program: "numpy_modadd", script: "numpy_program.py", extra: "requires_gpu = true").write(
            to: config, atomically: true, encoding: .utf8)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let coordinator = try Child(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path, "--quiet", "--log-level", "info"],
            log: folder.appendingPathComponent("coordinator.log"))
        #expect(eventually(timeout: 20) { coordinator.logText.contains("coordinator listening") })
        let cpu = try Child(
            ["worker", "--connect", "tcp://127.0.0.1:\(port)", "--name", "cpu-only"], log: folder.appendingPathComponent("cpu.log"),
            environment: ["GROKSCALE_GPUS": ""])
        let gpu = try Child(
            ["worker", "--connect", "tcp://127.0.0.1:\(port)", "--name", "gpu-box"], log: folder.appendingPathComponent("gpu.log"),
            environment: ["GROKSCALE_GPUS": "cuda:3"])
        #expect(coordinator.wait(timeout: 300) == 0, "\(coordinator.logText)")
        cpu.wait(timeout: 30)
        gpu.wait(timeout: 30)
        #expect(coordinator.logText.contains("gpu-box on") && coordinator.logText.contains("1 GPU(s)"))
        let execution = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("execution.json"))) as? [String: Any])
        let workers = try #require(execution["workers"] as? [[String: Any]])
        let gpuBox = try #require(workers.first { $0["worker"] as? String == "gpu-box" }, "\(workers)")
        #expect(gpuBox["results"] as? Int == 6)
        #expect(workers.filter { $0["worker"] as? String != "gpu-box" }.allSatisfy { $0["results"] as? Int == 0 }, "\(workers)")
        // Provenance: the software the worker's programs ran with, as it announced it.
        let environment = try #require(gpuBox["environment"] as? [String: String])
        #expect(environment["gpus"] == "cuda:3" && environment["python"] != nil && environment["numpy"] != nil, "\(environment)")
    }
}
