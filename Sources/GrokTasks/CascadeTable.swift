/// Whether a cascade came from a gradient snapshot or from the Gaussian control.
public enum CascadeSource: String, Sendable, CaseIterable {
    case gradient, control
}

/// One row per cascade (or one per field the probe could not relax, with `error` set and the
/// cascade columns nil). The same rows go into the per-cascade file of the output folder and
/// the journal's `cascades` table.
public struct CascadeRow: Sendable, Hashable {
    /// The task key (``SweepTask/key``): names the group as well as width and seed.
    public var task: String
    public var width: Int
    public var seed: Int
    public var topology: String
    public var source: CascadeSource
    /// Index of the field within its run: the snapshot for gradients, the control field's number.
    public var field: Int
    /// Snapshot epoch (nil for the control).
    public var epoch: Int?
    /// epoch − t_g (nil for the control and for ungrokked runs).
    public var tau: Int?
    /// Index of the cascade within its field (always 0 in global mode; nil for a probe error).
    public var avalanche: Int?
    public var size: Int?
    public var extent: Int?
    public var duration: Int?
    public var error: String?
}

/// The per-cascade rows of a sweep, kept out of report.json (they were ~90 KB per run there).
///
/// A view over the task results in canonical task order, never a copy of the cascades: rows
/// are produced one at a time, so writing them costs no memory beyond the results themselves.
/// The order is fixed (task, topology in the sweep's order, gradient snapshots, then control
/// fields, then cascades), so the same configuration gives the same rows, whatever the
/// number of workers or the order results arrived in.
public struct CascadeTable: Sendable {
    /// The per-cascade file of an output folder: CSV, gzip-compressed (`pandas.read_csv(path)`).
    public static let fileName = "avalanches.csv.gz"
    /// The journal's table of the same rows.
    public static let journalTableName = "cascades"
    public static let columns = [
        "task", "width", "seed", "topology", "source", "field", "epoch", "tau", "avalanche", "size", "extent", "duration", "error",
    ]

    public let results: [TaskResult]

    public init(results: [TaskResult]) {
        self.results = results.sorted { $0.task < $1.task }
    }

    /// Number of rows: one per cascade plus one per field the probe refused.
    public var rowCount: Int {
        var count = 0
        for r in results {
            for t in r.topologies {
                for f in t.gradient { count += f.error == nil ? f.cascades.count : 1 }
                for f in t.control { count += f.error == nil ? f.cascades.count : 1 }
            }
        }
        return count
    }

    /// Calls `body` with every row of one run, in table order.
    public static func forEachRow(of r: TaskResult, _ body: (CascadeRow) throws -> Void) rethrows {
        for topology in r.topologies {
            for (i, field) in topology.gradient.enumerated() {
                let epoch = i < r.snapshotEpochs.count ? r.snapshotEpochs[i] : nil
                let tau = epoch.flatMap { e in r.onsetEpoch.map { e - $0 } }
                try rows(r, topology.topology, .gradient, i, epoch, tau, field, body)
            }
            for (i, field) in topology.control.enumerated() {
                try rows(r, topology.topology, .control, i, nil, nil, field, body)
            }
        }
    }

    /// Calls `body` with every row of the table, in order.
    public func forEachRow(_ body: (CascadeRow) throws -> Void) rethrows {
        for r in results { try CascadeTable.forEachRow(of: r, body) }
    }

    /// Cascade sizes of one topology and source, grouped by width (what the size plots draw).
    public func sizes(topology: String, source: CascadeSource) -> [Int: [Int]] {
        var out: [Int: [Int]] = [:]
        for r in results {
            guard let t = r.topologies.first(where: { $0.topology == topology }) else { continue }
            for field in source == .gradient ? t.gradient : t.control {
                out[r.task.width, default: []].append(contentsOf: field.cascades.map(\.size))
            }
        }
        return out
    }

    private static func rows(
        _ r: TaskResult, _ topology: String, _ source: CascadeSource, _ index: Int, _ epoch: Int?, _ tau: Int?,
        _ field: FieldCascades, _ body: (CascadeRow) throws -> Void
    ) rethrows {
        var row = CascadeRow(
            task: r.task.key, width: r.task.width, seed: r.task.seedIndex, topology: topology, source: source, field: index, epoch: epoch, tau: tau)
        if let error = field.error {
            row.error = error
            try body(row)
            return
        }
        for (k, c) in field.cascades.enumerated() {
            row.avalanche = k
            row.size = c.size
            row.extent = c.extent
            row.duration = c.duration
            try body(row)
        }
    }
}
