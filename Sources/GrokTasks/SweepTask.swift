import GrokTraining

/// One unit of work: a (group, width, seed) training run, probed on every topology of the sweep,
/// with the Gaussian control on the same graphs. Grouping by (width, seed) means no training
/// run is ever computed twice in a sweep.
public struct SweepTask: Sendable, Hashable, Codable, Comparable {
    public var width: Int
    public var seedIndex: Int
    /// Task × optimizer × regularizer × weight decay (``TaskGroup/legacy`` for plain XOR).
    public var group: TaskGroup

    public init(width: Int, seedIndex: Int, group: TaskGroup = .legacy) {
        self.width = width
        self.seedIndex = seedIndex
        self.group = group
    }

    /// Deterministic key, a function of the task alone: "h20-s3" for the legacy group (the
    /// pre-seam key, so XOR sweeps keep their journals and bytes), else the group's key naming
    /// every axis value, e.g. "modadd-adamw-decoupled-wd5-h20-s3".
    public var key: String {
        let point = "h\(width)-s\(seedIndex)"
        return group.isLegacy ? point : "\(group.key)-\(point)"
    }

    /// Parses a key made by ``key``.
    public init?(key: String) {
        let parts = key.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count >= 6 else { return nil }
        let h = parts[parts.count - 2], s = parts[parts.count - 1]
        guard h.hasPrefix("h"), s.hasPrefix("s"), let w = Int(h.dropFirst()), let seed = Int(s.dropFirst()), w > 0, seed >= 0
        else { return nil }
        guard parts.count > 2 else { self.init(width: w, seedIndex: seed); return }
        // λ may itself contain "-" (e.g. 1e-05): it is everything between the regularizer and h.
        let decay = parts[3..<(parts.count - 2)].joined(separator: "-")
        guard TaskCatalog.names.contains(parts[0]) || TaskGroup.isValidProgramName(parts[0]), let optimizer = OptimizerKind(rawValue: parts[1]),
            let regularizer = Regularizer(rawValue: parts[2]), decay.hasPrefix("wd"),
            let lambda = Double(decay.dropFirst(2)), lambda.isFinite, lambda >= 0
        else { return nil }
        let group = TaskGroup(task: parts[0], optimizer: optimizer, regularizer: regularizer, weightDecay: lambda)
        guard !group.isLegacy else { return nil }  // the legacy group has only the short key
        self.init(width: w, seedIndex: seed, group: group)
    }

    public static func < (a: SweepTask, b: SweepTask) -> Bool {
        if a.group != b.group { return a.group < b.group }
        return (a.width, a.seedIndex) < (b.width, b.seedIndex)
    }

    // Legacy tasks encode exactly as before the seam ({"width", "seedIndex"}); the axis values
    // are written only when they are not the defaults.
    private enum CodingKeys: String, CodingKey { case width, seedIndex, task, optimizer, regularizer, weightDecay }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        width = try c.decode(Int.self, forKey: .width)
        seedIndex = try c.decode(Int.self, forKey: .seedIndex)
        group = TaskGroup(
            task: try c.decodeIfPresent(String.self, forKey: .task) ?? "xor",
            optimizer: try c.decodeIfPresent(OptimizerKind.self, forKey: .optimizer) ?? .gd,
            regularizer: try c.decodeIfPresent(Regularizer.self, forKey: .regularizer) ?? .none,
            weightDecay: try c.decodeIfPresent(Double.self, forKey: .weightDecay) ?? 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(width, forKey: .width)
        try c.encode(seedIndex, forKey: .seedIndex)
        guard !group.isLegacy else { return }
        try c.encode(group.task, forKey: .task)
        try c.encode(group.optimizer, forKey: .optimizer)
        try c.encode(group.regularizer, forKey: .regularizer)
        try c.encode(group.weightDecay, forKey: .weightDecay)
    }
}
