import Foundation
import GrokTasks

/// The per-cascade file (`avalanches.csv.gz`): CascadeTable's rows as tidy CSV, gzip-compressed,
/// one row per cascade, a header, no index; an empty cell is a missing value.
/// `pandas.read_csv("avalanches.csv.gz")` loads it in one line.
///
/// Rows are formatted straight into bytes and streamed through deflate, so memory stays at one
/// buffer whatever the sweep's size (8,000 runs are ~4 million rows).
public enum CascadeCSV {
    /// Writes the table into `url` and returns the number of rows written.
    @discardableResult
    public static func write(_ table: CascadeTable, to url: URL) throws -> Int {
        let writer = try CascadeCSVWriter(url: url)
        for r in table.results { try writer.add(r) }
        return try writer.finish()
    }

    /// Writes the rows of binary result records (canonical task order), decoding one at a time.
    @discardableResult
    public static func write(records: [[UInt8]], to url: URL) throws -> Int {
        let writer = try CascadeCSVWriter(url: url)
        for record in records { try writer.add(try TaskResult.decodeBinary(record)) }
        return try writer.finish()
    }

    /// The uncompressed CSV text of a table (tests, and measuring what compression saves).
    public static func text(_ table: CascadeTable) -> String {
        var buffer = Array((CascadeTable.columns.joined(separator: ",") + "\n").utf8)
        table.forEachRow { append($0, to: &buffer) }
        return String(decoding: buffer, as: UTF8.self)
    }

    static func append(_ row: CascadeRow, to buffer: inout [UInt8]) {
        let comma = UInt8(ascii: ",")
        buffer.append(contentsOf: CSVExport.quoted(row.task).utf8); buffer.append(comma)
        appendInt(row.width, &buffer); buffer.append(comma)
        appendInt(row.seed, &buffer); buffer.append(comma)
        buffer.append(contentsOf: CSVExport.quoted(row.topology).utf8); buffer.append(comma)
        buffer.append(contentsOf: row.source.rawValue.utf8); buffer.append(comma)
        appendInt(row.field, &buffer); buffer.append(comma)
        appendInt(row.epoch, &buffer); buffer.append(comma)
        appendInt(row.tau, &buffer); buffer.append(comma)
        appendInt(row.avalanche, &buffer); buffer.append(comma)
        appendInt(row.size, &buffer); buffer.append(comma)
        appendInt(row.extent, &buffer); buffer.append(comma)
        appendInt(row.duration, &buffer); buffer.append(comma)
        if let error = row.error { buffer.append(contentsOf: CSVExport.quoted(error).utf8) }
        buffer.append(UInt8(ascii: "\n"))
    }

    /// Decimal digits of an integer; nothing for nil (an empty cell).
    static func appendInt(_ value: Int?, _ buffer: inout [UInt8]) {
        guard let value else { return }
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(d[i]) }
        }
    }
}
