import Foundation
import GrokTestSupport
import Testing

/// Runs the real `grokscale` binary as child processes for end-to-end tests.
enum Harness {
    /// The binary under test: $GROKSCALE_BINARY, else the newest build in this checkout.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["GROKSCALE_BINARY"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = ["release", "debug"].map { root.appendingPathComponent(".build/\($0)/grokscale") }
            .filter { FileManager.default.isExecutableFile(atPath: $0.path) }
        let newest = candidates.max { modified($0) < modified($1) }
        return newest ?? candidates.first ?? root.appendingPathComponent(".build/debug/grokscale")
    }()

    static func modified(_ url: URL) -> Date {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
    }

    static func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("grokscale-test-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A free TCP port on 127.0.0.1 (bound, read, released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The small grid of these tests: 3 widths × `seeds` seeds × 2 topologies, fast heartbeats.
    static func writeConfig(in folder: URL, seeds: Int = 2, extra: String = "") throws -> URL {
        let url = folder.appendingPathComponent("sweep.toml")
        try """
        \(TestGrids.smallTOML.replacingOccurrences(of: "seeds = 2", with: "seeds = \(seeds)"))
        [network]
        heartbeat_interval_ms = 200
        heartbeat_liveness = 3
        \(extra)
        """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The in-process report of a configuration: the reference every distributed run must match.
    static func inProcessReport(config: URL, folder: URL) throws -> String {
        let out = folder.appendingPathComponent("in-process")
        let child = try Child(
            ["run", "--in-process", "--quiet", "--config", config.path, "--out", out.path], log: folder.appendingPathComponent("in-process.log"))
        let status = child.wait(timeout: 120)
        #expect(status == 0, "in-process run: \(child.logText)")
        return try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
    }
}

/// A child process with its output in a log file.
final class Child {
    let process = Process()
    let log: URL

    /// `launcher`: a command that runs the binary, e.g. ["/usr/sbin/ip", "netns", "exec", "ns1"]
    /// (it must exec the binary so that signals reach it).
    init(_ arguments: [String], log: URL, launcher: [String] = [], environment extra: [String: String] = [:]) throws {
        self.log = log
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        if let command = launcher.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = Array(launcher.dropFirst()) + [Harness.binary.path] + arguments
        } else {
            process.executableURL = Harness.binary
            process.arguments = arguments
        }
        process.standardOutput = handle
        process.standardError = handle
        var environment = ProcessInfo.processInfo.environment
        environment["GROKSCALE_GIT_COMMIT"] = "test"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        try process.run()
    }

    var isRunning: Bool { process.isRunning }
    var pid: Int32 { process.processIdentifier }
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    func signal(_ sig: Int32) { if process.isRunning { kill(process.processIdentifier, sig) } }

    /// Exit status, or nil if still running after `timeout` seconds (then it is killed).
    @discardableResult
    func wait(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// Waits until `condition` holds, checking every 20 ms, for at most `timeout` seconds.
func eventually(timeout: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
