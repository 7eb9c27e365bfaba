import Foundation
import Testing

/// Linux network namespaces as stand-in hosts: one "coordinator" namespace joined to each worker
/// namespace by its own veth link, in the private 10.231.k.0/24 nets that exist only inside these
/// namespaces (the traffic never reaches the real network). Needs root and iproute2.
final class NetworkNamespaces {
    let prefix: String
    let coordinator: String
    let workers: [String]
    private(set) var created: [String] = []

    /// The coordinator's address as worker `k` (0-based) sees it.
    func coordinatorAddress(forWorker k: Int) -> String { "10.231.\(k + 1).1" }
    /// The worker end of worker `k`'s link, inside its namespace.
    func workerLink(_ k: Int) -> String { "\(prefix)w\(k + 1)" }

    init(workers count: Int) throws {
        // Short names: interface names are limited to 15 characters.
        let prefix = "gs\(String(UInt32.random(in: 0...UInt32.max), radix: 36).prefix(5))"
        self.prefix = prefix
        coordinator = "\(prefix)-c"
        workers = (1...count).map { "\(prefix)-w\($0)" }
        do {
            try build()
        } catch {
            tearDown()
            throw error
        }
    }

    private func build() throws {
        for ns in [coordinator] + workers {
            try Self.ip(["netns", "add", ns])
            created.append(ns)
            try Self.ip(["-n", ns, "link", "set", "lo", "up"])
        }
        for (k, ns) in workers.enumerated() {
            let hub = "\(prefix)c\(k + 1)", leaf = workerLink(k)
            try Self.ip(["link", "add", hub, "netns", coordinator, "type", "veth", "peer", "name", leaf, "netns", ns])
            try Self.ip(["-n", coordinator, "addr", "add", "\(coordinatorAddress(forWorker: k))/24", "dev", hub])
            try Self.ip(["-n", ns, "addr", "add", "10.231.\(k + 1).2/24", "dev", leaf])
            try Self.ip(["-n", coordinator, "link", "set", hub, "up"])
            try Self.ip(["-n", ns, "link", "set", leaf, "up"])
        }
    }

    /// Takes worker `k`'s link down (true) or up (false), from inside its namespace.
    func setLink(worker k: Int, down: Bool) throws {
        try Self.ip(["-n", workers[k], "link", "set", workerLink(k), down ? "down" : "up"])
    }

    /// Runs the grokscale binary inside namespace `ns`.
    func launcher(_ ns: String) -> [String] { [Self.ipPath, "netns", "exec", ns] }

    /// Deletes every namespace made (their veth ends go with them). Safe to call twice.
    func tearDown() {
        for ns in created.reversed() { _ = try? Self.ip(["netns", "delete", ns]) }
        created = []
    }

    deinit { tearDown() }

    static let ipPath =
        ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/ip"

    struct CommandFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `ip` with `arguments`; throws with its output when it fails.
    @discardableResult
    static func ip(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ipPath)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            throw CommandFailed(description: "cannot run \(ipPath) (install iproute2): \(error)")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailed(description: "`ip \(arguments.joined(separator: " "))` failed (status \(process.terminationStatus)): \(output)")
        }
        return output
    }
}
