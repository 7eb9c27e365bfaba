import CZeroMQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Readiness conditions for `ZMQPoller`.
public struct PollEvents: OptionSet, Sendable, Hashable {
    public let rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }
    /// At least one whole message can be received without blocking (ZMQ_POLLIN).
    public static let readable = PollEvents(rawValue: Int16(ZMQ_POLLIN))
    /// At least one message can be sent without blocking (ZMQ_POLLOUT).
    public static let writable = PollEvents(rawValue: Int16(ZMQ_POLLOUT))
}

/// Waits on several sockets at once (`zmq_poll`). Like its sockets, use it on one thread only.
///
/// Usage: `var poller = ZMQPoller(); let w = poller.add(workers); let c = poller.add(control)`,
/// then `let ready = try poller.poll(timeoutMilliseconds: 250)` and test `ready[w].contains(.readable)`.
public struct ZMQPoller {
    private var sockets: [ZMQSocket] = []
    private var items: [zmq_pollitem_t] = []

    public init() {}

    /// Adds a socket to watch for `events`; returns its index in `poll`'s result.
    @discardableResult
    public mutating func add(_ socket: ZMQSocket, events: PollEvents = .readable) -> Int {
        sockets.append(socket)
        items.append(zmq_pollitem_t(socket: nil, fd: 0, events: events.rawValue, revents: 0))
        return sockets.count - 1
    }

    /// The number of sockets added.
    public var count: Int { sockets.count }

    /// Waits until at least one socket is ready or the timeout elapses (-1 = forever, 0 = just look),
    /// and returns each socket's ready events in the order added (all empty on timeout). Throws
    /// `ETERM` once the context is terminated, `EINTR` on a signal, `ENOTSOCK` if a socket was closed.
    public func poll(timeoutMilliseconds: Int) throws -> [PollEvents] {
        var items = self.items
        for index in sockets.indices {
            guard let h = sockets[index].pollHandle else {
                throw ZMQError(code: ENOTSOCK, operation: "zmq_poll(item \(index) is a closed socket)")
            }
            items[index].socket = h
            items[index].revents = 0
        }
        let rc = items.withUnsafeMutableBufferPointer {
            zmq_poll($0.baseAddress, Int32($0.count), timeoutMilliseconds)
        }
        guard rc >= 0 else { throw ZMQError.last("zmq_poll(\(items.count) items, \(timeoutMilliseconds) ms)") }
        return items.map { PollEvents(rawValue: $0.revents).intersection([.readable, .writable]) }
    }
}
