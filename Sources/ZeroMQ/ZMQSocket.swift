import CZeroMQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One libzmq socket that moves whole multipart messages as `[[UInt8]]`.
///
/// NOT thread-safe and deliberately not `Sendable`: create it on the thread that will use it (a
/// dedicated Foundation `Thread` for anything that blocks) and use it only there. To stop a thread
/// blocked in `receive`, call `terminate()` on the shared `ZMQContext`: the call throws `ETERM`.
///
/// Sockets start with `linger` 0 (unsent messages are dropped on close), so closing and context
/// teardown never wait on an unreachable peer; set `.linger` to keep them longer.
public final class ZMQSocket {
    /// The libzmq socket type.
    public let type: SocketType
    private var handle: UnsafeMutableRawPointer?
    private let context: ZMQContext  // keeps the context alive until this socket is gone

    public init(context: ZMQContext, type: SocketType) throws {
        guard let h = zmq_socket(context.handle, type.raw) else {
            throw ZMQError.last("zmq_socket(\(type))")
        }
        var zero: Int32 = 0
        zmq_setsockopt(h, ZMQ_LINGER, &zero, MemoryLayout<Int32>.size)
        self.handle = h
        self.type = type
        self.context = context
    }

    deinit { close() }

    /// Closes the socket (`zmq_close`); later calls throw `ENOTSOCK`. Idempotent.
    public func close() {
        guard let h = handle else { return }
        handle = nil
        zmq_close(h)
    }

    /// True until `close()`.
    public var isOpen: Bool { handle != nil }

    func open(_ operation: @autoclosure () -> String) throws -> UnsafeMutableRawPointer {
        guard let h = handle else { throw ZMQError(code: ENOTSOCK, operation: operation() + " on a closed socket") }
        return h
    }

    // MARK: Endpoints

    /// Binds, e.g. `tcp://127.0.0.1:*` (ephemeral port; read it back with `lastEndpoint`), `ipc:///path`, `inproc://name`.
    public func bind(_ endpoint: String) throws {
        let h = try open("zmq_bind(\(endpoint))")
        guard zmq_bind(h, endpoint) == 0 else { throw ZMQError.last("zmq_bind(\(endpoint))") }
    }

    /// Stops listening on an endpoint bound earlier (use the resolved `lastEndpoint` for wildcards).
    public func unbind(_ endpoint: String) throws {
        let h = try open("zmq_unbind(\(endpoint))")
        guard zmq_unbind(h, endpoint) == 0 else { throw ZMQError.last("zmq_unbind(\(endpoint))") }
    }

    /// Connects; returns at once, libzmq connects and reconnects in the background.
    public func connect(_ endpoint: String) throws {
        let h = try open("zmq_connect(\(endpoint))")
        guard zmq_connect(h, endpoint) == 0 else { throw ZMQError.last("zmq_connect(\(endpoint))") }
    }

    /// Drops a connection made with `connect`, discarding messages queued for it.
    public func disconnect(_ endpoint: String) throws {
        let h = try open("zmq_disconnect(\(endpoint))")
        guard zmq_disconnect(h, endpoint) == 0 else { throw ZMQError.last("zmq_disconnect(\(endpoint))") }
    }

    /// The endpoint last bound or connected, resolved (ZMQ_LAST_ENDPOINT), e.g. `tcp://127.0.0.1:41234`.
    public var lastEndpoint: String {
        get throws { String(decoding: try bytesOption(ZMQ_LAST_ENDPOINT, "ZMQ_LAST_ENDPOINT", capacity: 1024).prefix { $0 != 0 }, as: UTF8.self) }
    }

    // MARK: Messages

    /// Sends one multipart message; every frame but the last carries SNDMORE. Empty frames are
    /// allowed (the ROUTER/DEALER delimiter). libzmq delivers a multipart message whole or not at all.
    ///
    /// Throws `EAGAIN` when `dontWait` is set and the message cannot be queued now, or when the send
    /// timeout elapses; `EHOSTUNREACH` on a mandatory ROUTER for an unknown routing id; `ETERM` after
    /// the context was terminated. An empty `frames` array sends nothing.
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws {
        let h = try open("zmq_send")
        var dummy: UInt8 = 0  // a valid pointer for empty frames
        for index in frames.indices {
            var flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
            if index != frames.count - 1 { flags |= ZMQ_SNDMORE }
            while true {
                let rc =
                    frames[index].isEmpty
                    ? withUnsafeBytes(of: &dummy) { zmq_send(h, $0.baseAddress, 0, flags) }
                    : frames[index].withUnsafeBytes { zmq_send(h, $0.baseAddress, $0.count, flags) }
                if rc >= 0 { break }
                let code = zmq_errno()
                // Once the first frame is in, libzmq accepts the rest; only a signal can interrupt them.
                if index > 0 && code == EINTR { continue }
                throw ZMQError(code: code, operation: "zmq_send(frame \(index + 1) of \(frames.count))")
            }
        }
    }

