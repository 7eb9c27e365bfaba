import Foundation

/// What a worker's programs would run with — the Python interpreter and the versions of the
/// packages a training program uses, and the worker's GPUs — announced in READY so that a
/// program sweep's execution.json says, per worker, which software computed its results.
/// Read with importlib.metadata (no package is imported: probing torch must not cost seconds).
public enum ProgramEnvironment {
    static let script = """
        import json, platform, sys
        from importlib import metadata
        out = {"python": platform.python_version(), "python_executable": sys.executable}
        for name in ("numpy", "torch", "jax", "jaxlib", "grokscale"):
            try:
                out[name] = metadata.version(name)
            except Exception:
                pass
        print(json.dumps(out, sort_keys=True))
        """

    /// The environment of `python3` on PATH, with `devices` as "gpus"; nil when there is no
    /// python3 (or it does not answer within 10 s).
    public static func probe(devices: [String], python: String = "python3") -> [String: String]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate(); return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        guard process.terminationStatus == 0,
            var values = (try? JSONSerialization.jsonObject(with: data)) as? [String: String]
        else { return nil }
        values["gpus"] = devices.isEmpty ? "none" : devices.joined(separator: ",")
        return values
    }
}
