import Foundation
import GrokCluster

/// Peak memory measured in a child process: the test binary runs one workload test alone, so
/// its high-water mark counts that workload only, not the other suites running in parallel in
/// the parent. The workload test is enabled only in the child (``isChild``) and ends with
/// ``report()``; the parent's test calls ``run(workload:)`` and checks the figure.
public enum ChildProcessMemory {
    static let variable = "GROKSCALE_MEMORY_CHILD_OUT"

    /// True inside the child process started by ``run(workload:)``.
    public static var isChild: Bool { ProcessInfo.processInfo.environment[variable] != nil }

    /// In the child: records the process's peak RSS for the parent.
    public static func report() {
        guard let path = ProcessInfo.processInfo.environment[variable] else { return }
        try? String(PeakMemory.megabytes()).write(toFile: path, atomically: true, encoding: .utf8)
    }

    public struct Measurement: Sendable {
        /// Peak RSS of the child in MB (nil: the workload did not reach ``report()``).
        public var peakMegabytes: Double?
        public var exitStatus: Int32
        /// The child's output (its test log), for a failure message.
        public var output: String
    }

    /// Runs the test whose identifier matches `workload` (a swift-testing filter, e.g.
    /// "ManyRunsMemoryTests/workload") in a fresh process of this test binary.
    public static func run(workload: String) throws -> Measurement {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-memory-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["--testing-library", "swift-testing", "--filter", workload]
        var environment = ProcessInfo.processInfo.environment
        environment[variable] = out.path
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let peak = (try? String(contentsOf: out, encoding: .utf8)).flatMap { Double($0) }
        return Measurement(peakMegabytes: peak, exitStatus: process.terminationStatus, output: output)
    }
}
