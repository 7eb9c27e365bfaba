import Foundation
import Testing

/// A pyzmq peer from Peers/peer.py (PROTOCOL.md's third-party worker), run with `python3`.
final class PythonPeer {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers/peer.py")
    let process = Process()
    let log: URL
    let output: URL

    init(_ arguments: [String], folder: URL, name: String) throws {
        log = folder.appendingPathComponent("\(name).log")
        output = folder.appendingPathComponent("\(name).json")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        FileManager.default.createFile(atPath: output.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", PythonPeer.script.path] + arguments
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
    }

    /// Exit status, or nil after `timeout` seconds (then it is killed).
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

    /// The JSON line the peer printed when it ended.
    var report: [String: Any] {
        guard let data = try? Data(contentsOf: output), let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { return [:] }
        return object
    }

    var stderrText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
