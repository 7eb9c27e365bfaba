import Foundation

/// TASK messages of one sweep, encoded without a JSONEncoder pass per lease: every TASK carries
/// the same configuration text (kilobytes, JSON-escaped once here), so only the lease number
/// and task key change. The bytes decode to the same ``TaskBody`` as ``WireCodec``'s.
public struct TaskMessageEncoder: Sendable {
    private let head: [UInt8]
    private let kind: MessageKind = .task

    public init(kind: TaskKind, configHash: String, config: String) {
        // Keys in sorted order, as WireCodec writes them: config, config_hash, kind, lease, task.
        head =
            Array("{\"config\":".utf8) + TaskMessageEncoder.quoted(config)
            + Array(",\"config_hash\":".utf8) + TaskMessageEncoder.quoted(configHash)
            + Array(",\"kind\":".utf8) + TaskMessageEncoder.quoted(kind.rawValue)
            + Array(",\"lease\":".utf8)
    }

    /// The three frames of TASK for this lease.
    public func frames(lease: Int, task: String) -> [[UInt8]] {
        var body = head
        body.reserveCapacity(head.count + task.utf8.count + 32)
        body += Array(String(lease).utf8)
        body += Array(",\"task\":".utf8)
        body += TaskMessageEncoder.quoted(task)
        body.append(UInt8(ascii: "}"))
        return [Array(WireProtocol.identifier.utf8), Array(kind.rawValue.utf8), body]
    }

    /// A JSON string literal: printable ASCII without quotes or backslashes as it is (task keys
    /// always are), anything else through JSONEncoder.
    static func quoted(_ s: String) -> [UInt8] {
        let utf8 = Array(s.utf8)
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            return [UInt8(ascii: "\"")] + utf8 + [UInt8(ascii: "\"")]
        }
        return Array(WireCodec.json(s))
    }
}
