import Foundation
import GrokTasks

/// Writes avalanches.csv.gz one result at a time, for a report that never holds all results:
/// results must come in canonical task order (the file's row order); one out of order is
/// refused, since the file would then depend on arrival order. Bytes are those of
/// ``CascadeCSV/write(_:to:)`` (which uses this writer): the same 64 KB chunks go to deflate.
/// Written to a temporary file, renamed into place by ``finish()``; dropped unfinished, the
/// temporary file is removed and nothing replaces the old file.
public final class CascadeCSVWriter {
    private let writer: GzipFileWriter
    private var buffer: [UInt8] = []
    private var last: SweepTask?
    public private(set) var rows = 0

    public struct OutOfOrder: Error, CustomStringConvertible {
        public var task: String
        public var after: String
        public var description: String { "avalanches.csv.gz takes results in canonical task order: \(task) came after \(after)" }
    }

    public init(url: URL) throws {
        writer = try GzipFileWriter(url: url)
        buffer.reserveCapacity(1 << 17)
        buffer.append(contentsOf: Array((CascadeTable.columns.joined(separator: ",") + "\n").utf8))
    }

    /// Appends every row of `r` (after every result before it in canonical order).
    public func add(_ r: TaskResult) throws {
        if let last, r.task < last { throw OutOfOrder(task: r.task.key, after: last.key) }
        last = r.task
        try CascadeTable.forEachRow(of: r) { row in
            CascadeCSV.append(row, to: &buffer)
            rows += 1
            if buffer.count >= 1 << 16 {
                try writer.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Flushes, renames the file into place and returns the rows written.
    @discardableResult
    public func finish() throws -> Int {
        try writer.write(buffer)
        buffer.removeAll()
        try writer.finish()
        return rows
    }
}
