import CZlib
import Foundation

/// Writes a gzip file as a stream of bytes (zlib's deflate; Debian's zlib1g).
///
/// Why gzip: pandas, R and `zcat` read it with no extra package, and the per-cascade CSV
/// shrinks about 6× (measured in the README). Deterministic: the gzip header carries no time
/// or file name (zlib writes mtime 0 unless told otherwise), so the same bytes in give the same
/// file, for a given zlib and level. Written to a temporary file and renamed into place, so a
/// reader never sees half a file. Memory: one output chunk, whatever the file's size.
final class GzipFileWriter {
    private var stream = z_stream()
    private let handle: FileHandle
    private let temporary: URL
    private let destination: URL
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private var finished = false

    struct Failure: Error, CustomStringConvertible { var description: String }

    init(url: URL, level: Int32 = 6) throws {
        destination = url
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw Failure(description: "cannot create \(temporary.path)")
        }
        handle = try FileHandle(forWritingTo: temporary)
        // windowBits 15 + 16: a gzip wrapper instead of zlib's.
        let status = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(description: "zlib deflateInit2 failed (\(status))")
        }
    }

    deinit {
        if !finished {
            deflateEnd(&stream)
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            try drain(flush: Z_NO_FLUSH)
        }
    }

    /// Flushes, closes and renames the file into place.
    func finish() throws {
        stream.next_in = nil
        stream.avail_in = 0
        try drain(flush: Z_FINISH)
        deflateEnd(&stream)
        finished = true
        try handle.close()
        if rename(temporary.path, destination.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(description: "cannot rename \(temporary.path) to \(destination.path): \(String(cString: strerror(code)))")
        }
    }

    private func drain(flush: Int32) throws {
        let capacity = output.count
        repeat {
            let produced: Int = try output.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(capacity)
                let status = deflate(&stream, flush)
                guard status != Z_STREAM_ERROR else { throw Failure(description: "zlib deflate failed") }
                return capacity - Int(stream.avail_out)
            }
            if produced > 0 { try handle.write(contentsOf: output[0..<produced]) }
        } while stream.avail_out == 0 || (flush == Z_FINISH && stream.avail_in > 0)
    }
}
