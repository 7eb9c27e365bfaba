import CZlib
import Foundation

/// Reads a gzip file back (zlib's inflate): what `zcat` does, for tests and the bench.
public enum Gunzip {
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    public static func decompress(_ data: Data) throws -> Data {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "zlib inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var out = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = [UInt8](data)
        let capacity = chunk.count
        try input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            var status: Int32 = Z_OK
            while status != Z_STREAM_END {
                let produced: Int = try chunk.withUnsafeMutableBufferPointer { o in
                    stream.next_out = o.baseAddress
                    stream.avail_out = uInt(capacity)
                    status = inflate(&stream, Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END else {
                        throw Failure(description: "not a complete gzip stream (zlib status \(status))")
                    }
                    return capacity - Int(stream.avail_out)
                }
                out.append(contentsOf: chunk[0..<produced])
                if produced == 0 && status != Z_STREAM_END && stream.avail_in == 0 {
                    throw Failure(description: "truncated gzip stream")
                }
            }
        }
        return out
    }

    public static func text(contentsOf url: URL) throws -> String {
        String(decoding: try decompress(Data(contentsOf: url)), as: UTF8.self)
    }
}
