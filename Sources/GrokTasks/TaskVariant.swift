import GrokTraining

/// The values of the grid axes only some tasks read (``TaskAxis``): dropout rate, softmax
/// inverse temperature β and init scale. At their defaults (0, 1, the task's own init) they are
/// invisible: the group's key, streams, wire records and report are those of a grid without them.
public struct TaskVariant: Sendable, Hashable, Comparable {
    /// Dropout probability p of the hidden units while training, in [0, 1).
    public var dropout: Double
    /// β of the softmax P_i = exp(β z_i) / Σ_j exp(β z_j).
    public var softmaxBeta: Double
    /// The init scale; nil means the task's documented default.
    public var initScale: Double?

    public init(dropout: Double = 0, softmaxBeta: Double = 1, initScale: Double? = nil) {
        self.dropout = dropout
        self.softmaxBeta = softmaxBeta
        self.initScale = initScale
    }

    public static let standard = TaskVariant()

    /// The axes off their defaults, in key order: the prefix of keys and records ("dropout",
    /// "beta", "init"), the report's column ("dropout", "softmax_beta", "init_scale"), the value.
    private var offDefault: [(prefix: String, column: String, value: Double)] {
        var result: [(prefix: String, column: String, value: Double)] = []
        if dropout != 0 { result.append(("dropout", "dropout", dropout)) }
        if softmaxBeta != 1 { result.append(("beta", "softmax_beta", softmaxBeta)) }
        if let s = initScale { result.append(("init", "init_scale", s)) }
        return result
    }

    /// The non-default axis values as (prefix, value).
    var settings: [(String, Double)] { offDefault.map { ($0.prefix, $0.value) } }

    /// The non-default axis values as (report column, value): a group's and its runs' rows.
    public var reportColumns: [(String, Double)] { offDefault.map { ($0.column, $0.value) } }

    /// "-dropout0.04-beta2" (empty when standard): the suffix of the group's key.
    var keySuffix: String { settings.map { "-\($0)\(TaskGroup.format($1))" }.joined() }

    /// "|dropout=0.04|beta=2" (empty when standard): appended to the task name in binary records.
    var recordSuffix: String { settings.map { "|\($0)=\(TaskGroup.format($1))" }.joined() }

    /// Sets one axis from its key or record prefix; false when the prefix or value is not valid.
    mutating func set(_ prefix: Substring, _ text: Substring) -> Bool {
        guard let x = Double(text), x.isFinite else { return false }
        switch prefix {
        case "dropout" where x > 0 && x < 1 && dropout == 0: dropout = x
        case "beta" where x > 0 && x != 1 && softmaxBeta == 1: softmaxBeta = x
        case "init" where x > 0 && initScale == nil: initScale = x
        default: return false
        }
        return true
    }

    /// Parses a binary record's task field ("ising|dropout=0.04"): the task name and the variant.
    public static func parseRecordField(_ field: String) -> (task: String, variant: TaskVariant)? {
        let parts = field.split(separator: "|", omittingEmptySubsequences: false)
        var variant = TaskVariant()
        for part in parts.dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, variant.set(kv[0], kv[1]) else { return nil }
        }
        let parsed = (String(parts[0]), variant)
        return field == parsed.0 + variant.recordSuffix ? parsed : nil  // one canonical spelling
    }

    public static func < (a: TaskVariant, b: TaskVariant) -> Bool {
        (a.dropout, a.softmaxBeta, a.initScale ?? 0) < (b.dropout, b.softmaxBeta, b.initScale ?? 0)
    }
}
