import Foundation

/// Runs the grokscale binary to completion with standard output and standard error apart (the
/// conventions tests check what goes where).
struct CapturedRun {
    var status: Int32
    var stdout: String
    var stderr: String

    static func run(
        _ arguments: [String], launcher: [String] = [], environment extra: [String: String] = [:], timeout: Double = 120
    ) throws -> CapturedRun {
        let folder = try Harness.temporaryFolder("captured")
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        if let command = launcher.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = Array(launcher.dropFirst()) + [Harness.binary.path] + arguments
        } else {
            process.executableURL = Harness.binary
            process.arguments = arguments
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        var environment = ProcessInfo.processInfo.environment
        environment["SLURM_CPUS_PER_TASK"] = nil
        for (k, v) in extra { environment[k] = v }
        process.environment = environment
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        defer { try? FileManager.default.removeItem(at: folder) }
        return CapturedRun(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// Standard output as one JSON object (nil if it is anything else).
    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
    }
}
