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
        let point = SweepTask.point(width, seedIndex)
        return group.isLegacy ? point : "\(group.key)-\(point)"
    }

    private static func point(_ width: Int, _ seed: Int) -> String { "h\(width)-s\(seed)" }

    /// Parses a key made by ``key``.
    public init?(key: String) {
        let parts = key.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count >= 6 else { return nil }
        let h = parts[parts.count - 2], s = parts[parts.count - 1]
        guard h.hasPrefix("h"), s.hasPrefix("s"), let w = Int(h.dropFirst()), let seed = Int(s.dropFirst()), w > 0, seed >= 0
        else { return nil }
        guard parts.count > 2 else { self.init(width: w, seedIndex: seed); return }
        // λ and the variant values may contain "-" (e.g. 1e-05): a value runs on until the next
        // part that starts with a letter ("wd…", "dropout…", "beta…", "init…").
        var settings: [String] = []
        for part in parts[3..<(parts.count - 2)] {
            if let first = part.unicodeScalars.first, ("a"..."z").contains(first) || settings.isEmpty {
                settings.append(part)
            } else {
                settings[settings.count - 1] += "-" + part
            }
        }
        guard let decay = settings.first, TaskCatalog.names.contains(parts[0]) || TaskGroup.isValidProgramName(parts[0]),
            let optimizer = OptimizerKind(rawValue: parts[1]), let regularizer = Regularizer(rawValue: parts[2]), decay.hasPrefix("wd"),
            let lambda = Double(decay.dropFirst(2)), lambda.isFinite, lambda >= 0
        else { return nil }
        var variant = TaskVariant()
        for setting in settings.dropFirst() {
            guard let split = setting.firstIndex(where: { !$0.isLetter }), variant.set(setting[..<split], setting[split...]) else { return nil }
        }
        let group = TaskGroup(task: parts[0], optimizer: optimizer, regularizer: regularizer, weightDecay: lambda, variant: variant)
        guard !group.isLegacy, group.key + "-" + SweepTask.point(w, seed) == key else { return nil }  // one canonical spelling; legacy has the short key
        self.init(width: w, seedIndex: seed, group: group)
    }

    public static func < (a: SweepTask, b: SweepTask) -> Bool {
        if a.group != b.group { return a.group < b.group }
        return (a.width, a.seedIndex) < (b.width, b.seedIndex)
    }

    // Legacy tasks encode exactly as before the seam ({"width", "seedIndex"}); the axis values
    // are written only when they are not the defaults.
    private enum CodingKeys: String, CodingKey { case width, seedIndex, task, optimizer, regularizer, weightDecay, dropout, softmaxBeta, initScale }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        width = try c.decode(Int.self, forKey: .width)
        seedIndex = try c.decode(Int.self, forKey: .seedIndex)
        group = TaskGroup(
            task: try c.decodeIfPresent(String.self, forKey: .task) ?? "xor",
            optimizer: try c.decodeIfPresent(OptimizerKind.self, forKey: .optimizer) ?? .gd,
            regularizer: try c.decodeIfPresent(Regularizer.self, forKey: .regularizer) ?? .none,
            weightDecay: try c.decodeIfPresent(Double.self, forKey: .weightDecay) ?? 0,
            variant: TaskVariant(
                dropout: try c.decodeIfPresent(Double.self, forKey: .dropout) ?? 0,
                softmaxBeta: try c.decodeIfPresent(Double.self, forKey: .softmaxBeta) ?? 1,
                initScale: try c.decodeIfPresent(Double.self, forKey: .initScale)))
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
        let v = group.variant
        if v.dropout != 0 { try c.encode(v.dropout, forKey: .dropout) }
        if v.softmaxBeta != 1 { try c.encode(v.softmaxBeta, forKey: .softmaxBeta) }
        try c.encodeIfPresent(v.initScale, forKey: .initScale)
    }
}
