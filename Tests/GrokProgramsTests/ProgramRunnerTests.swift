import Foundation
import GrokConfig
import GrokPrograms
import GrokRunner
import GrokTasks
import Testing

/// A user's program as a grid task, run for real (python3 with numpy, the package in python/):
/// its run becomes a valid, deterministic result; everything it can get wrong is an error
/// naming the problem and the end of its output, never a crash.
@Suite("Program tasks: running the program, reading its run, probing it", .serialized)
struct ProgramRunnerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = root.appendingPathComponent("python/examples/numpy_program.py").path

    func folder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-programs-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A grid of one program; `script` relative to `dir`, resolved as the CLI resolves it.
    func config(script: String, command: [String], in dir: URL, extra: String = "", timeout: Int = 20) throws -> SweepConfig {
        let text = """
            widths = [4, 6, 8]
            seeds = 2
            topologies = ["ba", "er"]
            tasks = ["prog"]
            [training]
            epochs = 60
            snapshot_interval = 20
            [programs.prog]
            script = "\(script)"
            command = [\(command.map { "\"\($0)\"" }.joined(separator: ", "))]
            timeout_seconds = \(timeout)
            \(extra)
            """
        return try ProgramScripts.resolve(try SweepConfig.load(toml: text), relativeTo: dir)
    }

    static let exampleCommand = [
        "python3", "{script}", "--width", "{width}", "--seed", "{seed}", "--out", "{out}", "--steps", "{epochs}", "--snapshot-every",
        "{snapshot_interval}",
    ]

    @Test("the example program's run is a valid result, the same bytes every time, probed on every topology with the control")
    func validAndDeterministic() throws {
        let dir = try folder("valid")
        let config = try config(script: Self.example, command: Self.exampleCommand, in: dir)
        let runner = ProgramRunner()
        let task = config.tasks[1]
        let a = try runner.run(config.programs[0], task: task, config: config)
        #expect(ResultValidator.problem(with: a, key: task.key, config: config) == nil)
        #expect(a.parameterCount == 3 * 11 * task.width)  // the example's N = 3ph
        #expect(a.snapshotEpochs == [0, 20, 40, 60])
        #expect(a.topologies.map(\.topology) == ["ba", "er"])
        #expect(a.topologies.allSatisfy { $0.control.count == 4 })
        let b = try runner.run(config.programs[0], task: task, config: config)
        #expect(TaskResult.canonicalBytes(a) == TaskResult.canonicalBytes(b))
    }

    @Test("the seed a program receives depends on the sweep's seed and the seed index, not on the width")
    func seeds() throws {
        let config = try config(script: Self.example, command: Self.exampleCommand, in: try folder("seeds"))
        let tasks = config.tasks
        let s = tasks.map { ProgramRunner.programSeed(task: $0, config: config) }
        #expect(Set(tasks.filter { $0.seedIndex == 0 }.map { ProgramRunner.programSeed(task: $0, config: config) }).count == 1)
        #expect(s.contains { $0 != s[0] })
        var other = config
        other.seed = 7
        #expect(ProgramRunner.programSeed(task: tasks[0], config: other) != s[0])
    }

    /// A one-file program behaving badly in a chosen way.
    func misbehaving(_ body: String, name: String, extra: String = "", timeout: Int = 20) throws -> (SweepConfig, ProgramRunner) {
        let dir = try folder(name)
        let script = """
            import json, os, sys, time
            sys.path.insert(0, \(String(reflecting: Self.root.appendingPathComponent("python").path)))
            import numpy as np
            width, out = int(sys.argv[1]), sys.argv[2]
            def manifest(n, steps, sizes=None, loss=1.0):
                run = os.path.join(out, "r")
                os.makedirs(run)
                for i, s in enumerate(steps):
                    np.save(os.path.join(run, "s%d.npy" % s), np.ones((sizes or {}).get(s, n), dtype=np.float32))
                head = {"format": "grokscale-run/1", "run_id": "r", "N": n, "parameters": [{"name": "w", "shape": [n], "size": n}],
                        "snapshots": [{"step": s, "file": "s%d.npy" % s, "loss": loss, "accuracy": 0.5} for s in steps]}
                json.dump(head, open(os.path.join(run, "manifest.json"), "w"))
            \(body)
            """
        try script.write(to: dir.appendingPathComponent("bad.py"), atomically: true, encoding: .utf8)
        return (
            try config(script: "bad.py", command: ["python3", "{script}", "{width}", "{out}"], in: dir, extra: extra, timeout: timeout),
            ProgramRunner()
        )
    }

    func failure(_ body: String, name: String, extra: String = "", timeout: Int = 20) throws -> String {
        let (config, runner) = try misbehaving(body, name: name, extra: extra, timeout: timeout)
        do {
            _ = try runner.run(config.programs[0], task: config.tasks[0], config: config)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("a non-zero exit is an error with its status and the end of its stderr")
    func exitStatus() throws {
        let e = try failure("print('CUDA out of memory in layer 3', file=sys.stderr); sys.exit(3)", name: "exit")
        #expect(e.contains("exited with status 3") && e.contains("CUDA out of memory in layer 3"), "\(e)")
    }

    @Test("a program past its time limit is killed and named as such, with its output")
    func hang() throws {
        let e = try failure("print('epoch 1', flush=True); time.sleep(600)", name: "hang", timeout: 2).replacingOccurrences(of: "\n", with: " ")
        #expect(e.contains("past its time limit of 2 s") && e.contains("epoch 1"), "\(e)")
    }

    @Test(
        "no run, two runs, a field of the wrong size, other steps, a missing loss, a non-finite loss: each named",
        arguments: [
            ("pass", "recorded no run"),
            (
                "manifest(10, [0, 20, 40, 60]); os.makedirs(os.path.join(out, 'x')); json.dump({}, open(os.path.join(out, 'x', 'manifest.json'), 'w'))",
                "recorded 2 runs"
            ),
            ("manifest(10, [0, 20, 40, 60], sizes={40: 11})", "holds 11 values"),
            ("manifest(10, [0, 20, 40])", "the grid's snapshots are [0, 20, 40, 60]"),
            ("manifest(10, [0, 20, 40, 60], loss=None)", "has no loss"),
            ("manifest(10, [0, 20, 40, 60], loss=-1.0)", "not a finite number"),
            ("manifest(1, [0, 20, 40, 60])", "between 2 and"),
        ])
    func malformed(_ body: String, _ phrase: String) throws {
        let e = try failure(body, name: "malformed")
        #expect(e.contains(phrase), "\(e)")
    }

    @Test("a script that changed after the sweep was configured is refused on the worker")
    func changedScript() throws {
        let (config, runner) = try misbehaving("manifest(10, [0, 20, 40, 60])", name: "changed")
        try "print('changed')\n".write(toFile: config.programs[0].script, atomically: true, encoding: .utf8)
        #expect(throws: ProgramScripts.Failure.self) { try runner.run(config.programs[0], task: config.tasks[0], config: config) }
        #expect(throws: (any Error).self) { try ProgramScripts.resolve(config, relativeTo: URL(fileURLWithPath: "/")) }
    }

    @Test("a changed script is a different sweep: its configuration hash changes")
    func scriptHash() throws {
        let dir = try folder("hash")
        try "print(1)\n".write(to: dir.appendingPathComponent("a.py"), atomically: true, encoding: .utf8)
        let text = "widths = [4, 6, 8]\ntasks = [\"prog\"]\n[programs.prog]\nscript = \"a.py\"\ncommand = [\"python3\", \"{script}\", \"{out}\"]\n"
        let first = try ProgramScripts.resolve(try SweepConfig.load(toml: text), relativeTo: dir)
        #expect(first.programs[0].script == dir.appendingPathComponent("a.py").standardizedFileURL.path)
        try "print(2)\n".write(to: dir.appendingPathComponent("a.py"), atomically: true, encoding: .utf8)
        let second = try ProgramScripts.resolve(try SweepConfig.load(toml: text), relativeTo: dir)
        #expect(first.configurationHash != second.configurationHash)
    }

    @Test("a program that requires a GPU fails on a worker that has none, with the reason")
    func gpuRequired() throws {
        let (config, _) = try misbehaving("manifest(10, [0, 20, 40, 60])", name: "gpu", extra: "requires_gpu = true")
        #expect(throws: ProgramRunner.Failure.self) {
            try ProgramRunner(gpuDevice: nil).run(config.programs[0], task: config.tasks[0], config: config)
        }
        let r = try ProgramRunner(gpuDevice: "cuda:0").run(config.programs[0], task: config.tasks[0], config: config)
        #expect(r.parameterCount == 10)
    }

    @Test("GROKSCALE_GPUS states the devices (a fake list for scheduling tests; empty for none)")
    func devices() {
        #expect(GPUDevices.detected(environment: ["GROKSCALE_GPUS": "cuda:0, cuda:1"]) == ["cuda:0", "cuda:1"])
        #expect(GPUDevices.detected(environment: ["GROKSCALE_GPUS": ""]) == [])
    }
}
