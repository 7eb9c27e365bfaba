import Foundation
import Synchronization

/// Why the status server cannot start, in words that say what to do.
public struct StatusServerError: Error, CustomStringConvertible {
    public var description: String
    /// The address is well-formed but cannot be served now (in use, not ours): exit 69, not 64.
    public var unavailable = false
}

/// A minimal, read-only HTTP/1.1 server for the live status page: GET and HEAD only, one short
/// request per connection, on one thread of its own (blocking sockets, 2 s timeouts, so a slow
/// client delays only other page loads, never the coordinator).
///
/// Hand-written rather than a library: the mirror's HTTP servers are SwiftNIO-based (minutes
/// more on every CI build) or async-runtime servers, and this serves three small documents.
public final class StatusServer: Sendable {
    public typealias Handler = @Sendable (_ path: String) -> (status: Int, contentType: String, body: [UInt8])

    private let descriptor: Int32
    /// The port actually bound (useful with port 0).
    public let port: Int
    public let host: String
    private let handler: Handler
    private let stopped = Atomic<Bool>(false)

    /// Binds `address` ("127.0.0.1:8080", "localhost:8080", "0.0.0.0:8080"). Anything but a
    /// loopback address is refused unless `allowNonLoopback` (the page shows worker names and
    /// hosts, and anyone who can reach the port can read it).
    public init(address: String, allowNonLoopback: Bool, handler: @escaping Handler) throws {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (0...65535).contains(port) else {
            throw StatusServerError(description: "--http \(address): expected HOST:PORT, e.g. 127.0.0.1:8080")
        }
        var host = String(address[..<colon])
        if host == "localhost" || host.isEmpty { host = "127.0.0.1" }
        var ip = in_addr()
        guard inet_pton(AF_INET, host, &ip) == 1 else {
            throw StatusServerError(
                description: "--http \(address): \(host) is not an IPv4 address (use 127.0.0.1, or a host's own address with --http-open)")
        }
        let loopback = host.hasPrefix("127.")
        guard loopback || allowNonLoopback else {
            throw StatusServerError(
                description:
                    "--http \(address) is not a loopback address: the status page would be readable by anyone who reaches the port. Add --http-open to serve it there anyway, or use 127.0.0.1 and an ssh tunnel (ssh -L 8080:127.0.0.1:8080 head-node)"
            )
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StatusServerError(description: "cannot create the status server's socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = in_port_t(UInt16(port).bigEndian)
        sa.sin_addr = ip
        let bound = withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw StatusServerError(
                description: "cannot serve the status page on \(address): \(reason)\(errno == EADDRINUSE ? " (choose another port)" : "")",
                unavailable: true)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.descriptor = fd
        self.port = Int(UInt16(bigEndian: sa.sin_port))
        self.host = host
        self.handler = handler
    }

    public var url: String { "http://\(host):\(port)/" }

    /// Serves on a new thread until ``stop()``.
    public func start() {
        let thread = Thread { [self] in serve() }
        thread.name = "grokscale-status-http"
        thread.start()
    }

    public func stop() { stopped.store(true, ordering: .relaxed) }

    private func serve() {
        defer { close(descriptor) }
        while !stopped.load(ordering: .relaxed) {
            var listener = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&listener, 1, 200) > 0 else { continue }
            let client = accept(descriptor, nil, nil)
            guard client >= 0 else { continue }
            answer(client)
            close(client)
        }
    }

    private func answer(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        // The request line and headers only: GET and HEAD have no body worth reading.
        while request.count < 16_384, !request.containsHeaderEnd {
            let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            request += buffer[0..<n]
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self).split(separator: " ")
        let response: [UInt8]
        if line.count < 2 {
            response = Self.response(status: 400, contentType: "text/plain; charset=utf-8", body: Array("bad request\n".utf8), head: false)
        } else if line[0] != "GET" && line[0] != "HEAD" {
            response = Self.response(
                status: 405, contentType: "text/plain; charset=utf-8", body: Array("read-only: GET and HEAD only\n".utf8), head: false,
                extra: "Allow: GET, HEAD\r\n")
        } else {
            let path = String(line[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
            let (status, type, body) = handler(path)
            response = Self.response(status: status, contentType: type, body: body, head: line[0] == "HEAD")
        }
        var sent = 0
        while sent < response.count {
            let n = response.withUnsafeBytes { send(client, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return }
            sent += n
        }
    }

    static func response(status: Int, contentType: String, body: [UInt8], head: Bool, extra: String = "") -> [UInt8] {
        let reason = [200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"][status] ?? "Error"
        let header =
            "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nCache-Control: no-store\r\nConnection: close\r\n\(extra)\r\n"
        return Array(header.utf8) + (head ? [] : body)
    }
}

extension Array where Element == UInt8 {
    var containsHeaderEnd: Bool {
        guard count >= 4 else { return false }
        for i in 0...(count - 4) where self[i] == 13 && self[i + 1] == 10 && self[i + 2] == 13 && self[i + 3] == 10 { return true }
        return false
    }
}
