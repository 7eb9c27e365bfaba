import Foundation
import GrokTasks

/// RESULT's binary body (PROTOCOL.md, "RESULT, binary"): "GRKR", format 1, then the lease
/// (varint), the task key and the configuration hash (length-prefixed UTF-8), then the result
/// record (``TaskResult/binaryRecord(_:)``) filling the rest of the frame, or nothing for a
/// no-op task. The record is the last thing in the frame, so the coordinator stores exactly
/// the bytes it received and validated, with no re-encoding.
public enum ResultWire {
    public static let magic: [UInt8] = Array("GRKR".utf8) + [1]

    /// Whether a RESULT body is the binary form (else it is the JSON object of version 1).
    public static func isBinary(_ body: some Collection<UInt8>) -> Bool { body.starts(with: magic.prefix(4)) }

    public static func encode(_ e: ResultEnvelope) -> [UInt8] {
        var w = BinaryWriter(capacity: 128)
        w.raw(magic)
        w.int(e.lease)
        w.string(e.task)
        w.string(e.configHash)
        guard let result = e.result else { return w.bytes }
        return w.bytes + TaskResult.binaryRecord(result)
    }

    /// Where the result record of a binary RESULT body lies (reads only the header), nil when
    /// the body is not binary or carries no record.
    public static func recordRange(in body: [UInt8]) -> Range<Int>? {
        guard isBinary(body) else { return nil }
        return body.withUnsafeBytes { b -> Range<Int>? in
            var r = BinaryReader(b)
            guard (try? r.expect(magic, "")) != nil, (try? r.int("")) != nil, (try? r.string("")) != nil, (try? r.string("")) != nil, !r.isAtEnd
            else { return nil }
            return r.offset..<body.count
        }
    }

    /// The envelope without its result (`result` nil), and where the record lies (nil: none),
    /// reading only the header: for a receiver that checks the record in place. The record is
    /// not decoded here, so a malformed one is the caller's to find (``decode(_:)`` does).
    public static func decodeHeader(_ body: [UInt8]) throws(WireDecodingError) -> (envelope: ResultEnvelope, record: Range<Int>?) {
        do {
            return try BinaryReader.reading(body) {
                (b: UnsafeRawBufferPointer) throws(BinaryDecodingError) -> (envelope: ResultEnvelope, record: Range<Int>?) in
                var r = BinaryReader(b)
                try r.expect(magic, "RESULT header (GRKR, format 1)")
                let envelope = ResultEnvelope(
                    lease: try r.int("lease"), task: try r.string("task"), configHash: try r.string("config_hash"), result: nil)
                return (envelope, r.isAtEnd ? nil : r.offset..<body.count)
            }
        } catch {
            throw WireDecodingError(code: .malformed, reason: "RESULT body: \(error.reason)")
        }
    }

    /// The envelope and where its result record lies in `body` (nil for a no-op RESULT).
    public static func decode(_ body: [UInt8]) throws(WireDecodingError) -> (envelope: ResultEnvelope, record: Range<Int>?) {
        do {
            return try BinaryReader.reading(body) {
                (b: UnsafeRawBufferPointer) throws(BinaryDecodingError) -> (envelope: ResultEnvelope, record: Range<Int>?) in
                var r = BinaryReader(b)
                try r.expect(magic, "RESULT header (GRKR, format 1)")
                let lease = try r.int("lease")
                let task = try r.string("task")
                let hash = try r.string("config_hash")
                guard !r.isAtEnd else { return (ResultEnvelope(lease: lease, task: task, configHash: hash, result: nil), nil) }
                let start = r.offset
                let result = try TaskResult.decodeBinary(&r)
                guard r.isAtEnd else { throw BinaryDecodingError("\(r.remaining) byte(s) after the end of the result record") }
                return (ResultEnvelope(lease: lease, task: task, configHash: hash, result: result), start..<body.count)
            }
        } catch {
            throw WireDecodingError(code: .malformed, reason: "RESULT body: \(error.reason)")
        }
    }
}
