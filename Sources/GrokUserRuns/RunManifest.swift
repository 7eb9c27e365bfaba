/// `<run>/manifest.json`, written by the Python package's recorder (python/grokscale/manifest.py)
/// and rewritten atomically after every snapshot, so a reader never sees half of it.
public struct RunManifest: Codable, Sendable, Hashable {
    public static let format = "grokscale-run/1"

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
    /// Parameter order: field entries [offset, offset + size) belong to parameter k in this order.
    public var parameters: [Parameter]
    /// Parameters without a gradient at recording time (skipped, counted).
    public var skippedParameters: [String]?
    public var snapshots: [Snapshot]

    enum CodingKeys: String, CodingKey {
        case format, runID = "run_id", N, size, onset, parameters, skippedParameters = "skipped_parameters", snapshots
    }
}
