import CZeroMQ

/// A typed socket option for `ZMQSocket.set(_:)`. Times are milliseconds; -1 means "forever" where
/// libzmq allows it. Most options affect only later `bind`/`connect` calls: set them first.
public enum SocketOption: Sendable, Equatable {
    /// How long `close` keeps unsent messages (ZMQ_LINGER). Sockets here start at 0; -1 = forever.
    case linger(milliseconds: Int)
    /// A blocking send fails with `EAGAIN` after this long (ZMQ_SNDTIMEO); -1 = block.
    case sendTimeout(milliseconds: Int)
    /// A blocking receive returns nil after this long (ZMQ_RCVTIMEO); -1 = block.
    case receiveTimeout(milliseconds: Int)
    /// Queued outbound messages per peer before sends block or drop (ZMQ_SNDHWM, default 1000; 0 = none).
    case sendHighWaterMark(Int)
    /// Queued inbound messages per peer (ZMQ_RCVHWM, default 1000; 0 = none).
    case receiveHighWaterMark(Int)
    /// This socket's routing id as seen by a ROUTER peer (ZMQ_ROUTING_ID): 1–255 bytes, not starting with 0.
    case routingID([UInt8])
    /// ROUTER: a send to an unknown routing id throws `EHOSTUNREACH` instead of dropping (ZMQ_ROUTER_MANDATORY).
    case routerMandatory(Bool)
    /// ROUTER: a new connection with a routing id in use takes it over (ZMQ_ROUTER_HANDOVER).
    case routerHandover(Bool)
    /// Queue messages only to completed connections (ZMQ_IMMEDIATE).
    case immediate(Bool)
    /// First reconnect delay (ZMQ_RECONNECT_IVL, default 100; -1 = never reconnect).
    case reconnectInterval(milliseconds: Int)
    /// Cap of the exponential reconnect back-off (ZMQ_RECONNECT_IVL_MAX; 0 = no back-off).
    case reconnectIntervalMax(milliseconds: Int)
    /// Send a ZMTP PING this often (ZMQ_HEARTBEAT_IVL; 0 = off). Only drops dead connections;
    /// the application is not told, so application-level heartbeats are still needed.
    case heartbeatInterval(milliseconds: Int)
    /// Drop the connection when no traffic arrives this long after a PING (ZMQ_HEARTBEAT_TIMEOUT).
    case heartbeatTimeout(milliseconds: Int)
    /// Ask the peer to drop us after this long without traffic (ZMQ_HEARTBEAT_TTL; 100 ms steps).
    case heartbeatTTL(milliseconds: Int)
    /// OS-level TCP keepalive (ZMQ_TCP_KEEPALIVE); nil leaves the OS default.
    case tcpKeepalive(Bool?)
    /// Allow IPv6 as well as IPv4 (ZMQ_IPV6).
    case ipv6(Bool)
    /// Drop peers that send a message larger than this many bytes (ZMQ_MAXMSGSIZE; -1 = no limit).
    case maxMessageSize(Int)
    /// Fail a connection whose security handshake takes longer (ZMQ_HANDSHAKE_IVL, default 30000; 0 = never).
    case handshakeInterval(milliseconds: Int)
    /// Act as CURVE server (ZMQ_CURVE_SERVER); the server also needs `curveSecretKey`.
    case curveServer(Bool)
    /// This socket's CURVE public key, Z85 (ZMQ_CURVE_PUBLICKEY); clients need it.
    case curvePublicKey(String)
    /// This socket's CURVE secret key, Z85 (ZMQ_CURVE_SECRETKEY).
    case curveSecretKey(String)
    /// The server's public key, Z85, set on a client (ZMQ_CURVE_SERVERKEY); it makes the socket a CURVE client.
    case curveServerKey(String)
    /// The ZAP domain sent with authentication requests (ZMQ_ZAP_DOMAIN).
    case zapDomain(String)
    /// SUB: receive messages starting with this prefix (ZMQ_SUBSCRIBE; empty = all).
    case subscribe([UInt8])
    /// SUB: remove a subscription (ZMQ_UNSUBSCRIBE).
    case unsubscribe([UInt8])

    /// The libzmq option number and value.
    enum Raw {
        case int(Int32, Int32)
        case int64(Int32, Int64)
        case bytes(Int32, [UInt8])
    }

    func raw() throws -> Raw {
        func int(_ name: Int32, _ value: Int) -> Raw { .int(name, Int32(clamping: value)) }
        func flag(_ name: Int32, _ value: Bool) -> Raw { .int(name, value ? 1 : 0) }
        switch self {
        case .linger(let ms): return int(ZMQ_LINGER, ms)
        case .sendTimeout(let ms): return int(ZMQ_SNDTIMEO, ms)
        case .receiveTimeout(let ms): return int(ZMQ_RCVTIMEO, ms)
        case .sendHighWaterMark(let n): return int(ZMQ_SNDHWM, n)
        case .receiveHighWaterMark(let n): return int(ZMQ_RCVHWM, n)
        case .routingID(let id): return .bytes(ZMQ_ROUTING_ID, id)
        case .routerMandatory(let on): return flag(ZMQ_ROUTER_MANDATORY, on)
        case .routerHandover(let on): return flag(ZMQ_ROUTER_HANDOVER, on)
        case .immediate(let on): return flag(ZMQ_IMMEDIATE, on)
        case .reconnectInterval(let ms): return int(ZMQ_RECONNECT_IVL, ms)
        case .reconnectIntervalMax(let ms): return int(ZMQ_RECONNECT_IVL_MAX, ms)
        case .heartbeatInterval(let ms): return int(ZMQ_HEARTBEAT_IVL, ms)
        case .heartbeatTimeout(let ms): return int(ZMQ_HEARTBEAT_TIMEOUT, ms)
        case .heartbeatTTL(let ms): return int(ZMQ_HEARTBEAT_TTL, ms)
        case .tcpKeepalive(let on): return .int(ZMQ_TCP_KEEPALIVE, on.map { $0 ? 1 : 0 } ?? -1)
        case .ipv6(let on): return flag(ZMQ_IPV6, on)
        case .maxMessageSize(let n): return .int64(ZMQ_MAXMSGSIZE, Int64(n))
        case .handshakeInterval(let ms): return int(ZMQ_HANDSHAKE_IVL, ms)
        case .curveServer(let on): return flag(ZMQ_CURVE_SERVER, on)
        case .curvePublicKey(let key): return .bytes(ZMQ_CURVE_PUBLICKEY, try Curve.keyBytes(key, role: "public key"))
        case .curveSecretKey(let key): return .bytes(ZMQ_CURVE_SECRETKEY, try Curve.keyBytes(key, role: "secret key"))
        case .curveServerKey(let key): return .bytes(ZMQ_CURVE_SERVERKEY, try Curve.keyBytes(key, role: "server key"))
        case .zapDomain(let domain): return .bytes(ZMQ_ZAP_DOMAIN, Array(domain.utf8))
        case .subscribe(let prefix): return .bytes(ZMQ_SUBSCRIBE, prefix)
        case .unsubscribe(let prefix): return .bytes(ZMQ_UNSUBSCRIBE, prefix)
        }
    }

    /// The option's name for error messages, e.g. `routerMandatory`.
    var name: String {
        let text = String(describing: self)
        return String(text.prefix { $0 != "(" })
    }
}
