import Foundation

/// Why a received message could not be decoded; becomes a REFUSE with `code`.
public struct WireDecodingError: Error, CustomStringConvertible, Equatable {
    public var code: RefusalCode
    public var reason: String
    public var description: String { "\(code.rawValue): \(reason)" }
}

/// Frames ⇄ messages. Pure: no sockets; the ZeroMQ layer moves the frames.
public enum WireCodec {
    /// RESULT is sent in its binary form (``ResultWire``); every other body is JSON.
    public static func encode(_ message: WireMessage) -> [[UInt8]] {
        let body: Data
        switch message {
        case .result(let r):
            return [Array(WireProtocol.identifier.utf8), Array(message.kind.rawValue.utf8), ResultWire.encode(r)]
        case .ack(let a):
            // One per result: written by hand (sorted keys, as json() writes them), no encoder pass.
            let text = "{\"lease\":\(a.lease),\"status\":\"\(a.status.rawValue)\",\"task\":"
            return [
                Array(WireProtocol.identifier.utf8), Array(message.kind.rawValue.utf8),
                Array(text.utf8) + TaskMessageEncoder.quoted(a.task) + [UInt8(ascii: "}")],
            ]
        case .ready(let b): body = json(b)
        case .heartbeat, .done: body = Data("{}".utf8)
        case .failure(let b): body = json(b)
        case .disconnect(let b): body = json(b)
        case .task(let b): body = json(b)
        case .refuse(let b): body = json(b)
        }
        return [Array(WireProtocol.identifier.utf8), Array(message.kind.rawValue.utf8), Array(body)]
    }

    /// A RESULT body may be binary (``ResultWire``) or the JSON object of earlier builds.
    public static func decode(_ frames: [[UInt8]]) throws(WireDecodingError) -> WireMessage {
        guard frames.count == 3 else {
            throw WireDecodingError(code: .malformed, reason: "expected 3 frames (protocol, kind, body), got \(frames.count)")
        }
        let id = String(decoding: frames[0], as: UTF8.self)
        guard id.hasPrefix(WireProtocol.identifierPrefix) else {
            throw WireDecodingError(code: .malformed, reason: "frame 0 is not a grokscale protocol id (expected \(WireProtocol.identifier))")
        }
        guard id == WireProtocol.identifier else {
            throw WireDecodingError(code: .version, reason: "protocol \(id.prefix(20)) is not supported; this peer speaks \(WireProtocol.identifier)")
        }
        let kindText = String(decoding: frames[1], as: UTF8.self)
        guard let kind = MessageKind(rawValue: kindText) else {
            throw WireDecodingError(code: .malformed, reason: "unknown message kind \(kindText.prefix(20).debugDescription)")
        }
        if kind == .result, ResultWire.isBinary(frames[2]) { return .result(try ResultWire.decode(frames[2]).envelope) }
        let body = Data(frames[2])
        do {
            switch kind {
            case .ready: return .ready(try decodeBody(ReadyBody.self, body))
            case .heartbeat: _ = try object(body); return .heartbeat
            case .done: _ = try object(body); return .done
            case .result: return .result(try decodeBody(ResultEnvelope.self, body))
            case .failure: return .failure(try decodeBody(FailureBody.self, body))
            case .disconnect: return .disconnect(try decodeBody(DisconnectBody.self, body))
            case .task: return .task(try decodeBody(TaskBody.self, body))
            case .ack: return .ack(try decodeBody(AckBody.self, body))
            case .refuse: return .refuse(try decodeBody(RefuseBody.self, body))
            }
        } catch let error as WireDecodingError {
            throw error
        } catch {
            throw WireDecodingError(code: .malformed, reason: "\(kind.rawValue) body: \(describe(error))")
        }
    }

    /// Canonical JSON (sorted keys): equal values give equal bytes, which is how duplicate
    /// results are compared.
    public static func json<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs cannot fail.
        return try! encoder.encode(value)
    }

    private static func object(_ body: Data) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: body), let dictionary = object as? [String: Any] else {
            throw WireDecodingError(code: .malformed, reason: "the body is not a JSON object")
        }
        return dictionary
    }

    private static func decodeBody<T: Decodable>(_ type: T.Type, _ body: Data) throws -> T {
        _ = try object(body)
        return try JSONDecoder().decode(T.self, from: body)
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context):
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        case DecodingError.valueNotFound(_, let context): return "null at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let context):
            return "invalid data at \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}
