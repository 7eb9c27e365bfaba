import Foundation
import GrokConfig
import GrokTasks

/// The requests of the live probe service (SERVE.md beside this file): a JSON header frame,
/// plus one raw little-endian float32 frame for `probe`.
public enum ServeRequest: Sendable {
    case hello
    case probe(ProbeRequest)
    case onset(run: String, onset: Int?)
    case ensemble
    case report

    public static let protocolVersion = "grokscale-serve/1"
}

/// One field to probe; `tag` files it into the ensemble when the client names its run and step.
public struct ProbeRequest: Sendable {
    public var id: Int
    public var values: [Double]
    public var tag: RunTag?
}

/// What identifies a request across resends: the client's token and its request id. A request
/// carrying both is computed once; a resend is answered from the service's reply cache.
public struct RequestKey: Sendable, Hashable {
    public var client: String
    public var id: Int
    public init(client: String, id: Int) {
        self.client = client
        self.id = id
    }
}

/// A decoded request with its id (echoed in the reply) and, when the client sent a token, its key.
public struct ServeEnvelope: Sendable {
    public var request: ServeRequest
    public var id: Int?
    public var key: RequestKey?
}

public struct RunTag: Sendable, Hashable, Codable {
    public var run: String
    public var size: Int?
    public var step: Int
    public var onset: Int?
    public var loss: Double?
    public var accuracy: Double?

    public init(run: String, size: Int? = nil, step: Int, onset: Int? = nil, loss: Double? = nil, accuracy: Double? = nil) {
        self.run = run
        self.size = size
        self.step = step
        self.onset = onset
        self.loss = loss
        self.accuracy = accuracy
    }
}

/// A request the service refuses; `code` is machine-readable (SERVE.md lists them).
public struct ServeError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var id: Int?
    public var description: String { "\(code): \(message)" }
    public init(_ code: String, _ message: String, id: Int? = nil) {
        self.code = code
        self.message = message
        self.id = id
    }
}

public enum ServeCodec {
    private struct Version: Decodable {
        var version: String?
        enum CodingKeys: String, CodingKey { case version = "protocol" }
    }

    private struct Header: Decodable {
        var type: String?
        var id: Int?
        var client: String?
        var N: Int?
        var dtype: String?
        var run: String?
        var size: Int?
        var step: Int?
        var onset: Int?
        var loss: Double?
        var accuracy: Double?
    }

    /// Decodes one request's frames (without the ROUTER's routing id).
    public static func decode(_ frames: [[UInt8]]) throws(ServeError) -> ServeRequest {
        try decodeEnvelope(frames).request
    }

