import Foundation

/// A recorded run's manifest, written by the Python package's recorder (python/grokscale/manifest.py)
/// in one of two formats:
/// - `grokscale-run/2`: `manifest.json` is a small header, rewritten (atomically) only when it
///   changes; the snapshots are lines of `snapshots.jsonl` beside it, appended one per snapshot, so
///   recording costs the same per snapshot however long the run;
/// - `grokscale-run/1` (older recorders): the snapshots are a list inside `manifest.json`,
///   rewritten after every snapshot.
public struct RunManifest: Codable, Sendable, Hashable {
    public static let format = "grokscale-run/2"
    public static let formats = ["grokscale-run/1", "grokscale-run/2"]
    public static let snapshotsFile = "snapshots.jsonl"

    public struct Parameter: Codable, Sendable, Hashable {
        public var name: String
        public var shape: [Int]
        public var size: Int
    }

    public struct Snapshot: Codable, Sendable, Hashable {
        public var step: Int
        /// File name relative to the run folder: a 1-D float32 .npy of N values.
        public var file: String
        public var loss: Double?
        public var accuracy: Double?
    }

    public var format: String
    public var runID: String
    /// Entries of every gradient field (the parameters with gradients, in `parameters` order).
    public var N: Int
    /// Size label shown as the report's "width" (e.g. the hidden width); N when absent.
    public var size: Int?
    /// Step of the run's onset (e.g. the first step with test accuracy > 99%), when known.
    public var onset: Int?
    /// What the run called its loss and accuracy (e.g. "cross-entropy", "test accuracy"), if it said.
    public var lossName: String?
    public var accuracyName: String?
    /// Parameter order: field entries [offset, offset + size) belong to parameter k in this order.
    public var parameters: [Parameter]
    /// Parameters without a gradient at recording time (skipped, counted).
    public var skippedParameters: [String]?
    /// In format 1 the list itself; in format 2 absent from the JSON, read from `snapshots.jsonl`.
    public var snapshots: [Snapshot]

    enum CodingKeys: String, CodingKey {
        case format, runID = "run_id", N, size, onset, lossName = "loss_name", accuracyName = "accuracy_name", parameters,
            skippedParameters = "skipped_parameters", snapshots
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        runID = try c.decode(String.self, forKey: .runID)
        N = try c.decode(Int.self, forKey: .N)
        size = try c.decodeIfPresent(Int.self, forKey: .size)
        onset = try c.decodeIfPresent(Int.self, forKey: .onset)
        lossName = try c.decodeIfPresent(String.self, forKey: .lossName)
        accuracyName = try c.decodeIfPresent(String.self, forKey: .accuracyName)
        parameters = try c.decode([Parameter].self, forKey: .parameters)
        skippedParameters = try c.decodeIfPresent([String].self, forKey: .skippedParameters)
        // Required in format 1 (a manifest without it is damaged), absent in format 2.
        snapshots = format == "grokscale-run/1" ? try c.decode([Snapshot].self, forKey: .snapshots) : []
    }

    /// The snapshot lines of a format-2 run. A last line without its newline is a write in
    /// progress (or cut by a crash) and is not read; any other line that is not a snapshot entry
    /// is an error naming its line number.
    public static func snapshotLines(_ data: Data, file: String) throws -> [Snapshot] {
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        lines.removeLast()  // after the last newline: empty, or a line not yet complete
        let decoder = JSONDecoder()
        var out: [Snapshot] = []
        out.reserveCapacity(lines.count)
        for (k, line) in lines.enumerated() {
            do {
                out.append(try decoder.decode(Snapshot.self, from: Data(line)))
            } catch {
                throw RunFolderError(
                    .invalid, "\(file) line \(k + 1) is not a snapshot entry (\(RunFolder.describe(error))); remove or repair that line")
            }
        }
        return out
    }

    /// Reads `manifest.json` and, for format 2, its `snapshots.jsonl`.
    public static func read(_ url: URL) throws -> RunManifest {
        var manifest: RunManifest
        do {
            manifest = try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: url))
        } catch {
            throw RunFolderError(.invalid, "\(url.path) is not a run manifest: \(RunFolder.describe(error))")
        }
        guard formats.contains(manifest.format) else {
            throw RunFolderError(
                .invalid,
                "\(url.path): format \"\(manifest.format)\" is not one of \(formats.joined(separator: ", ")); record it again with this version of the Python package"
            )
        }
        if manifest.format == format {
            let lines = url.deletingLastPathComponent().appendingPathComponent(snapshotsFile)
            let data: Data
            do { data = try Data(contentsOf: lines) } catch {
                throw RunFolderError(
                    .invalid, "\(lines.path) is missing or unreadable (\(error.localizedDescription)): the run's header names its snapshots there")
            }
            manifest.snapshots = try snapshotLines(data, file: lines.path)
        }
        return manifest
    }
}
