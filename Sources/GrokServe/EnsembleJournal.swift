import Foundation
import GrokTasks

/// `<out>/ensemble.jsonl`: every ensemble change, one JSON line each, appended before the
/// client hears the reply. A restarted service reads it back, so a restart loses no field the
/// service acknowledged (clients resend the ones it never answered).
public final class EnsembleJournal {
    public static let format = "grokscale-ensemble/1"
    public static let fileName = "ensemble.jsonl"

    struct HeaderLine: Codable { var format: String; var configurationHash: String; var topologies: [String] }
    struct Line: Codable {
        var kind: String
        var tag: RunTag?
        var N: Int?
        var fields: [FieldCascades]?
        var run: String?
        var onset: Int?
    }

    private let handle: FileHandle
    public let url: URL

    /// Opens (or creates) the journal in `folder` and replays it into `state`. Throws when the
    /// file belongs to another configuration. `skipped` counts damaged lines (a crash mid-write).
    public init(folder: URL, configurationHash: String, state: inout EnsembleState, skipped: inout Int) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        url = folder.appendingPathComponent(Self.fileName)
        let decoder = JSONDecoder()
        if let data = try? Data(contentsOf: url), !data.isEmpty {
            let lines = data.split(separator: UInt8(ascii: "\n"))
            guard let first = lines.first, let header = try? decoder.decode(HeaderLine.self, from: Data(first)), header.format == Self.format else {
                throw ServeError("journal", "\(url.path) is not an ensemble journal; move it away or pass another --out")
            }
            guard header.configurationHash == configurationHash, header.topologies == state.topologies else {
                throw ServeError(
                    "journal",
                    "\(url.path) holds an ensemble made with another configuration (hash \(header.configurationHash.prefix(12)), topologies \(header.topologies)); pass another --out or the same options as before"
                )
            }
            for raw in lines.dropFirst() {
                guard let line = try? decoder.decode(Line.self, from: Data(raw)) else { skipped += 1; continue }
                switch line.kind {
                case "field":
                    if let tag = line.tag, let n = line.N, let fields = line.fields, fields.count == state.topologies.count {
                        do { try state.record(tag, parameterCount: n, fields: fields) } catch { skipped += 1 }
                    } else {
                        skipped += 1
                    }
                case "onset":
                    if let run = line.run { try? state.setOnset(run: run, onset: line.onset) } else { skipped += 1 }
                default: skipped += 1
                }
            }
        } else {
            let header = try JSONEncoder().encode(HeaderLine(format: Self.format, configurationHash: configurationHash, topologies: state.topologies))
            try (header + Data("\n".utf8)).write(to: url)
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    deinit { try? handle.close() }

    public func appendField(_ tag: RunTag, parameterCount n: Int, fields: [FieldCascades]) throws {
        try append(Line(kind: "field", tag: tag, N: n, fields: fields))
    }

    public func appendOnset(run: String, onset: Int?) throws {
        try append(Line(kind: "onset", run: run, onset: onset))
    }

    private func append(_ line: Line) throws {
        var data = try JSONEncoder().encode(line)
        data.append(UInt8(ascii: "\n"))
        try handle.write(contentsOf: data)
    }
}
