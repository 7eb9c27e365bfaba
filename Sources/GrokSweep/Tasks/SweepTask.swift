/// One unit of work: a (width, seed) training run, probed on every topology of the sweep,
/// with the Gaussian control on the same graphs. Grouping by (width, seed) means no training
/// run is ever computed twice in a sweep.
public struct SweepTask: Sendable, Hashable, Codable, Comparable {
    public var width: Int
    public var seedIndex: Int

    public init(width: Int, seedIndex: Int) {
        self.width = width
        self.seedIndex = seedIndex
    }

    /// Deterministic key, e.g. "h20-s3": the same task has the same key in every sweep.
    public var key: String { "h\(width)-s\(seedIndex)" }

    /// Parses a key made by ``key``.
    public init?(key: String) {
        let parts = key.split(separator: "-")
        guard parts.count == 2, parts[0].hasPrefix("h"), parts[1].hasPrefix("s"),
              let w = Int(parts[0].dropFirst()), let s = Int(parts[1].dropFirst()), w > 0, s >= 0
        else { return nil }
        self.init(width: w, seedIndex: s)
    }

    public static func < (a: SweepTask, b: SweepTask) -> Bool {
        (a.width, a.seedIndex) < (b.width, b.seedIndex)
    }
}

extension SweepConfig {
    /// Every task of the sweep in canonical order (width, then seed).
    public var tasks: [SweepTask] {
        widths.sorted().flatMap { w in (0..<seeds).map { SweepTask(width: w, seedIndex: $0) } }
    }
}