    /// Decodes one request with its id and its key (`client` + `id`, both optional on the wire).
    public static func decodeEnvelope(_ frames: [[UInt8]]) throws(ServeError) -> ServeEnvelope {
        guard let first = frames.first else { throw ServeError("bad_request", "an empty message; send a JSON header frame") }
        let data = Data(first)
        let version: Version
        do { version = try JSONDecoder().decode(Version.self, from: data) } catch {
            throw ServeError("bad_request", "the first frame is not a JSON object: \(error.localizedDescription)")
        }
        guard version.version == ServeRequest.protocolVersion else {
            throw ServeError(
                "protocol_version",
                "this service speaks \(ServeRequest.protocolVersion); the request says \(version.version.map { "\"\($0)\"" } ?? "no \"protocol\""): install the Python package from this grokscale's python/ folder"
            )
        }
        let h: Header
        do { h = try JSONDecoder().decode(Header.self, from: data) } catch {
            throw ServeError("bad_request", "header: \(error)")
        }
        var key: RequestKey? = nil
        if let client = h.client {
            guard !client.isEmpty, client.utf8.count <= 64 else {
                throw ServeError("bad_request", "\"client\" must be a token of 1 to 64 bytes (it names the client for its resends)", id: h.id)
            }
            guard let id = h.id else {
                throw ServeError("bad_request", "a request with \"client\" needs its integer \"id\" (client and id make a resend recognisable)")
            }
            key = RequestKey(client: client, id: id)
        }
        return ServeEnvelope(request: try request(h, frames), id: h.id, key: key)
    }

    private static func request(_ h: Header, _ frames: [[UInt8]]) throws(ServeError) -> ServeRequest {
        switch h.type {
        case "hello": return .hello
        case "ensemble": return .ensemble
        case "report": return .report
        case "onset":
            guard let run = h.run else { throw ServeError("bad_request", "onset needs \"run\"", id: h.id) }
            return .onset(run: run, onset: h.onset)
        case "probe":
            guard let id = h.id else { throw ServeError("bad_request", "probe needs an integer \"id\"") }
            guard let n = h.N, n >= 2 else {
                throw ServeError("bad_field", "probe needs \"N\" ≥ 2 (the field's length), found \(h.N.map(String.init) ?? "none")", id: id)
            }
            guard (h.dtype ?? "float32") == "float32" else {
                throw ServeError("bad_field", "dtype \(h.dtype!) is not supported; send float32 (little endian)", id: id)
            }
            guard frames.count == 2 else { throw ServeError("bad_field", "probe takes 2 frames (header, float32 data), got \(frames.count)", id: id) }
            let payload = frames[1]
            guard payload.count == 4 * n else {
                throw ServeError(
                    "bad_field",
                    "the data frame has \(payload.count) bytes; N = \(n) float32 values take \(4 * n): send the whole field, or the right N", id: id)
            }
            var values = [Double](repeating: 0, count: n)
            payload.withUnsafeBytes { raw in
                for i in 0..<n {
                    values[i] = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))))
                }
            }
            var tag: RunTag? = nil
            if let run = h.run {
                guard let step = h.step else { throw ServeError("bad_request", "a probe with \"run\" needs its \"step\" (for the ensemble)", id: id) }
                guard !run.isEmpty, !run.contains("/") else {
                    throw ServeError("bad_request", "run id \"\(run)\": use a non-empty name without '/'", id: id)
                }
                if let size = h.size, size <= 0 { throw ServeError("bad_request", "size = \(size); use a positive size label", id: id) }
                tag = RunTag(run: run, size: h.size, step: step, onset: h.onset, loss: h.loss, accuracy: h.accuracy)
            }
            return .probe(ProbeRequest(id: id, values: values, tag: tag))
        default:
            throw ServeError(
                "bad_request", "unknown type \(h.type.map { "\"\($0)\"" } ?? "(none)"); types are hello, probe, onset, ensemble, report", id: h.id)
        }
    }

    /// A reply frame: the object with the protocol first, as compact JSON; `id` echoes the request's.
    public static func reply(_ type: String, _ pairs: [(String, JSONValue)], id: Int? = nil) -> [UInt8] {
        let echo: [(String, JSONValue)] = id.map { [("id", .int($0))] } ?? []
        return Array(
            JSONValue.object([("protocol", .string(ServeRequest.protocolVersion)), ("type", .string(type))] + echo + pairs).serialized(indent: 0).utf8
        )
    }

    public static func error(_ e: ServeError) -> [UInt8] {
        reply("error", [("id", .optionalInt(e.id)), ("code", .string(e.code)), ("message", .string(e.message))])
    }

    public static func cascades(id: Int, n: Int, topologies: [String], fields: [FieldCascades], ensemble: String?) -> [UInt8] {
        reply(
            "cascades",
            [
                ("id", .int(id)), ("N", .int(n)),
                (
                    "topologies",
                    .object(
                        zip(topologies, fields).map { name, f in
                            (
                                name,
                                .object([
                                    ("cascades", .array(f.cascades.map { .array([.int($0.size), .int($0.extent), .int($0.duration)]) })),
                                    ("error", f.error.map(JSONValue.string) ?? .null),
                                ])
                            )
                        })
                ),
                ("ensemble", ensemble.map(JSONValue.string) ?? .null),
            ])
    }
}
