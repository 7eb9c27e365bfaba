/// One ZAP authentication request (RFC 27/ZAP), as libzmq sends it for a connecting peer.
///
/// Frames after the REP envelope: version "1.0", request id, domain, address, identity (routing id),
/// mechanism ("NULL", "PLAIN", "CURVE"), then the mechanism's credentials (CURVE: the client's
/// 32-byte long-term public key; PLAIN: user name and password; NULL: none).
public struct ZAPRequest: Sendable, Equatable {
    /// The protocol version; always "1.0" here (other versions are refused as malformed).
    public let version: String
    /// Opaque id that the reply must echo.
    public let requestID: [UInt8]
    /// The server socket's ZAP domain (`SocketOption.zapDomain`); may be empty.
    public let domain: String
    /// The peer's address, e.g. "127.0.0.1" for tcp.
    public let address: String
    /// The routing id the server socket was given (the RFC's "identity" frame); often empty.
    public let identity: [UInt8]
    /// "NULL", "PLAIN" or "CURVE".
    public let mechanism: String
    /// The mechanism's credential frames.
    public let credentials: [[UInt8]]

    /// For CURVE, the client's long-term public key in Z85 (40 characters); else nil.
    public var curvePublicKey: String? {
        guard mechanism == "CURVE", credentials.count == 1, credentials[0].count == 32 else { return nil }
        return try? Curve.z85Encode(credentials[0])
    }

    /// Parses the frames of a request; throws a `MalformedZAPRequest` naming what is wrong.
    init(frames: [[UInt8]]) throws(MalformedZAPRequest) {
        guard frames.count >= 6 else { throw MalformedZAPRequest("expected at least 6 frames, got \(frames.count)") }
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        version = text(frames[0])
        guard version == "1.0" else { throw MalformedZAPRequest("unsupported version \"\(version.prefix(16))\"") }
        requestID = frames[1]
        domain = text(frames[2])
        address = text(frames[3])
        identity = frames[4]
        mechanism = text(frames[5])
        credentials = Array(frames[6...])
        switch mechanism {
        case "NULL":
            guard credentials.isEmpty else { throw MalformedZAPRequest("NULL with \(credentials.count) credential frames") }
        case "PLAIN":
            guard credentials.count == 2 else { throw MalformedZAPRequest("PLAIN needs 2 credential frames, got \(credentials.count)") }
        case "CURVE":
            guard credentials.count == 1, credentials[0].count == 32 else {
                throw MalformedZAPRequest("CURVE needs one 32-byte key frame, got \(credentials.map(\.count))")
            }
        default:
            throw MalformedZAPRequest("unknown mechanism \"\(mechanism.prefix(16))\"")
        }
    }
}

/// The handler's answer to a `ZAPRequest`.
public enum ZAPDecision: Sendable, Equatable {
    /// Admit the peer (status 200); `userID` becomes the "User-Id" property of its messages.
    case allow(userID: String)
    /// Refuse the peer (status 400) with a reason; libzmq closes the connection.
    case deny(reason: String)
}

/// Why a ZAP request could not be parsed (answered with status 500).
struct MalformedZAPRequest: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
