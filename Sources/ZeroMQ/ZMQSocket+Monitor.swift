import CZeroMQ

#if canImport(Glibc)
    import Glibc
#endif

/// Handshake failures a server socket can report through `zmq_socket_monitor`. libzmq tells the
/// application nothing else about a peer it turns away (a CURVE server never sees a plain-text
/// client's messages), so this is how a coordinator can log them.
public struct HandshakeFailure: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The peer broke the protocol, e.g. a plain-text (NULL) client at a CURVE server.
        case protocolError
        /// Authentication refused the peer (ZAP said no).
        case authentication
        /// Any other handshake failure.
        case other
    }
    public var kind: Kind
    /// libzmq's detail code (a ZMQ_PROTOCOL_ERROR_* value, a ZAP status code or an errno).
    public var code: UInt32
    /// The socket's own endpoint the connection came in on.
    public var endpoint: String
}

extension ZMQSocket {
    /// Starts publishing this socket's handshake failures on `inproc://<name>` and returns a
    /// PAIR socket connected to it; read events from it with `handshakeFailure(from:)`.
    public func monitorHandshakeFailures(context: ZMQContext, name: String) throws -> ZMQSocket {
        let h = try open("zmq_socket_monitor")
        let endpoint = "inproc://\(name)"
        let events = ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
        guard zmq_socket_monitor(h, endpoint, Int32(events)) == 0 else { throw ZMQError.last("zmq_socket_monitor(\(endpoint))") }
        let pair = try ZMQSocket(context: context, type: .pair)
        try pair.set(.linger(milliseconds: 0))
        try pair.connect(endpoint)
        return pair
    }

    /// Decodes one monitor event (two frames: 16-bit event and 32-bit value, then the endpoint).
    public static func handshakeFailure(from frames: [[UInt8]]) -> HandshakeFailure? {
        guard frames.count >= 2, frames[0].count >= 6 else { return nil }
        let event = UInt32(frames[0][0]) | UInt32(frames[0][1]) << 8
        let value = frames[0][2..<6].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        let kind: HandshakeFailure.Kind
        switch Int32(event) {
        case Int32(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL): kind = .protocolError
        case Int32(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH): kind = .authentication
        default: kind = .other
        }
        return HandshakeFailure(kind: kind, code: value, endpoint: String(decoding: frames[1], as: UTF8.self))
    }
}
