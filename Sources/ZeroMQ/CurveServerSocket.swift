/// Makes a ROUTER socket a CURVE server that admits only listed client keys: one ZAP handler
/// for the context, refusing non-CURVE peers and unknown keys with a logged line. The
/// coordinator and `grokscale serve` both set up their sockets through it.
public enum CurveServerSocket {
    /// Starts the ZAP handler (keep it alive while `socket` is open; ``ZAPHandler/stop()`` it
    /// after closing) and sets the server options. Call before `bind`. The ZAP user id of an
    /// admitted peer is its Z85 public key (the "User-Id" property of its messages).
    public static func enable(
        _ socket: ZMQSocket, context: ZMQContext, secretKey: String, authorizedKeys: Set<String>, domain: String,
        warn: @escaping @Sendable (String) -> Void
    ) throws -> ZAPHandler {
        let zap = try ZAPHandler(context: context, log: { warn("ZAP: \($0)") }) { request in
            guard request.mechanism == "CURVE", let key = request.curvePublicKey else {
                warn("refused a \(request.mechanism) connection from \(request.address): CURVE is required")
                return .deny(reason: "CURVE required")
            }
            guard authorizedKeys.contains(key) else {
                warn("refused an unknown CURVE key \(key) from \(request.address)")
                return .deny(reason: "unknown key")
            }
            return .allow(userID: key)
        }
        do {
            try socket.set([.curveServer(true), .curveSecretKey(secretKey), .zapDomain(domain)])
        } catch {
            _ = zap.stop()
            throw error
        }
        return zap
    }
}