    /// Receives one whole multipart message, or nil when none arrived: `dontWait` and the queue is
    /// empty, or the receive timeout elapsed. Throws `EINTR` (signal), `ETERM` (context terminated).
    public func receive(dontWait: Bool = false) throws -> [[UInt8]]? {
        let h = try open("zmq_msg_recv")
        var frames: [[UInt8]] = []
        frames.reserveCapacity(4)  // typical envelope: routing id, delimiter, one or two payload frames
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            let flags: Int32 = frames.isEmpty && dontWait ? ZMQ_DONTWAIT : 0
            if zmq_msg_recv(&message, h, flags) < 0 {
                let code = zmq_errno()
                if frames.isEmpty && code == EAGAIN { return nil }
                // The remaining parts are already queued (atomic delivery); retry a signal.
                if !frames.isEmpty && code == EINTR { continue }
                throw ZMQError(code: code, operation: "zmq_msg_recv(frame \(frames.count + 1))")
            }
            let size = zmq_msg_size(&message)
            if size == 0 {
                frames.append([])
            } else {
                let data = UnsafeRawBufferPointer(start: zmq_msg_data(&message), count: size)
                frames.append(Array(data))
            }
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    // MARK: Options

    /// Sets a socket option; throws `EINVAL` with the option's name when libzmq rejects the value.
    public func set(_ option: SocketOption) throws {
        let h = try open("zmq_setsockopt(\(option.name))")
        let rc: Int32
        switch try option.raw() {
        case .int(let name, var value):
            rc = zmq_setsockopt(h, name, &value, MemoryLayout<Int32>.size)
        case .int64(let name, var value):
            rc = zmq_setsockopt(h, name, &value, MemoryLayout<Int64>.size)
        case .bytes(let name, let value):
            rc = value.withUnsafeBytes { zmq_setsockopt(h, name, $0.baseAddress, $0.count) }
        }
        guard rc == 0 else { throw ZMQError.last("zmq_setsockopt(\(option.name))") }
    }

    /// Sets several options in order.
    public func set(_ options: [SocketOption]) throws {
        for option in options { try set(option) }
    }

    /// ZMQ_LINGER in milliseconds.
    public var linger: Int { get throws { Int(try intOption(ZMQ_LINGER, "ZMQ_LINGER")) } }
    /// ZMQ_SNDTIMEO in milliseconds (-1 = block).
    public var sendTimeout: Int { get throws { Int(try intOption(ZMQ_SNDTIMEO, "ZMQ_SNDTIMEO")) } }
    /// ZMQ_RCVTIMEO in milliseconds (-1 = block).
    public var receiveTimeout: Int { get throws { Int(try intOption(ZMQ_RCVTIMEO, "ZMQ_RCVTIMEO")) } }
    /// ZMQ_SNDHWM.
    public var sendHighWaterMark: Int { get throws { Int(try intOption(ZMQ_SNDHWM, "ZMQ_SNDHWM")) } }
    /// ZMQ_RCVHWM.
    public var receiveHighWaterMark: Int { get throws { Int(try intOption(ZMQ_RCVHWM, "ZMQ_RCVHWM")) } }
    /// ZMQ_ROUTING_ID (empty when unset).
    public var routingID: [UInt8] { get throws { try bytesOption(ZMQ_ROUTING_ID, "ZMQ_ROUTING_ID", capacity: 256) } }

    private func intOption(_ name: Int32, _ label: String) throws -> Int32 {
        let h = try open("zmq_getsockopt(\(label))")
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(h, name, &value, &size) == 0 else { throw ZMQError.last("zmq_getsockopt(\(label))") }
        return value
    }

    private func bytesOption(_ name: Int32, _ label: String, capacity: Int) throws -> [UInt8] {
        let h = try open("zmq_getsockopt(\(label))")
        var buffer = [UInt8](repeating: 0, count: capacity)
        var size = capacity
        guard zmq_getsockopt(h, name, &buffer, &size) == 0 else { throw ZMQError.last("zmq_getsockopt(\(label))") }
        return Array(buffer.prefix(size))
    }

    /// The raw handle for `zmq_poll`; nil once closed.
    var pollHandle: UnsafeMutableRawPointer? { handle }
}
