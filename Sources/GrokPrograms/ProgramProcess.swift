import Foundation

/// One run of a program: argv in a working folder, stdout and stderr to files there, killed
/// when it outlives its time limit. Foundation's `Process` rather than swift-subprocess: the
/// worker runs each task on its own plain thread and needs a blocking wait with a deadline,
/// which `Process` gives without bringing an async runtime into the worker.
struct ProgramProcess {
    struct Outcome {
        /// Exit status, or the signal that ended it (``signalled``).
        var status: Int32
        var signalled: Bool
        var timedOut: Bool
        var seconds: Double
        /// The end of what it wrote to stderr (then stdout when stderr is empty).
        var outputTail: String
    }

    var argv: [String]
    var environment: [String: String]
    var folder: URL
    var timeoutSeconds: Double

    /// Runs to completion or the time limit. Throws only when the program cannot be started.
    func run() throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        process.environment = environment
        process.currentDirectoryURL = folder
        let stdoutURL = folder.appendingPathComponent("stdout.txt"), stderrURL = folder.appendingPathComponent("stderr.txt")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: stdoutURL), err = try FileHandle(forWritingTo: stderrURL)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let started = ContinuousClock.now
        try process.run()
        let deadline = started + .milliseconds(Int64(timeoutSeconds * 1000))
        var timedOut = false
        var pause = 5
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                timedOut = true
                process.terminate()  // SIGTERM: a Python program can still flush and exit
                let grace = ContinuousClock.now + .seconds(3)
                while process.isRunning && ContinuousClock.now < grace { usleep(20_000) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            usleep(UInt32(pause) * 1000)
            pause = min(pause * 2, 100)
        }
        process.waitUntilExit()
        let seconds = (ContinuousClock.now - started).seconds
        var tail = Self.tail(of: stderrURL)
        if tail.isEmpty { tail = Self.tail(of: stdoutURL) }
        return Outcome(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut, seconds: seconds, outputTail: tail)
    }

    /// The last ≤ 12 lines and ≤ 1,200 characters of a file: enough to name the error, short
    /// enough for a FAILURE message and the journal.
    static func tail(of url: URL) -> String {
        guard let data = try? Data(contentsOf: url), !data.isEmpty else { return "" }
        let text = String(decoding: data.suffix(8192), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).suffix(12)
        let joined = lines.joined(separator: "\n")
        return joined.count > 1200 ? "…" + String(joined.suffix(1200)) : joined
    }
}
